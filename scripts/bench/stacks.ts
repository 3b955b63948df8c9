import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, type Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { dataConverterFor, loadPayloadKeys } from '../../platform/payload-keys';
import { startPostgres, type PostgresServer } from '../../platform/postgres-server';
import type { TokenSettings } from '../../platform/tokens';
import { connectClient, connectWorker } from '../../platform/temporal';
import { DEFAULT_WORKER_LIMITS, type WorkerLimits } from '../../platform/worker-limits';
import { ReadModel } from '../../readmodel';
import { createWorker } from '../../worker/create-worker';
import { bundleProductWorkflows } from '../../worker/workflow-bundle';
import { startCluster, type Cluster } from '../cluster/cluster';
import { workerSpec } from '../cluster/duban-processes';
import { workerPolls } from '../cluster/namespace';
import { freeBasePort } from '../cluster/ports';
import { startManaged, type ClusterProcess } from '../cluster/process';
import { readState, writeState } from '../cluster/state';
import { freePort } from '../temporal/processes';
import { startEmbeddedTemporal } from '../temporal/embedded';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { say } from './stats';

export type StackName = 'embedded' | 'cluster';

/** What a measurement needs of a stack, whichever it is. */
export interface BenchStack {
  name: StackName;
  temporalAddress: string;
  /** The bench's own client, with the payload encryption the stack's workers use. */
  client: Client;
  dataConverter: DataConverter;
  /** The stack's read model, opened by the bench. */
  readModel: ReadModel;
  /** Base URLs of the stack's APIs. */
  apis: string[];
  tokens: TokenSettings;
  /** duban workers polling the product's task queue. */
  workers: number;
  /** Each worker's limits as the deployment runs them (platform/worker-limits.ts and the DUBAN_* variables). */
  limits: WorkerLimits;
  /** Every worker's fan-out start rate from now on (0: no limit); restarts the workers. */
  setFanOutRate(startsPerSecond: number): Promise<void>;
  stop(): Promise<void>;
}

/** The product's workflows bundled once for both stacks' in-process workers (the cluster's bundle their own). */
let productBundle: Promise<{ code: string }> | undefined;
const bundle = () => (productBundle ??= bundleProductWorkflows());

const newTokenSettings = (): TokenSettings => ({ secret: new Uint8Array(randomBytes(32)), issuer: 'duban', audience: 'duban-api' });

/**
 * The embedded stack, as `npm start` runs it: the dev server, PostgreSQL, one worker and the API, the worker and
 * the API in this process.
 */
export async function startEmbeddedStack(keep: boolean): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  say('embedded: starting the dev server…');
  const embedded = await startEmbeddedTemporal(dir, await freePort(), false);
  let postgres: PostgresServer | undefined;
  try {
    const dataConverter = dataConverterFor(loadPayloadKeys(process.env, dir));
    const client = await connectClient({ address: embedded.address, dataConverter });
    await ensureSearchAttributes(client.connection, client.options.namespace);
    say('embedded: starting PostgreSQL…');
    postgres = await startPostgres({ dir: join(dir, 'postgres'), port: await freePort() });
    const readModel = await ReadModel.open(postgres.url());
    const { connection, namespace } = await connectWorker(embedded.address);
    const taskQueue = 'duban-bench';
    const workflowBundle = await bundle();
    const limits = DEFAULT_WORKER_LIMITS;
    let worker: Worker | undefined;
    let running: Promise<void> | undefined;
    const startWorker = async (l: WorkerLimits) => {
      worker = await createWorker({ connection, namespace, taskQueue, readModel, client, dataConverter, workflowBundle, limits: l });
      running = worker.run();
    };
    await startWorker(limits);
    const tokens = newTokenSettings();
    // The API's request log at warn: one info line per request would bury the bench's own output.
    const app = createApp({ logger: pino({ level: 'warn' }), client, readModel, taskQueue, tokens, writeRateLimit: 100_000, anonymousWriteRateLimit: 100_000, evidence: { dir: join(dir, 'evidence'), maxBytes: 1 } });
    const server: Server = await new Promise((ready) => {
      const s = app.listen(0, '127.0.0.1', () => ready(s));
    });
    const pg = postgres;
    return {
      name: 'embedded',
      temporalAddress: embedded.address,
      client,
      dataConverter,
      readModel,
      apis: [`http://127.0.0.1:${(server.address() as AddressInfo).port}`],
      tokens,
      workers: 1,
      limits,
      async setFanOutRate(startsPerSecond) {
        worker?.shutdown();
        await running;
        await startWorker({ ...limits, fanOut: { ...limits.fanOut, startsPerSecond } });
      },
      async stop() {
        server.close();
        worker?.shutdown();
        await running?.catch(() => undefined);
        await readModel.close();
        await client.connection.close();
        await connection.close();
        await embedded.stop();
        await pg.stop();
        if (!keep) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await postgres?.stop().catch(() => undefined);
    await embedded.stop().catch(() => undefined);
    throw err;
  }
}

/**
 * The cluster of `npm run cluster` (PostgreSQL, Temporal in two server processes, 2 duban workers, 2 APIs) in a
 * temporary folder on a free range of ports, stopped by stop() whatever happened. The bench reaches it as any client
 * would: Temporal at its address, the read model at its database URL, the APIs over HTTP with tokens signed by the
 * secret it gave them.
 */
export async function startClusterStack(keep: boolean): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-cluster-'));
  const dataDir = join(dir, 'data');
  const tokens = newTokenSettings();
  // The same keys for the bench and every process of the cluster: made in the cluster's data folder first.
  const dataConverter = dataConverterFor(loadPayloadKeys(process.env, dataDir));
  const env: NodeJS.ProcessEnv = {
    DUBAN_JWT_SECRET: Buffer.from(tokens.secret).toString('base64'),
    DUBAN_WRITE_RATE_LIMIT: '100000',
    DUBAN_ANONYMOUS_WRITE_RATE_LIMIT: '100000',
    LOG_LEVEL: 'warn',
  };
  const log = (line: string) => say(`cluster: ${line}`);
  let cluster: Cluster | undefined;
  const extraWorkers: ClusterProcess[] = [];
  const stopAll = async () => {
    await Promise.all(extraWorkers.map((w) => w.stop().catch(() => undefined)));
    if (cluster) await cluster.stop();
    else await (await import('../cluster/state')).stopCluster(dir);
  };
  try {
    say('cluster: starting (PostgreSQL, Temporal frontend and history processes, 2 workers, 2 APIs)…');
    cluster = await startCluster({ dir, basePort: await freeBasePort(2), workers: 2, apis: 2, env, log: (line) => (/done in|failed|stopped/.test(line) ? log(line) : undefined) });
    const c = cluster;
    const client = await connectClient({ address: c.temporalAddress, dataConverter });
    const readModel = await ReadModel.open(c.databaseUrl);
    let workers: ClusterProcess[] = c.workers;
    const limits = DEFAULT_WORKER_LIMITS;
    return {
      name: 'cluster',
      temporalAddress: c.temporalAddress,
      client,
      dataConverter,
      readModel,
      apis: c.apis.map((a) => `http://127.0.0.1:${a.ports[0]}`),
      tokens,
      workers: c.workers.length,
      limits,
      async setFanOutRate(startsPerSecond) {
        // A process's environment is fixed when it starts: the workers are replaced by as many with the new rate, and
        // the replacements recorded in cluster.json, so `npm run cluster -- stop` would find them too.
        await Promise.all(workers.map((w) => w.stop()));
        const duban = { temporalAddress: c.temporalAddress, namespace: c.namespace, taskQueue: c.taskQueue, databaseUrl: c.databaseUrl, dataDir, extra: { ...env, DUBAN_FANOUT_STARTS_PER_SECOND: String(startsPerSecond) } };
        const generation = extraWorkers.length / c.workers.length + 2;
        workers = await Promise.all(
          c.workers.map(async (_, i) => {
            const spec = workerSpec(i + 1, dir, duban);
            const name = `${spec.name}-${generation}`;
            const record = () => {
              const state = readState(dir);
              if (!state) return;
              const others = state.processes.filter((p) => p.name !== name);
              writeState(dir, { ...state, processes: [...others, { name, role: 'worker', pid: handle?.pid ?? null, command: spec.command, ports: [], log: spec.log }] });
            };
            let handle: ClusterProcess | undefined;
            handle = await startManaged({ ...spec, name, ready: (pid) => workerPolls(c.temporalAddress, c.namespace, c.taskQueue, pid), onChange: () => record() });
            record();
            extraWorkers.push(handle);
            return handle;
          }),
        );
      },
      async stop() {
        await readModel.close().catch(() => undefined);
        await client.connection.close().catch(() => undefined);
        await stopAll();
        if (!keep) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopAll().catch(() => undefined);
    if (!keep) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
