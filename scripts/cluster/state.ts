import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runningPid, stopPostgres } from '../../platform/postgres-server';
import type { ClusterPorts } from './ports';
import { pidRuns, terminate, type ClusterRole } from './process';

/**
 * `<dir>/cluster.json`: what a cluster folder holds and which pids run it, rewritten on every start, restart and
 * stop, so `npm run cluster -- stop` from another shell stops exactly what was started (a pid is signalled only
 * while it still runs the command recorded with it).
 */
export const STATE_FILE = 'cluster.json';

export interface ProcessRecord {
  name: string;
  role: ClusterRole;
  pid: number | null;
  /** The executable, to recognise the pid. */
  command: string;
  ports: number[];
  log: string;
}

export interface ClusterState {
  basePort: number;
  /** Fixed when the schema was set up. */
  historyShards: number;
  namespace: string;
  taskQueue: string;
  ports: ClusterPorts;
  temporalAddress: string;
  databaseUrl: string;
  startedAt: string;
  processes: ProcessRecord[];
}

export function readState(dir: string): ClusterState | undefined {
  const file = join(dir, STATE_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ClusterState) : undefined;
}

export function writeState(dir: string, state: ClusterState): void {
  const file = join(dir, STATE_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The recorded processes that still run. */
export function runningProcesses(state: ClusterState | undefined): ProcessRecord[] {
  return (state?.processes ?? []).filter((p) => p.pid !== null && pidRuns(p.pid, p.command));
}

/** The order processes are stopped in: what serves users first, PostgreSQL last. */
const STOP_ORDER: ClusterRole[] = ['api', 'worker', 'temporal', 'postgres'];

/**
 * Stops every process the folder's state file records as running — the APIs, the workers, the Temporal server
 * processes, then PostgreSQL (a fast shutdown) — each with SIGTERM and, after a grace period, SIGKILL. Returns the
 * names of those it stopped.
 */
export async function stopCluster(dir: string, log: (line: string) => void = () => undefined): Promise<string[]> {
  const state = readState(dir);
  const stopped: string[] = [];
  for (const role of STOP_ORDER) {
    const group = runningProcesses(state).filter((p) => p.role === role);
    await Promise.all(
      group.map(async (p) => {
        const started = Date.now();
        if (role === 'postgres') await stopPostgres(join(dir, 'postgres'));
        else await terminate(p.pid as number);
        log(`stopped ${p.name} (pid ${p.pid}) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
        stopped.push(p.name);
      }),
    );
  }
  // A PostgreSQL in the folder the state file does not know as running (a start that failed before recording it).
  const postgresPid = runningPid(join(dir, 'postgres'));
  if (postgresPid !== undefined) {
    await stopPostgres(join(dir, 'postgres'));
    log(`stopped postgres (pid ${postgresPid})`);
    stopped.push('postgres');
  }
  if (state) writeState(dir, { ...state, processes: state.processes.map((p) => ({ ...p, pid: null })) });
  return stopped;
}
