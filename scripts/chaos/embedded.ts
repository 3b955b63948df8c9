import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { generateProvinceDemo } from '../../domain/province-demo';
import { startPostgres, type PostgresServer } from '../../platform/postgres-server';
import { issueToken, type TokenSettings } from '../../platform/tokens';
import { ReadModel } from '../../readmodel';
import { apiSpec, PROJECT_ROOT, workerSpec, type DubanEnvironment } from '../cluster/duban-processes';
import { workerPolls } from '../cluster/namespace';
import { startManaged, type ClusterProcess } from '../cluster/process';
import { devServerArgs } from '../temporal/dev-server';
import { INSTALL_HINT, resolveTemporalCli } from '../temporal/binaries';
import { freePort } from '../temporal/processes';
import { checkOneTaskPerUnit, eventually } from './checks';
import { ApiCaller } from './http';
import { DIRECTIVE, fanOutResult, type ScenarioResult } from './scenarios';
import { recoveryOf, Series } from './series';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export interface EmbeddedFaultOptions {
  /** A temporary folder: the dev server's SQLite file, PostgreSQL's data, the processes' logs. */
  dir: string;
  villages: number;
  /** After the POST: kill -9 of the worker, restarted at once. */
  killWorkerAfterSeconds: number;
  /** After the POST: kill -9 of the dev server, restarted at once. */
  killServerAfterSeconds: number;
  bucketSeconds: number;
  /** The longest the fan-out may take to settle after the faults. */
  settleTimeoutSeconds: number;
  log: (line: string) => void;
  /** More environment for the worker and the API (e.g. back-pressure settings). */
  env?: NodeJS.ProcessEnv;
  /** Told of each process as it starts, for a caller that must stop them on a signal. */
  onProcess?: (p: ClusterProcess) => void;
}

/**
 * (e) Issue 15 part 6 on the embedded stack, `npm start`'s engines in processes of their own: the dev server with
 * its SQLite in WAL mode (as `npm start` runs it), PostgreSQL, a worker and an API. One village-level directive to
 * the province, then kill -9 of the worker and, later, of the dev server, each restarted at once. Measured: tasks
 * reaching the read model per second before the faults and after them, how long until that rate is back, and that
 * every unit has exactly one task in Temporal and in the read model.
 */
export async function embeddedFaults(o: EmbeddedFaultOptions): Promise<ScenarioResult> {
  const { log } = o;
  const cli = await resolveTemporalCli();
  if (!cli) throw new Error(`the Temporal CLI (its dev server) is needed. ${INSTALL_HINT}`);
  const stops: Array<() => Promise<unknown>> = [];
  try {
    const postgres: PostgresServer = await startPostgres({ dir: join(o.dir, 'postgres'), port: await freePort() });
    stops.push(() => postgres.stop());
    const port = await freePort();
    const server: ClusterProcess = await startManaged({
      name: 'temporal-dev',
      role: 'temporal',
      command: cli.path,
      args: devServerArgs({ port, uiPort: false, dbFile: join(o.dir, 'temporal.sqlite') }),
      cwd: PROJECT_ROOT,
      env: process.env,
      log: join(o.dir, 'logs', 'temporal.log'),
      ports: [port],
      readyTimeoutMs: 120_000,
    });
    stops.push(() => server.stop());
    o.onProcess?.(server);
    const temporalAddress = `127.0.0.1:${port}`;
    const secret = randomBytes(32);
    const tokens: TokenSettings = { secret: new Uint8Array(secret), issuer: 'duban', audience: 'duban-api' };
    const duban: DubanEnvironment = {
      temporalAddress,
      namespace: 'default',
      taskQueue: 'duban',
      databaseUrl: postgres.url(),
      dataDir: join(o.dir, 'data'),
      extra: { DUBAN_JWT_SECRET: secret.toString('base64'), LOG_LEVEL: 'warn', ...o.env },
    };
    const apiPort = await freePort();
    const [workerStart, apiStart] = await Promise.allSettled([
      startManaged({ ...workerSpec(1, o.dir, duban), ready: (pid) => workerPolls(temporalAddress, 'default', 'duban', pid) }),
      startManaged(apiSpec(1, apiPort, o.dir, duban)),
    ]);
    for (const started of [workerStart, apiStart]) {
      if (started.status === 'fulfilled') {
        stops.push(() => started.value.stop());
        o.onProcess?.(started.value);
      }
    }
    if (workerStart.status === 'rejected') throw workerStart.reason;
    if (apiStart.status === 'rejected') throw apiStart.reason;
    const worker = workerStart.value;
    const api = apiStart.value;
    log(`(e) embedded stack up: dev server pid ${server.pid}, worker pid ${worker.pid}, API pid ${api.pid}`);

    const readModel = await ReadModel.open(postgres.url());
    stops.push(() => readModel.close());
    const connection = await Connection.connect({ address: temporalAddress });
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: 'default' });
    const units = generateProvinceDemo({ villages: o.villages });
    await readModel.org.insertUnits(units);
    const root = await readModel.org.root();
    if (!root) throw new Error('no org root after the import');
    const leader = await issueToken(tokens, { subject: 'chaos/leader', name: 'chaos leader', role: 'leader', unitId: root.id });
    const n = o.villages;

    const t0 = Date.now();
    const settled = new Series(t0).sample(
      async () => Number(await readModel.db.prepare(`SELECT count(*) FROM tasks WHERE directive_id = ? AND version >= 1`).pluck().get(DIRECTIVE)),
      1_000,
    );
    // Not awaited before the faults: a small fan-out answers 201 only once every task has started.
    const posting = new ApiCaller([`http://127.0.0.1:${apiPort}`]).call('POST', '/api/assignments', leader, {
      directiveId: DIRECTIVE,
      scopeUnitId: root.id,
      targetLevel: 'village',
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    void posting.then((answer) => log(`(e) the assignment answered ${answer.status} after ${((Date.now() - t0) / 1000).toFixed(1)}s`));

    await sleep(Math.max(0, t0 + o.killWorkerAfterSeconds * 1000 - Date.now()));
    const workerKilledAt = Date.now();
    worker.kill('SIGKILL');
    log(`(e) kill -9 of the worker at ${((workerKilledAt - t0) / 1000).toFixed(1)}s, ${settled.valueAt(workerKilledAt)}/${n} in the read model`);
    const workerBack = worker.restart().then(() => Date.now());
    await sleep(Math.max(0, t0 + o.killServerAfterSeconds * 1000 - Date.now()));
    const serverKilledAt = Date.now();
    server.kill('SIGKILL');
    log(`(e) kill -9 of the dev server at ${((serverKilledAt - t0) / 1000).toFixed(1)}s, ${settled.valueAt(serverKilledAt)}/${n} in the read model`);
    await server.restart();
    const serverBackAt = Date.now();
    const faultEnd = Math.max(serverBackAt, await workerBack);
    log(`(e) the dev server back (pid ${server.pid}) after ${((serverBackAt - serverKilledAt) / 1000).toFixed(1)}s; worker and server both up at ${((faultEnd - t0) / 1000).toFixed(1)}s`);
    const created = await posting;
    const id = (created.body as { id?: string } | undefined)?.id;
    if ((created.status !== 201 && created.status !== 202) || !id) throw new Error(`the assignment was answered ${created.status}: ${JSON.stringify(created.body).slice(0, 300)}`);

    let lastLog = Date.now();
    await eventually(
      async () => {
        const s = settled.valueAt(Date.now());
        if (Date.now() - lastLog > 15_000) {
          log(`(e) ${s}/${n} in the read model at ${((Date.now() - t0) / 1000).toFixed(1)}s`);
          lastLog = Date.now();
        }
        return s;
      },
      (s) => s >= n,
      o.settleTimeoutSeconds * 1000,
      1_000,
    );
    // A window past the end, so a recovery just before it can be seen whole.
    await sleep(o.bucketSeconds * 1000 + 1_100);
    settled.stop();
    const recovery = recoveryOf(settled, { target: n, faultAt: workerKilledAt, faultEnd, windowMs: o.bucketSeconds * 1000 });
    const tasks = await checkOneTaskPerUnit({ readModel, temporal }, id, n, 180_000);
    log(`(e) checks: read model ${tasks.readModel.tasks} tasks/${tasks.readModel.units} units, Temporal ${tasks.temporal.tasks}/${tasks.temporal.units}`);
    const at = (t: number) => round((t - t0) / 1000);
    return fanOutResult({
      id: 'e',
      name: 'embedded: kill -9 the worker, then the dev server, mid fan-out',
      villages: n,
      settled,
      recovery,
      tasks,
      t0,
      faultAt: workerKilledAt,
      faultEnd,
      bucketSeconds: o.bucketSeconds,
      unexpected5xx: created.status >= 500 ? 1 : 0,
      details: {
        assignmentId: id,
        settledAtWorkerKill: settled.valueAt(workerKilledAt),
        settledAtServerKill: settled.valueAt(serverKilledAt),
        serverKilledAt: at(serverKilledAt),
        serverDownSeconds: round((serverBackAt - serverKilledAt) / 1000),
        allSettledSeconds: recovery.reachedAt !== undefined ? at(recovery.reachedAt) : null,
      },
    });
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}
