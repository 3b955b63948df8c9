import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import pino from 'pino';
import { createApp } from '../../api/app';
import { overdueTasks, unitSummary } from '../../api/reports';
import { DEFAULT_LIGHT_THRESHOLDS } from '../../domain/lights';
import { generateProvinceDemo } from '../../domain/province-demo';
import { startPostgres } from '../../platform/postgres-server';
import { issueToken, type TokenSettings } from '../../platform/tokens';
import { ReadModel, type StoredUnit } from '../../readmodel';
import { freePort } from '../temporal/processes';
import { latency, percentile, round, say, seconds } from './stats';

/**
 * `npx tsx scripts/bench/latency-probe.ts [villages] [sizes] [requests] [--explain]`: the unit summary and the overdue
 * list against the trivial endpoint, without Temporal (reads need none). On its own PostgreSQL: a generated province
 * of `villages` (16,000 by default), then task rows written by SQL as the projection would hold them — assignments of
 * village-level directives over every village, some past their deadline, tasks open, overdue (timer written or not),
 * done on time or late, part-way through their steps, 签收 acknowledged or pending — up to each size in `sizes`
 * (comma separated, 16000,100000 by default). At each size: p50/p99 of the three endpoints over HTTP through the
 * real app (a leader at the root), of the read-model calls behind them in-process, the statements one request runs
 * (round trips and time each), and with --explain their EXPLAIN ANALYZE. Read-only for the product.
 */

interface Ran {
  text: string;
  values: unknown[];
  ms: number;
  rows: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const explain = process.argv.includes('--explain');
  const villages = Number(args[0] ?? 16_000);
  const sizes = (args[1] ?? '16000,100000').split(',').map(Number);
  const requests = Number(args[2] ?? 200);
  const dir = mkdtempSync(join(tmpdir(), 'duban-latency-'));
  // Durable settings as `npm start` runs it: writes are the projection's business, reads are what is measured here.
  const postgres = await startPostgres({ dir: join(dir, 'postgres'), port: await freePort() });
  let server: Server | undefined;
  try {
    const readModel = await ReadModel.open(postgres.url());
    const ran = traceStatements(readModel);
    await readModel.org.insertUnits(generateProvinceDemo({ villages }));
    const root = (await readModel.org.root()) as StoredUnit;
    const tokens: TokenSettings = { secret: new Uint8Array(randomBytes(32)), issuer: 'duban', audience: 'duban-api' };
    // Reads need no Temporal client: nothing on these routes touches it.
    const app = createApp({
      logger: pino({ level: 'warn' }),
      client: undefined as unknown as Client,
      readModel,
      taskQueue: 'unused',
      tokens,
      evidence: { dir: join(dir, 'evidence'), maxBytes: 1 },
    });
    server = await new Promise<Server>((ready) => {
      const s = app.listen(0, '127.0.0.1', () => ready(s));
    });
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const leader = `Bearer ${await issueToken(tokens, { subject: 'probe/leader', name: 'probe', role: 'leader', unitId: root.id })}`;
    const trivialId = 'pce-13-display-items';
    const urls = {
      summary: `${api}/api/units/${root.id}/summary`,
      overdue: `${api}/api/overdue?scopeUnitId=${root.id}&limit=50`,
      trivial: `${api}/api/catalog/${trivialId}`,
    };

    const table: string[] = [];
    let assignments = 0;
    for (const size of sizes) {
      const t0 = performance.now();
      assignments = await fillTo(readModel, size, assignments);
      await readModel.db.exec('VACUUM ANALYZE');
      const tasks = (await readModel.db.prepare('SELECT count(*) FROM tasks').pluck().get()) as number;
      say(`${tasks} tasks in ${assignments} assignments (${seconds(performance.now() - t0)} s to write)`);

      const http = {
        summary: await latency(urls.summary, requests, leader),
        overdue: await latency(urls.overdue, requests, leader),
        trivial: await latency(urls.trivial, requests, leader),
      };
      const now = Date.now();
      const calls = {
        summary: await timed(requests, () => unitSummary(readModel, root, {}, now, DEFAULT_LIGHT_THRESHOLDS)),
        overdue: await timed(requests, () => overdueTasks(readModel, root, { now, limit: 50, offset: 0 })),
        trivial: await timed(requests, () => readModel.directives.current(trivialId)),
      };
      for (const name of ['summary', 'overdue', 'trivial'] as const) {
        const h = http[name];
        const c = calls[name];
        const ratio = name === 'trivial' ? '' : ` = ${round(h.p99 / http.trivial.p99)}× trivial`;
        table.push(`${String(tasks).padStart(7)}  ${name.padEnd(8)} HTTP p50 ${h.p50} p99 ${h.p99} ms (status ${h.status})${ratio}; read model p50 ${c.p50} p99 ${c.p99} ms`);
      }
      for (const [name, url] of Object.entries(urls)) {
        ran.length = 0;
        await (await fetch(url, { headers: { authorization: leader } })).arrayBuffer();
        const total = ran.reduce((s, r) => s + r.ms, 0);
        say(`  ${name}: ${ran.length} statements, ${round(total)} ms in them`);
        for (const r of [...ran].sort((a, b) => b.ms - a.ms).slice(0, 6)) {
          say(`    ${String(round(r.ms)).padStart(7)} ms ${String(r.rows).padStart(6)} rows  ${r.text.replace(/\s+/g, ' ').slice(0, 150)}`);
        }
        if (explain) {
          for (const r of ran.filter((x) => x.ms >= 1)) {
            const plan = (await readModel.db.runner().query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${r.text}`, values: r.values })) as pg.QueryResult;
            say(`\n  EXPLAIN ANALYZE ${r.text.replace(/\s+/g, ' ').slice(0, 200)}`);
            for (const row of plan.rows as Array<Record<string, string>>) say(`    ${Object.values(row)[0]}`);
          }
        }
      }
    }
    say(`\nvillages ${villages}, ${requests} sequential requests each after 10 of warm-up:`);
    for (const line of table) say(line);
    await readModel.close();
  } finally {
    server?.close();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every statement the read model runs, with its parameters, its time and how many rows it gave, kept in `ran`. */
function traceStatements(readModel: ReadModel): Ran[] {
  const ran: Ran[] = [];
  const runner = readModel.db.runner.bind(readModel.db);
  readModel.db.runner = () => {
    const inner = runner();
    return new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
        return async (config: pg.QueryConfig | string, values?: unknown[]) => {
          const t0 = performance.now();
          const result = (await (target.query as (c: unknown, v?: unknown) => Promise<pg.QueryResult>)(config, values)) as pg.QueryResult;
          const text = typeof config === 'string' ? config : config.text;
          const vals = typeof config === 'string' ? (values ?? []) : (config.values ?? []);
          ran.push({ text, values: vals, ms: performance.now() - t0, rows: result.rowCount ?? 0 });
          return result;
        };
      },
    });
  };
  return ran;
}

async function timed(n: number, call: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 10; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Assignments of village-level directives over every village until `size` task rows exist, each task's state by its
 * place in the assignment: of ten, three done (one of them late), three part-way, four not started; every fourth
 * assignment is past its deadline (its pending tasks overdue, half with the timer's write); seven of ten 签收
 * acknowledged (some late), the rest pending. Returns how many assignments there are.
 */
async function fillTo(readModel: ReadModel, size: number, from: number): Promise<number> {
  const directives = await readModel.directives.published({ level: 'village' });
  const root = (await readModel.org.root()) as StoredUnit;
  const now = Date.now();
  let a = from;
  for (;;) {
    const have = (await readModel.db.prepare('SELECT count(*) FROM tasks').pluck().get()) as number;
    if (have >= size) return a;
    const directive = directives[a % directives.length] as (typeof directives)[number];
    const id = `probe-${a}`;
    const createdAt = now - (20 + a) * DAY;
    const dueAt = a % 4 === 0 ? now - 2 * DAY : now + (10 + a) * DAY;
    const steps = JSON.stringify(directive.steps.map((s) => ({ id: s.id, title: s.title.zh })));
    const stepsDone = JSON.stringify(directive.steps.map((s) => ({ id: s.id, title: s.title.zh, completedAt: createdAt + DAY, completedBy: 'probe', note: '已完成' })));
    const total = directive.steps.length;
    await readModel.db.transaction(async () => {
      await readModel.db
        .prepare(
          `INSERT INTO assignments (id, directive_id, scope_unit_id, target_level, due_at, created_at, task_count, directive_version)
           VALUES (?, ?, ?, 'village', ?, ?, (SELECT count(*) FROM org_units WHERE level = 'village'), ?)`,
        )
        .run(id, directive.id, root.id, dueAt, createdAt, directive.version);
      await readModel.db
        .prepare(
          `INSERT INTO tasks (id, assignment_id, directive_id, unit_id, unit_path, status, late, created_at, due_at, overdue_at,
             done_at, steps_total, steps_done, steps_json, version, detail_json, review_ends_at, started)
           SELECT @id || ':' || v.id, @id, @directiveId, v.id, v.path,
             CASE WHEN v.n % 10 < 3 THEN 'done' WHEN @dueAt::bigint < @now::bigint AND v.n % 2 = 0 THEN 'overdue' ELSE 'open' END,
             CASE WHEN v.n % 10 = 0 THEN 1 ELSE 0 END, @createdAt::bigint, @dueAt::bigint,
             CASE WHEN v.n % 10 >= 3 AND @dueAt::bigint < @now::bigint AND v.n % 2 = 0 THEN @dueAt::bigint END,
             CASE WHEN v.n % 10 = 0 THEN @dueAt::bigint + ${HOUR} WHEN v.n % 10 < 3 THEN @createdAt::bigint + ${5 * DAY} END,
             @total::int, CASE WHEN v.n % 10 < 3 THEN @total::int WHEN v.n % 10 < 6 THEN GREATEST(@total::int - 1, 0) ELSE 0 END,
             CASE WHEN v.n % 10 < 3 THEN @stepsDone ELSE @steps END, 3,
             '{"extensions":[],"urges":[],"returns":[],"acknowledgement":{"state":"acknowledged"}}',
             CASE WHEN v.n % 10 < 3 THEN @createdAt::bigint + ${12 * DAY} END, 1
           FROM (SELECT id, path, row_number() OVER (ORDER BY path) AS n FROM org_units WHERE level = 'village') v`,
        )
        .run({ id, directiveId: directive.id, dueAt, now, createdAt, total, steps, stepsDone });
      await readModel.db
        .prepare(
          `INSERT INTO task_acknowledgements (task_id, assignment_id, directive_id, unit_id, unit_path, state, created_at,
             acknowledge_by, acknowledged_at, version)
           SELECT t.id, t.assignment_id, t.directive_id, t.unit_id, t.unit_path,
             CASE WHEN n % 10 < 7 THEN 'acknowledged' ELSE 'pending' END, t.created_at, t.created_at + ${DAY},
             CASE WHEN n % 10 < 7 THEN t.created_at + (n % 10) * ${6 * HOUR} END, 3
           FROM (SELECT *, row_number() OVER (ORDER BY unit_path) AS n FROM tasks WHERE assignment_id = ?) t`,
        )
        .run(id);
    });
    a++;
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
