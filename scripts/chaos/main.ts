import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopCluster } from '../cluster/cluster';
import { provisionTemporalServer } from '../cluster/server-binaries';
import { rateLine, summary, table } from './report';
import { FULL_OPTIONS, historyKill, postgresRestart, temporalOutage, workerKillMidFanOut, type ScenarioOptions, type ScenarioResult, type Shared } from './scenarios';
import { startChaosEnv, type ChaosEnv } from './setup';
import { embeddedFaults } from './embedded';
import type { ClusterProcess } from '../cluster/process';

/**
 * `npm run chaos`: its own cluster (PostgreSQL, Temporal in two server processes, two workers, two APIs) in a
 * temporary folder, an org of --villages generated villages, then the faults of issue 15 one after the other:
 * (a) kill -9 a worker mid fan-out, (b) kill -9 Temporal's history process under completing clients, (c) restart
 * PostgreSQL under them, (d) Temporal's frontend away for --outage seconds. It prints a table, a rate-over-time
 * line per scenario and, last, one JSON object; it stops everything it started, also on failure or Ctrl-C.
 *
 * `npm run chaos -- --stack embedded`: instead `npm start`'s engines as processes of their own (the dev server,
 * PostgreSQL, a worker, an API) and (e): kill -9 of the worker 25 s into the fan-out and of the dev server 45 s in,
 * both restarted at once.
 */
const USAGE =
  'usage: npm run chaos -- [--stack cluster|embedded] [--villages N] [--outage SECONDS] [--clients N] [--warmup SECONDS] [--only abcd] [--keep]';

const { values } = parseArgs({
  options: {
    stack: { type: 'string', default: 'cluster' },
    villages: { type: 'string', default: '20000' },
    outage: { type: 'string', default: String(FULL_OPTIONS.outageSeconds) },
    clients: { type: 'string', default: String(FULL_OPTIONS.clients) },
    warmup: { type: 'string', default: String(FULL_OPTIONS.warmupSeconds) },
    only: { type: 'string', default: 'abcd' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const positive = (name: string, value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number\n${USAGE}`);
  return n;
};

const log = (line: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const say = (line: string) => process.stdout.write(`${line}\n`);

let dir: string | undefined;
let stopping: Promise<void> | undefined;
/** The embedded stack's processes (detached, so they outlive a Ctrl-C unless stopped). */
const embeddedProcesses: ClusterProcess[] = [];
/** Stops the cluster (every process it recorded) and removes its folder unless --keep. */
function cleanUp(): Promise<void> {
  stopping ??= (async () => {
    await Promise.all(embeddedProcesses.map((p) => p.stop().catch(() => undefined)));
    if (!dir) return;
    await stopCluster(dir, (line) => log(`[cluster] ${line}`)).catch((err: unknown) => log(`stopping the cluster failed: ${String(err)}`));
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping what was started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  if (values.help) {
    say(USAGE);
    return;
  }
  const villages = positive('villages', values.villages);
  const options: ScenarioOptions = {
    ...FULL_OPTIONS,
    outageSeconds: positive('outage', values.outage),
    clients: positive('clients', values.clients),
    warmupSeconds: positive('warmup', values.warmup),
  };
  if (values.stack !== 'cluster' && values.stack !== 'embedded') throw new Error(`--stack must be cluster or embedded\n${USAGE}`);
  const only = new Set(values.only.split(''));
  const started = Date.now();
  if (values.stack === 'embedded') {
    await runEmbedded(villages, started);
    return;
  }
  await provisionTemporalServer();
  dir = mkdtempSync(join(tmpdir(), 'duban-chaos-'));
  log(`${villages} villages; the cluster in a temporary folder`);
  let env: ChaosEnv | undefined;
  const results: ScenarioResult[] = [];
  try {
    env = await startChaosEnv({ dir, villages, log });
    log(`cluster up in ${env.cluster.totalSeconds.toFixed(1)}s`);
    const shared: Shared = {};
    // (a) makes the assignment whose tasks the others complete steps of: it always runs.
    results.push(await workerKillMidFanOut(env, options, shared));
    if (only.has('b')) results.push(await historyKill(env, options, shared));
    if (only.has('c')) results.push(await postgresRestart(env, options, shared));
    if (only.has('d')) results.push(await temporalOutage(env, options, shared));
  } finally {
    await env?.close();
    await cleanUp();
  }
  say('');
  say(table(results));
  say('');
  for (const r of results) say(rateLine(r));
  say('');
  say(JSON.stringify(summary(results, { villages, clients: options.clients, outageSeconds: options.outageSeconds, totalSeconds: Math.round((Date.now() - started) / 1000) })));
}

/** (e): the embedded stack's fault, part 6 of issue 15, alone (its own processes in a temporary folder). */
async function runEmbedded(villages: number, started: number): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'duban-chaos-embedded-'));
  log(`${villages} villages; the embedded stack in a temporary folder`);
  let result: ScenarioResult;
  try {
    result = await embeddedFaults({ dir: folder, villages, onProcess: (p) => embeddedProcesses.push(p), killWorkerAfterSeconds: 25, killServerAfterSeconds: 45, bucketSeconds: 10, settleTimeoutSeconds: Math.max(1_800, villages / 5), log });
  } finally {
    if (!values.keep) rmSync(folder, { recursive: true, force: true });
    else log(`kept ${folder}`);
  }
  say('');
  say(table([result]));
  say('');
  say(rateLine(result));
  say('');
  say(JSON.stringify(summary([result], { stack: 'embedded', villages, totalSeconds: Math.round((Date.now() - started) / 1000) })));
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    process.stderr.write(`chaos failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    await cleanUp();
    process.exit(1);
  },
);
