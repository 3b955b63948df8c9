import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createApp } from '../api/app';
import { generateProvinceDemo } from '../domain/province-demo';
import { dataConverterFor, loadPayloadKeys } from '../platform/payload-keys';
import { startPostgres, type PostgresServer } from '../platform/postgres-server';
import { issueToken } from '../platform/tokens';
import { connectClient, connectWorker } from '../platform/temporal';
import { ReadModel } from '../readmodel';
import { createWorker } from '../worker/create-worker';
import { CHUNK_SIZE, PARALLEL_CHUNKS } from '../contracts/assignment';
import { freePort } from './temporal/processes';
import { startEmbeddedTemporal } from './temporal/embedded';
import { ensureSearchAttributes } from './temporal/search-attributes';

/**
 * `npm run bench -- --villages N`: the embedded stack (dev server, PostgreSQL, worker, API in one process, as `npm
 * start`) in a throwaway folder, measuring
 *   (a) one directive fanned out to N villages, from the POST until every task workflow has started and the
 *       province summary counts all N;
 *   (b) the baseline: the bare SDK starting N trivial workflows on the same server, as many in flight as the
 *       fan-out keeps (no worker polls that queue, so it is the pure cost of a start);
 *   (c) p50/p99 of the unit summary, the overdue list and a trivial endpoint, over HTTP, at that size;
 *   (d) the overdue list exported as xlsx (台账, every row: a fifth of N), its time and size.
 * The last line of output is one JSON object with the figures.
 */
const { values } = parseArgs({
  options: {
    villages: { type: 'string', default: '16000' },
    requests: { type: 'string', default: '300' },
    keep: { type: 'boolean', default: false },
  },
});
const villages = Number(values.villages);
const requests = Number(values.requests);
if (!Number.isInteger(villages) || villages < 1) throw new Error('--villages must be a positive integer');

const DIRECTIVE = 'pce-13-display-items';
const IN_FLIGHT = PARALLEL_CHUNKS * 50;

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function latency(url: string, n: number, authorization: string): Promise<{ p50: number; p99: number; status: number }> {
  const times: number[] = [];
  let status = 0;
  const init = { headers: { authorization } };
  for (let i = 0; i < 10; i++) await (await fetch(url, init)).arrayBuffer(); // warm-up
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, init);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    status = res.status;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), status };
}

/** Detached, so it would outlive a failed run: stopped on the way out whatever happened. */
let postgres: PostgresServer | undefined;

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  say(`bench: ${villages} villages, data in a temporary folder; starting the dev server…`);
  const embedded = await startEmbeddedTemporal(dir, await freePort(), false);
  const dataConverter = dataConverterFor(loadPayloadKeys(process.env, dir));
  const client = await connectClient({ address: embedded.address, dataConverter });
  await ensureSearchAttributes(client.connection, client.options.namespace);
  // The read model on its own embedded PostgreSQL in the folder, set up as npm start's.
  say('starting PostgreSQL…');
  postgres = await startPostgres({ dir: join(dir, 'postgres'), port: await freePort() });
  const readModel = await ReadModel.open(postgres.url());
  const units = generateProvinceDemo({ villages });
  await readModel.org.insertUnits(units);
  const root = await readModel.org.root();
  if (!root) throw new Error('no org root');
  say(`org: ${units.length} units (${villages} villages) under ${root.name}`);

  const { connection, namespace } = await connectWorker(embedded.address);
  const taskQueue = 'duban-bench';
  const worker = await createWorker({ connection, namespace, taskQueue, readModel, client, dataConverter });
  const running = worker.run();
  const tokens = { secret: new Uint8Array(randomBytes(32)), issuer: 'duban', audience: 'duban-api' };
  const app = createApp({ client, readModel, taskQueue, tokens, writeRateLimit: 100_000, evidence: { dir: join(dir, 'evidence'), maxBytes: 1 } });
  const leader = `Bearer ${await issueToken(tokens, { subject: 'bench/leader', name: 'bench', role: 'leader', unitId: root.id })}`;
  const server: Server = await new Promise((ready) => {
    const s = app.listen(0, '127.0.0.1', () => ready(s));
  });
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  try {
    // (b) first, so the fan-out is measured on the fuller server, not the other way round.
    say(`(b) raw: starting ${villages} trivial workflows, ${IN_FLIGHT} in flight…`);
    const rawStart = performance.now();
    let next = 0;
    let rawDone = 0;
    const ticker = setInterval(() => say(`    ${rawDone}/${villages} started, ${seconds(performance.now() - rawStart)} s`), 5000);
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < villages) {
          const i = next++;
          await client.workflow.start('benchTrivial', { taskQueue: 'duban-bench-raw', workflowId: `bench-raw-${i}`, args: [i] });
          rawDone++;
        }
      }),
    );
    clearInterval(ticker);
    const rawMs = performance.now() - rawStart;
    const rawStartPerSec = villages / (rawMs / 1000);
    say(`    done in ${seconds(rawMs)} s: ${rawStartPerSec.toFixed(0)} starts/s`);

    // (a) the product's fan-out, through its API.
    say(`(a) fan-out: assigning ${DIRECTIVE} to every village of ${root.name} (chunks of ${CHUNK_SIZE}, ${PARALLEL_CHUNKS} at a time)…`);
    const fanStart = performance.now();
    const created = await fetch(`${api}/api/assignments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: leader },
      body: JSON.stringify({ directiveId: DIRECTIVE, scopeUnitId: root.id, targetLevel: 'village', dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }),
    });
    const { id, taskCount } = (await created.json()) as { id: string; taskCount: number };
    if (created.status >= 300 || taskCount !== villages) throw new Error(`assignment answered ${created.status}, ${taskCount} tasks`);
    say(`    POST answered ${created.status} after ${seconds(performance.now() - fanStart)} s (recorded ${taskCount} tasks)`);
    for (;;) {
      const a = (await (await fetch(`${api}/api/assignments/${id}`, { headers: { authorization: leader } })).json()) as { fanOut: { started?: number; complete: boolean } };
      if (a.fanOut.complete) break;
      say(`    ${a.fanOut.started ?? 0}/${taskCount} task workflows started, ${seconds(performance.now() - fanStart)} s`);
      await new Promise((r) => setTimeout(r, 3000));
    }
    const summary = (await (await fetch(`${api}/api/units/${root.id}/summary?directiveId=${DIRECTIVE}`, { headers: { authorization: leader } })).json()) as { totals: { total: number } };
    if (summary.totals.total !== villages) throw new Error(`summary counts ${summary.totals.total}, not ${villages}`);
    const fanMs = performance.now() - fanStart;
    const fanoutPerSec = villages / (fanMs / 1000);
    say(`    every task started and counted in ${seconds(fanMs)} s: ${fanoutPerSec.toFixed(0)} tasks/s`);

    // The started tasks each run their first workflow task and project themselves; measure the reports once the
    // worker is through that, so the figures are the steady state rather than the tail of the fan-out.
    const settleStart = performance.now();
    for (;;) {
      const settled = (await readModel.db.prepare('SELECT count(*) FROM tasks WHERE assignment_id = ? AND version >= 1').pluck().get(id)) as number;
      if (settled === villages) break;
      say(`    ${settled}/${villages} tasks have run their first workflow task, ${seconds(performance.now() - settleStart)} s`);
      await new Promise((r) => setTimeout(r, 5000));
    }
    const settleMs = performance.now() - settleStart;

    // (c) report latency. A fifth of the tasks are set overdue in the read model (as their timers would), so the
    // overdue list has real content to page through: every fifth in id order.
    const { changes: marked } = await readModel.db
      .prepare(
        `UPDATE tasks SET status = 'overdue', overdue_at = due_at, version = version + 1
         WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM tasks WHERE assignment_id = ?) AS numbered WHERE n % 5 = 0)`,
      )
      .run(id);
    say(`(c) latency, ${requests} sequential requests each (${marked} tasks set overdue for the overdue list)…`);
    const summaryLat = await latency(`${api}/api/units/${root.id}/summary`, requests, leader);
    const overdueLat = await latency(`${api}/api/overdue?scopeUnitId=${root.id}&limit=50`, requests, leader);
    const trivialLat = await latency(`${api}/api/catalog/${DIRECTIVE}`, requests, leader);
    for (const [name, l] of [['summary', summaryLat], ['overdue', overdueLat], ['trivial', trivialLat]] as const) {
      if (l.status !== 200) throw new Error(`${name} answered ${l.status}`);
    }

    // (d) the 台账 export of the whole overdue list, as a supervisor downloads it.
    const exportStart = performance.now();
    const exported = await fetch(`${api}/api/overdue?scopeUnitId=${root.id}&format=xlsx`, { headers: { authorization: leader } });
    const xlsxBytes = (await exported.arrayBuffer()).byteLength;
    const xlsxMs = performance.now() - exportStart;
    if (exported.status !== 200) throw new Error(`the xlsx export answered ${exported.status}`);
    say(`(d) overdue list as xlsx: ${Math.min(marked, 10_000)} rows, ${(xlsxBytes / 1024).toFixed(0)} KiB in ${seconds(xlsxMs)} s`);

    const ratio = fanoutPerSec / rawStartPerSec;
    const f = (n: number) => n.toFixed(1).padStart(9);
    say('');
    say(`| measure                                   |     value | target    |`);
    say(`|-------------------------------------------|-----------|-----------|`);
    say(`| villages                                  | ${String(villages).padStart(9)} |           |`);
    say(`| (a) fan-out, tasks/s                      | ${f(fanoutPerSec)} |           |`);
    say(`| (b) raw SDK starts/s                      | ${f(rawStartPerSec)} |           |`);
    say(`| fan-out / raw                             | ${ratio.toFixed(2).padStart(9)} | ≥ 0.80 ${ratio >= 0.8 ? '✓' : '✗'}  |`);
    say(`| tasks' first run settled after, s         | ${f(settleMs / 1000)} |           |`);
    say(`| (c) unit summary p50 / p99, ms            | ${f(summaryLat.p50)} | p99 ≤ 50 ${summaryLat.p99 <= 50 ? '✓' : '✗'}|`);
    say(`|                                           | ${f(summaryLat.p99)} |           |`);
    say(`|     overdue list p50 / p99, ms            | ${f(overdueLat.p50)} | p99 ≤ 50 ${overdueLat.p99 <= 50 ? '✓' : '✗'}|`);
    say(`|                                           | ${f(overdueLat.p99)} |           |`);
    say(`|     trivial endpoint p50 / p99, ms        | ${f(trivialLat.p50)} |           |`);
    say(`|                                           | ${f(trivialLat.p99)} |           |`);
    say(`| (d) overdue xlsx export (${String(Math.min(marked, 10_000)).padStart(5)} rows), ms  | ${f(xlsxMs)} |           |`);
    say(`|     its size, KiB                         | ${f(xlsxBytes / 1024)} |           |`);
    say('');
    say(
      JSON.stringify({
        villages,
        fanoutSeconds: Number(seconds(fanMs)),
        fanoutPerSec: Math.round(fanoutPerSec),
        rawSeconds: Number(seconds(rawMs)),
        rawStartPerSec: Math.round(rawStartPerSec),
        fanoutRatio: Number(ratio.toFixed(3)),
        settleSeconds: Number(seconds(settleMs)),
        summaryP50Ms: Number(summaryLat.p50.toFixed(1)),
        summaryP99Ms: Number(summaryLat.p99.toFixed(1)),
        overdueP50Ms: Number(overdueLat.p50.toFixed(1)),
        overdueP99Ms: Number(overdueLat.p99.toFixed(1)),
        trivialP50Ms: Number(trivialLat.p50.toFixed(1)),
        trivialP99Ms: Number(trivialLat.p99.toFixed(1)),
        xlsxRows: Math.min(marked, 10_000),
        xlsxMs: Math.round(xlsxMs),
        xlsxBytes,
      }),
    );
  } finally {
    server.close();
    worker.shutdown();
    await running;
    await readModel.close();
    await client.connection.close();
    await connection.close();
    await embedded.stop();
    await postgres.stop();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(async (err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  await postgres?.stop().catch(() => undefined);
  process.exit(1);
});
