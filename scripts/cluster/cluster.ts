import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { ensureDatabase, postgresUrl } from '../../platform/postgres-server';
import { resolveTemporalCli, INSTALL_HINT } from '../temporal/binaries';
import { apiSpec, cleanEnvironment, workerSpec, type DubanEnvironment } from './duban-processes';
import { ensureNamespace, registerSearchAttributes, waitForServing, workerPolls } from './namespace';
import { allPorts, busyPorts, checkBasePort, clusterPorts, DEFAULT_BASE_PORT, type ClusterPorts } from './ports';
import { startClusterPostgres } from './postgres-process';
import { startManaged, type ClusterProcess, type SpawnSpec } from './process';
import { ensureTemporalSchema } from './schema';
import { provisionTemporalServer } from './server-binaries';
import { SERVER_PROCESSES, serverArgs, serverPorts, writeServerConfig, type ServerProcessName } from './server-config';
import { readState, runningProcesses, stopCluster, writeState, type ClusterState } from './state';

export { stopCluster } from './state';
export type { ClusterProcess } from './process';

/**
 * A Temporal cluster on PostgreSQL with duban's workers and APIs, every process in a folder of its own:
 *
 *   <dir>/postgres/        PostgreSQL's data folder (and its server.log): databases temporal, temporal_visibility, duban
 *   <dir>/temporal/        the server processes' configuration
 *   <dir>/data/            DUBAN_DATA_DIR of every worker and API (development JWT and payload keys, evidence)
 *   <dir>/logs/            one log per process
 *   <dir>/cluster.json     ports and pids, for `npm run cluster -- stop` from another shell
 *
 * A folder set up before (a warm start) keeps its databases: initdb and the schema are skipped.
 */
export interface ClusterOptions {
  dir: string;
  /** Every port is fixed relative to it (ports.ts); by default the folder's last one, else 7300. */
  basePort?: number;
  workers?: number;
  apis?: number;
  /** Only when the cluster is first set up; later starts keep the folder's. */
  historyShards?: number;
  namespace?: string;
  taskQueue?: string;
  /** Of the Temporal server processes. */
  logLevel?: string;
  /** More environment for the workers and APIs. */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface StepTiming {
  step: string;
  seconds: number;
}

export interface Cluster {
  dir: string;
  ports: ClusterPorts;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** The read model's database. */
  databaseUrl: string;
  postgres: ClusterProcess;
  temporal: Record<ServerProcessName, ClusterProcess>;
  workers: ClusterProcess[];
  apis: ClusterProcess[];
  /** Every process, in the order started. */
  processes: ClusterProcess[];
  /** False when the folder had been set up before. */
  cold: boolean;
  timings: StepTiming[];
  totalSeconds: number;
  stop(): Promise<string[]>;
}

export const DEFAULT_CLUSTER_DIR = '.cluster';
export const READ_MODEL_DATABASE = 'duban';

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const dir = resolve(options.dir);
  const log = options.log ?? ((line: string) => process.stderr.write(`[cluster] ${line}\n`));
  const previous = readState(dir);
  const running = runningProcesses(previous);
  if (running.length) {
    throw new Error(`a cluster already runs in ${dir} (${running.map((p) => `${p.name} pid ${p.pid}`).join(', ')}): stop it first`);
  }
  const workers = options.workers ?? 2;
  const apis = options.apis ?? 2;
  const basePort = options.basePort ?? previous?.basePort ?? DEFAULT_BASE_PORT;
  checkBasePort(basePort, apis);
  const ports = clusterPorts(basePort, apis);
  const namespace = options.namespace ?? 'default';
  const taskQueue = options.taskQueue ?? 'duban';
  const historyShards = previous?.historyShards ?? options.historyShards ?? 4;
  const postgresDir = join(dir, 'postgres');
  const cold = !existsSync(join(postgresDir, 'PG_VERSION'));
  const temporalAddress = `127.0.0.1:${ports.frontend}`;
  const databaseUrl = postgresUrl(ports.postgres, READ_MODEL_DATABASE);

  const started = Date.now();
  const timings: StepTiming[] = [];
  const step = async <T>(name: string, work: () => Promise<T>, detail?: (result: T) => string): Promise<T> => {
    const begun = Date.now();
    log(`${name}…`);
    const result = await work();
    const seconds = (Date.now() - begun) / 1000;
    timings.push({ step: name, seconds });
    const extra = detail ? `: ${detail(result)}` : '';
    log(`${name} done in ${seconds.toFixed(1)}s${extra} (${((Date.now() - started) / 1000).toFixed(1)}s since start)`);
    return result;
  };

  mkdirSync(dir, { recursive: true });
  const files = await step('Temporal server binaries', provisionTemporalServer, (f) => `${f.source}, ${f.server}`);
  const cli = await step('Temporal CLI', resolveTemporalCli, (c) => (c ? `${c.source}, ${c.path}` : 'none'));
  if (!cli) throw new Error(`the Temporal CLI is needed to check the cluster's health and register its namespace. ${INSTALL_HINT}`);
  const busy = await busyPorts(allPorts(ports));
  if (busy.length) throw new Error(`ports ${busy.join(', ')} are in use: choose another base port (--base-port)`);

  const processes: ClusterProcess[] = [];
  /** The executable of each process by name, to recognise its pid later (PostgreSQL's is `postgres`). */
  const commands = new Map<string, string>();
  const record = () => {
    const state: ClusterState = {
      basePort: ports.frontend,
      historyShards,
      namespace,
      taskQueue,
      ports,
      temporalAddress,
      databaseUrl,
      startedAt: new Date(started).toISOString(),
      processes: processes.map((p) => ({
        name: p.name,
        role: p.role,
        pid: p.pid ?? null,
        command: commands.get(p.name) ?? 'postgres',
        ports: p.ports,
        log: p.log,
      })),
    };
    writeState(dir, state);
  };
  /** Starts processes side by side (or one after the other); each that came up is recorded even when another failed. */
  const startAll = async (specs: SpawnSpec[], { oneByOne = false } = {}): Promise<ClusterProcess[]> => {
    for (const spec of specs) commands.set(spec.name, spec.command);
    const start = (spec: SpawnSpec) => startManaged({ ...spec, onChange: record });
    const results: PromiseSettledResult<ClusterProcess>[] = [];
    if (oneByOne) {
      for (const spec of specs) {
        results.push(...(await Promise.allSettled([start(spec)])));
        if (results.at(-1)?.status === 'rejected') break;
      }
    } else results.push(...(await Promise.allSettled(specs.map(start))));
    const up = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    processes.push(...up);
    record();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return up;
  };
  let connection: Connection | undefined;

  try {
    const postgres = await step(
      cold ? 'PostgreSQL (initdb and start)' : 'PostgreSQL (start)',
      () => startClusterPostgres({ dir: postgresDir, port: ports.postgres, log }, record),
      (p) => `127.0.0.1:${ports.postgres}, pid ${p.pid}`,
    );
    processes.push(postgres);
    record();

    await step('Temporal schema (temporal-sql-tool)', () => ensureTemporalSchema(files, ports.postgres), (done) => done.join('; '));
    writeServerConfig(dir, files, { ports, historyShards, logLevel: options.logLevel ?? 'warn' });

    const serverEnv = cleanEnvironment();
    const servers = await step(
      'Temporal server processes',
      () =>
        startAll(
          SERVER_PROCESSES.map((server) => ({
            name: server.name,
            role: 'temporal',
            command: files.server,
            args: serverArgs(server),
            cwd: dir,
            env: serverEnv,
            log: join(dir, 'logs', `temporal-${server.name}.log`),
            ports: serverPorts(server, ports),
            readyTimeoutMs: 120_000,
          })),
          // One after the other: each process writes the cluster's metadata record when it starts, and two doing so
          // at once on a new database make one of them fail.
          { oneByOne: true },
        ),
      (list) => list.map((p) => `${p.name} (${SERVER_PROCESSES.find((s) => s.name === p.name)?.services.join('+')}) pid ${p.pid}`).join(', '),
    );
    const temporal = Object.fromEntries(servers.map((p) => [p.name, p])) as Record<ServerProcessName, ClusterProcess>;

    await step('cluster health SERVING', () => waitForServing(cli.path, temporalAddress));
    await step(`namespace ${namespace}`, () => ensureNamespace(cli.path, temporalAddress, namespace), (created) => (created ? 'created' : 'exists'));
    connection = await Connection.connect({ address: temporalAddress });
    const conn = connection;
    await step('search attributes', () => registerSearchAttributes(conn, namespace), (added) => (added.length ? `added ${added.join(', ')}` : 'all registered'));
    await step(`read model database ${READ_MODEL_DATABASE}`, () => ensureDatabase(postgresUrl(ports.postgres), READ_MODEL_DATABASE));

    const duban: DubanEnvironment = { temporalAddress, namespace, taskQueue, databaseUrl, dataDir: join(dir, 'data'), ...(options.env ? { extra: options.env } : {}) };
    // The workers and the APIs side by side: an API needs no worker to start.
    const [workerHandles, apiHandles] = await Promise.all([
      workers === 0
        ? []
        : step(
            `${workers} duban worker${workers > 1 ? 's' : ''}`,
            () =>
              startAll(
                Array.from({ length: workers }, (_, i) => ({
                  ...workerSpec(i + 1, dir, duban),
                  ready: (pid: number) => workerPolls(temporalAddress, namespace, taskQueue, pid),
                })),
              ),
            (list) => list.map((p) => `${p.name} pid ${p.pid}`).join(', '),
          ),
      apis === 0
        ? []
        : step(
            `${apis} duban API${apis > 1 ? 's' : ''}`,
            () => startAll(ports.apis.map((port, i) => apiSpec(i + 1, port, dir, duban))),
            (list) => list.map((p) => `${p.name} pid ${p.pid} port ${p.ports[0]}`).join(', '),
          ),
    ]);
    await connection.close();

    const totalSeconds = (Date.now() - started) / 1000;
    log(`${cold ? 'cold' : 'warm'} start done in ${totalSeconds.toFixed(1)}s`);
    return {
      dir,
      ports,
      temporalAddress,
      namespace,
      taskQueue,
      databaseUrl,
      postgres,
      temporal,
      workers: workerHandles,
      apis: apiHandles,
      processes,
      cold,
      timings,
      totalSeconds,
      stop: () => stopCluster(dir, log),
    };
  } catch (err) {
    log(`start failed, stopping what was started: ${(err as Error).message.split('\n')[0]}`);
    await connection?.close().catch(() => undefined);
    record();
    await stopCluster(dir, log);
    throw err;
  }
}
