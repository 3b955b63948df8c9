import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { benchStack, type StackFigures } from './bench/measure';
import { sideBySide } from './bench/report';
import { startClusterStack, startEmbeddedStack, type BenchStack, type StackName } from './bench/stacks';
import { LoadSampler, say } from './bench/stats';

/**
 * `npm run bench -- [--stack embedded|cluster|both] --villages N`: a generated province of N villages on
 *   embedded  the stack of `npm start` (dev server, PostgreSQL, one worker and the API in this process), or
 *   cluster   the stack of `npm run cluster` (PostgreSQL, Temporal in two server processes, 2 workers, 2 APIs) in a
 *             temporary folder, stopped at the end whatever happened,
 * measuring on each, in one run: the bare SDK's start rate on the same server; one directive fanned out to every
 * village with the fan-out limit the deployment runs and again with the limiter off, each as a ratio of the raw rate,
 * with the time from the last start until every task's first state is in the read model (settle); the unit summary,
 * overdue list and a trivial endpoint (p50/p99) at N tasks and, with --extra-tasks, with that many more rows; the
 * overdue list as xlsx; bare Workflow Updates and step completions through the API at 32 concurrent clients.
 * `both` runs embedded, then cluster, and prints one table side by side. The last line of output is one JSON object.
 */
const { values } = parseArgs({
  options: {
    stack: { type: 'string', default: 'embedded' },
    villages: { type: 'string', default: '16000' },
    requests: { type: 'string', default: '300' },
    completions: { type: 'string', default: '320' },
    clients: { type: 'string', default: '32' },
    'extra-tasks': { type: 'string', default: '0' },
    'settle-timeout': { type: 'string', default: '3600' },
    keep: { type: 'boolean', default: false },
  },
});
const whole = (name: string, value: string, min = 1) => {
  const v = Number(value);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return v;
};
const stacks: StackName[] = values.stack === 'both' ? ['embedded', 'cluster'] : values.stack === 'cluster' ? ['cluster'] : values.stack === 'embedded' ? ['embedded'] : [];
if (stacks.length === 0) throw new Error('--stack is embedded, cluster or both');
const options = {
  villages: whole('villages', values.villages),
  requests: whole('requests', values.requests),
  completions: whole('completions', values.completions),
  clients: whole('clients', values.clients),
  extraTasks: whole('extra-tasks', values['extra-tasks'], 0),
  settleTimeoutMs: whole('settle-timeout', values['settle-timeout']) * 1000,
};

let current: BenchStack | undefined;

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const load = new LoadSampler();
  say(`bench: ${stacks.join(' then ')}, ${options.villages} villages; ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const updateBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./bench/update-workflow'), logger: new DefaultLogger('WARN') });
  const figures: StackFigures[] = [];
  for (const name of stacks) {
    const begun = performance.now();
    current = name === 'embedded' ? await startEmbeddedStack(values.keep) : await startClusterStack(values.keep);
    try {
      figures.push(await benchStack(current, options, updateBundle));
    } finally {
      say(`[${name}] stopping…`);
      await current.stop();
      current = undefined;
    }
    say(`[${name}] done in ${((performance.now() - begun) / 1000).toFixed(0)} s`);
  }
  const loadDuring = load.stop();
  say('');
  for (const line of sideBySide(figures)) say(line);
  say(`load average (1 min) during the run: mean ${loadDuring.mean}, max ${loadDuring.max} on ${cpus().length} cores`);
  say('');
  say(JSON.stringify({ villages: options.villages, cores: cpus().length, loadAverage: loadDuring, stacks: Object.fromEntries(figures.map((f) => [f.stack, f])) }));
}

const bail = async (code: number) => {
  await current?.stop().catch(() => undefined);
  process.exit(code);
};
process.once('SIGINT', () => void bail(130));
process.once('SIGTERM', () => void bail(143));

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    await bail(1);
  },
);
