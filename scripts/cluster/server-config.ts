import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterPorts } from './ports';
import type { TemporalServerFiles } from './server-binaries';

/**
 * The configuration of the Temporal server processes, written into the cluster's folder. The server loads
 * `<config>/base.yaml` and then `<config>/<env>.yaml` over it (go.temporal.io/server common/config/loader.go), so
 * base.yaml is the module's development-postgres12.yaml as published and each process's file (`--env <name>`) holds
 * only what differs: PostgreSQL's address and databases, every service's ports, this process's metrics port, no
 * archival, no pprof. The files are JSON, which YAML reads; their paths are relative to the folder, the servers' cwd.
 */
export const CONFIG_DIR = 'temporal/config';
export const DYNAMIC_CONFIG = 'temporal/dynamicconfig.yaml';

export const TEMPORAL_DATABASE = 'temporal';
export const VISIBILITY_DATABASE = 'temporal_visibility';
export const POSTGRES_USER = 'postgres';

/** The two server processes: history runs with matching only, so it can be killed and restarted on its own. */
export const SERVER_PROCESSES = [
  { name: 'frontend', services: ['frontend', 'worker'], metrics: 'frontend' },
  { name: 'history', services: ['history', 'matching'], metrics: 'history' },
] as const;
export type ServerProcessName = (typeof SERVER_PROCESSES)[number]['name'];

export interface ServerConfigOptions {
  ports: ClusterPorts;
  /** Fixed when the schema is set up: a cluster's shard count never changes. */
  historyShards: number;
  logLevel: string;
}

function datastore(database: string, port: number, maxConns: number) {
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `127.0.0.1:${port}`,
      connectProtocol: 'tcp',
      user: POSTGRES_USER,
      password: '',
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

/** What one process's `<env>.yaml` sets over the template. */
export function processConfig(process: (typeof SERVER_PROCESSES)[number], { ports, historyShards, logLevel }: ServerConfigOptions) {
  const rpc = (grpcPort: number, membershipPort: number) => ({ grpcPort, membershipPort, bindOnLocalHost: true });
  return {
    log: { stdout: true, level: logLevel },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: historyShards,
      datastores: {
        'postgres-default': datastore(TEMPORAL_DATABASE, ports.postgres, 20),
        'postgres-visibility': datastore(VISIBILITY_DATABASE, ports.postgres, 4),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      pprof: { port: 0 },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${ports.metrics[process.metrics]}` } },
    },
    services: {
      frontend: { rpc: { ...rpc(ports.frontend, ports.membership.frontend), httpPort: ports.frontendHttp } },
      history: { rpc: rpc(ports.history, ports.membership.history) },
      matching: { rpc: rpc(ports.matching, ports.membership.matching) },
      worker: { rpc: rpc(ports.temporalWorker, ports.membership.worker) },
    },
    clusterMetadata: {
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend}` },
      },
    },
    // Archival off: the server accepts that only with no provider and no default URI (null clears the template's).
    archival: {
      history: { state: 'disabled', enableRead: false, provider: null },
      visibility: { state: 'disabled', enableRead: false, provider: null },
    },
    namespaceDefaults: {
      archival: { history: { state: 'disabled', URI: '' }, visibility: { state: 'disabled', URI: '' } },
    },
    dynamicConfigClient: { filepath: DYNAMIC_CONFIG, pollInterval: '10s' },
  };
}

/** Writes base.yaml, one file per server process and the dynamic configuration into `dir` (rewritten each start). */
export function writeServerConfig(dir: string, files: TemporalServerFiles, options: ServerConfigOptions): void {
  const configDir = join(dir, CONFIG_DIR);
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'base.yaml'), readFileSync(files.configTemplate));
  for (const process of SERVER_PROCESSES) {
    const text = `# Written by duban's scripts/cluster (over base.yaml, the module's development-postgres12.yaml)\n${JSON.stringify(processConfig(process, options), null, 2)}\n`;
    writeFileSync(join(configDir, `${process.name}.yaml`), text);
  }
  // The module's development dynamic configuration, with its Nexus callback pointed at this cluster's HTTP port.
  const dynamic = readFileSync(files.dynamicConfigTemplate, 'utf8').replace(/localhost:7243\b/g, `127.0.0.1:${options.ports.frontendHttp}`);
  writeFileSync(join(dir, DYNAMIC_CONFIG), dynamic);
}

/** The arguments of `temporal-server` for one process, run with the cluster's folder as its working directory. */
export function serverArgs(process: (typeof SERVER_PROCESSES)[number]): string[] {
  return [
    '--root', '.', '--config', CONFIG_DIR, '--env', process.name, '--allow-no-auth',
    'start', ...process.services.flatMap((service) => ['--service', service]),
  ];
}

/** The gRPC ports a server process listens on once it is up. */
export function serverPorts(process: (typeof SERVER_PROCESSES)[number], ports: ClusterPorts): number[] {
  // (Temporal's worker service serves no gRPC of its own: the frontend's port stands for that process.)
  return process.name === 'frontend' ? [ports.frontend] : [ports.history, ports.matching];
}
