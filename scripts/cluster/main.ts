import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CLUSTER_DIR, startCluster, stopCluster, type Cluster } from './cluster';
import { provisionTemporalServer } from './server-binaries';
import { readState, runningProcesses } from './state';

/**
 * `npm run cluster` starts the cluster in .cluster/ (or --dir) and returns, leaving it running;
 * `npm run cluster -- stop` stops it, `-- status` shows what runs, `-- provision` only builds the server binaries.
 */
const USAGE = `usage: npm run cluster -- [start|stop|status|provision] [--dir DIR] [--base-port N] [--workers N] [--apis N] [--history-shards N]`;

const log = (line: string) => process.stderr.write(`[cluster] ${line}\n`);

function summary(cluster: Cluster): string {
  const shown = (file: string) => {
    const inside = relative(process.cwd(), file);
    return inside === '' ? '.' : inside.startsWith('..') || isAbsolute(inside) ? file : inside;
  };
  const line = (label: string, text: string) => `  ${label.padEnd(20)}${text}`;
  const where = (p: { pid: number | undefined; log: string }) => `pid ${p.pid}, log ${shown(p.log)}`;
  return [
    '',
    `督办 duban cluster is running (${cluster.cold ? 'cold' : 'warm'} start: ${cluster.totalSeconds.toFixed(1)} s)`,
    line('Folder', shown(cluster.dir)),
    line('PostgreSQL', `127.0.0.1:${cluster.ports.postgres} (databases temporal, temporal_visibility, duban), ${where(cluster.postgres)}`),
    line('Temporal', `${cluster.temporalAddress} (namespace ${cluster.namespace}), HTTP 127.0.0.1:${cluster.ports.frontendHttp}`),
    line('  frontend+worker', `${where(cluster.temporal.frontend)}, metrics http://127.0.0.1:${cluster.ports.metrics.frontend}/metrics`),
    line('  history+matching', `${where(cluster.temporal.history)}, metrics http://127.0.0.1:${cluster.ports.metrics.history}/metrics`),
    ...cluster.workers.map((w) => line(`Worker ${w.name.split('-')[1]}`, `task queue ${cluster.taskQueue}, ${where(w)}`)),
    ...cluster.apis.map((a) => line(`API ${a.name.split('-')[1]}`, `http://localhost:${a.ports[0]}, ${where(a)}`)),
    line('Read model', cluster.databaseUrl),
    `  Stop it with: npm run cluster -- stop${cluster.dir === resolve(DEFAULT_CLUSTER_DIR) ? '' : ` --dir ${shown(cluster.dir)}`}`,
    '',
  ].join('\n');
}

function status(dir: string): string {
  const state = readState(dir);
  if (!state) return `no cluster has been started in ${dir}`;
  const running = new Set(runningProcesses(state).map((p) => p.name));
  return [
    `cluster in ${dir}: Temporal ${state.temporalAddress}, read model ${state.databaseUrl}`,
    ...state.processes.map((p) => `  ${p.name.padEnd(10)} ${running.has(p.name) ? `running, pid ${p.pid}` : 'stopped'}${p.ports.length ? `, ports ${p.ports.join(' ')}` : ''}, log ${p.log}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      dir: { type: 'string', default: DEFAULT_CLUSTER_DIR },
      'base-port': { type: 'string' },
      workers: { type: 'string' },
      apis: { type: 'string' },
      'history-shards': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const command = positionals[0] ?? 'start';
  const dir = resolve(values.dir);
  const int = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
    return n;
  };
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  switch (command) {
    case 'start': {
      if (runningProcesses(readState(dir)).length) {
        process.stdout.write(`${status(dir)}\nalready running; stop it with npm run cluster -- stop\n`);
        return;
      }
      const basePort = int('base-port', values['base-port']);
      const workers = int('workers', values.workers);
      const apis = int('apis', values.apis);
      const historyShards = int('history-shards', values['history-shards']);
      const cluster = await startCluster({
        dir,
        log,
        ...(basePort !== undefined ? { basePort } : {}),
        ...(workers !== undefined ? { workers } : {}),
        ...(apis !== undefined ? { apis } : {}),
        ...(historyShards !== undefined ? { historyShards } : {}),
      });
      process.stdout.write(summary(cluster));
      return;
    }
    case 'stop': {
      const started = Date.now();
      const stopped = await stopCluster(dir, log);
      process.stdout.write(stopped.length ? `stopped ${stopped.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)}s\n` : `nothing runs in ${dir}\n`);
      return;
    }
    case 'status':
      process.stdout.write(`${status(dir)}\n`);
      return;
    case 'provision': {
      const files = await provisionTemporalServer();
      process.stdout.write(`temporal-server ${files.server}\ntemporal-sql-tool ${files.sqlTool} (${files.source})\n`);
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

main().then(
  // The processes run detached: nothing here keeps them, and nothing should keep this command waiting.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`[cluster] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
