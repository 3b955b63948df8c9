import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../platform/config';
import { payloadDataConverter } from '../platform/payload-keys';
import { connectClient, temporalSettings } from '../platform/temporal';
import { rebuildProjection, RebuildRefused, type RebuildProgress, type RebuildSummary } from '../readmodel/rebuild';
import { openCommandReadModel } from './read-model';

/**
 * `npm run readmodel:rebuild [-- --yes] [--concurrency=N] [--force]`: drops the read model's projection (schema
 * `projection`) and recreates it from Temporal, every task's and petition case's state as its workflow holds it
 * (readmodel/rebuild.ts). The records (schema `record`) are left as they are. Duban's workers must be running (they
 * answer the queries); stop the API meanwhile. Without `--yes` it asks first, and refuses when nobody can answer.
 */
const USAGE = 'usage: npm run readmodel:rebuild -- [--yes] [--concurrency=N] [--force]';

async function main(argv: string[]): Promise<number> {
  const yes = argv.includes('--yes') || argv.includes('-y');
  const force = argv.includes('--force');
  const concurrencyArg = argv.find((a) => a.startsWith('--concurrency='));
  const concurrency = concurrencyArg === undefined ? undefined : Number(concurrencyArg.slice('--concurrency='.length));
  const unknown = argv.filter((a) => !['--yes', '-y', '--force'].includes(a) && a !== concurrencyArg);
  if (unknown.length || (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 256))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }

  // Before anything is read or opened.
  if (!yes && !process.stdin.isTTY) {
    process.stderr.write(`refusing to drop the read model's projection without --yes (no terminal to ask)\n${USAGE}\n`);
    return 2;
  }

  const config = loadConfig();
  // The dev server `npm start` runs, unless TEMPORAL_ADDRESS names a cluster (as for the worker and API).
  const address = config.externalTemporal ? undefined : `127.0.0.1:${config.temporalPort}`;
  const { connectionOptions, namespace } = temporalSettings(address);
  const where = `Temporal ${connectionOptions.address ?? 'localhost:7233'} (namespace ${namespace}, task queue ${config.taskQueue})`;

  if (!yes) {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(
      `This drops every projection table of the read model (tasks, 签收, petition cases, screenings) and rebuilds them from ${where}.\n` +
        'Records (org, audit trail, assignments, attestations, evidence, …) are not touched. Duban\'s workers must be running; stop the API first.\n' +
        'Rebuild now? [y/N] ',
    );
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      process.stdout.write('nothing done\n');
      return 1;
    }
  }

  const dataConverter = payloadDataConverter(config.dataDir);
  const client = await connectClient({ address, dataConverter });
  const opened = await openCommandReadModel(config).catch(async (err: unknown) => {
    await client.connection.close();
    throw err;
  });
  process.stdout.write(`rebuilding the projection of ${opened.label} from ${where}\n`);
  try {
    const summary = await rebuildProjection({
      client,
      readModel: opened.readModel,
      taskQueue: config.taskQueue,
      ...(concurrency !== undefined ? { concurrency } : {}),
      force,
      onProgress: progressPrinter(),
    });
    process.stdout.write(report(summary).join('\n') + '\n');
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return summary.failedCount > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof RebuildRefused) {
      process.stderr.write(`refused, nothing changed: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await opened.close();
    await client.connection.close();
  }
}

/** Prints each phase's progress at most once a second, and where each phase ends. */
function progressPrinter(): (p: RebuildProgress) => void {
  let last = 0;
  let phaseStarted = Date.now();
  let phase = '';
  return ({ phase: current, done, total }) => {
    const now = Date.now();
    if (current !== phase) {
      phase = current;
      phaseStarted = now;
    }
    const finished = total > 0 && done === total;
    if (!finished && now - last < 1000) return;
    if (total === 0 && done === 0 && current !== 'preflight') return;
    last = now;
    const seconds = (now - phaseStarted) / 1000;
    const rate = seconds > 0 && done > 0 && total > 1 ? `, ${Math.round(done / seconds)}/s` : '';
    const share = total > 0 ? ` ${done}/${total} (${Math.floor((100 * done) / total)}%${rate})` : '';
    process.stdout.write(`  ${current.padEnd(9)}${share}\n`);
  };
}

function report(s: RebuildSummary): string[] {
  const lines = [
    `rebuilt in ${(s.ms / 1000).toFixed(1)} s from ${s.workflows.unitTasks} task and ${s.workflows.petitionCases} case workflows` +
      (s.workflows.fanOutsRunning ? ` and ${s.workflows.fanOutsRunning} running fan-out(s)` : ''),
    `  tasks ${s.tasks} (not started yet: ${s.unstartedTasks}), 签收 ${s.acknowledgements}, withdrawn ${s.withdrawnTasks}, cases ${s.cases}, screenings ${s.screenings}`,
  ];
  if (s.retentionDays !== undefined) {
    lines.push(`  closed workflows are kept ${s.retentionDays} day(s) in this namespace: work closed before then cannot come back`);
  }
  for (const f of s.failed) lines.push(`  FAILED ${f.workflowId}: ${f.error}`);
  if (s.failedCount > s.failed.length) lines.push(`  … ${s.failedCount - s.failed.length} more failed`);
  const { assignments, tasks, cases, workflows } = s.unrecovered;
  if (assignments.length || tasks.length || cases.length || workflows.length) {
    lines.push('WARNING: the records name work Temporal no longer has (closed past the retention, or deleted):');
    const some = <T>(list: T[], line: (item: T) => string, what: string) => {
      for (const item of list.slice(0, 20)) lines.push(`  ${line(item)}`);
      if (list.length > 20) lines.push(`  … and ${list.length - 20} more ${what} (all in the JSON below)`);
    };
    some(assignments, (a) => `assignment ${a.assignmentId}: ${a.taskCount} task(s) on record, ${a.found} rebuilt`, 'assignments');
    some(tasks, (t) => `task ${t}: in the audit trail, no workflow`, 'tasks');
    some(cases, (c) => `petition case ${c}: on record, no workflow`, 'cases');
    some(workflows, (w) => `workflow ${w}: listed, gone when queried`, 'workflows');
  }
  return lines;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`readmodel:rebuild failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
