import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { portAccepts as accepts } from '../temporal/processes';

/**
 * One process of the cluster, started detached (its own process group, output appended to its log file) so it
 * outlives the command that started it, and handled by pid: kill it with any signal, restart it, stop it.
 */
export type ClusterRole = 'postgres' | 'temporal' | 'worker' | 'api';

export interface ClusterProcess {
  name: string;
  role: ClusterRole;
  /** The current pid; undefined when it is not running. */
  readonly pid: number | undefined;
  /** The ports it listens on (none for a worker). */
  ports: number[];
  log: string;
  alive(): boolean;
  /** Sends a signal (SIGKILL by default) and returns at once; restart() brings it back. */
  kill(signal?: NodeJS.Signals): void;
  /** Stops it if it runs (SIGTERM, then SIGKILL after a grace period), starts it again and waits until it is ready. */
  restart(): Promise<void>;
  /** SIGTERM, then SIGKILL after the grace period; resolves once it has gone. */
  stop(): Promise<void>;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (exited, not yet reaped by a parent that is not us) answers signal 0 but is gone.
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

/**
 * Whether `pid` still runs `command` (its executable, or its first arguments containing it), so a pid recorded in
 * a state file is never signalled after the system gave it to something else. Off Linux, trusts the pid.
 */
export function pidRuns(pid: number, command: string): boolean {
  if (!pidAlive(pid)) return false;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.slice(0, 4).some((arg) => arg === command || arg.endsWith(`/${command}`) || command.endsWith(`/${arg}`));
  } catch {
    return process.platform !== 'linux';
  }
}

export const portAccepts = (port: number, host = '127.0.0.1'): Promise<boolean> => accepts(host, port);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function logTail(file: string, lines = 30): string {
  if (!existsSync(file)) return '';
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const length = Math.min(size, 16_000);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8').split('\n').slice(-lines).join('\n');
  } finally {
    closeSync(fd);
  }
}

/** Signals a pid and waits until it has gone: SIGTERM, then SIGKILL after `graceMs`. */
export async function terminate(pid: number, graceMs = 20_000, group = true): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(group ? -pid : pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // gone already
      }
    }
  };
  if (!pidAlive(pid)) return;
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pidAlive(pid) && Date.now() < deadline) await sleep(100);
  if (pidAlive(pid)) signal('SIGKILL');
  while (pidAlive(pid)) await sleep(50);
}

export interface SpawnSpec {
  name: string;
  role: ClusterRole;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: string;
  ports: number[];
  /** Ready when this answers true (besides every port accepting); called with the pid. */
  ready?: (pid: number) => Promise<boolean>;
  readyTimeoutMs: number;
  /** Called after every start, restart and stop, e.g. to record the pid in the state file. */
  onChange?: () => void;
}

/** Starts a detached process and waits until it is ready, failing with its log's tail if it exits or times out. */
export async function spawnReady(spec: SpawnSpec): Promise<number> {
  mkdirSync(dirname(spec.log), { recursive: true });
  const out = openSync(spec.log, 'a');
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  child.once('error', (err) => (exited = String(err)));
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.name} could not be started: ${exited ?? 'no pid'}`);
  const deadline = Date.now() + spec.readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`${spec.name} ${exited} before it was ready; the end of ${spec.log}:\n${logTail(spec.log)}`);
    const listening = await Promise.all(spec.ports.map((port) => portAccepts(port)));
    if (listening.every(Boolean) && (!spec.ready || (await spec.ready(pid).catch(() => false)))) return pid;
    if (Date.now() > deadline) {
      await terminate(pid, 5_000);
      throw new Error(`${spec.name} was not ready within ${spec.readyTimeoutMs / 1000}s; the end of ${spec.log}:\n${logTail(spec.log)}`);
    }
    await sleep(200);
  }
}

/** A handle on a process started from a SpawnSpec. */
export async function startManaged(spec: SpawnSpec): Promise<ClusterProcess> {
  let pid: number | undefined = await spawnReady(spec);
  spec.onChange?.();
  const handle: ClusterProcess = {
    name: spec.name,
    role: spec.role,
    get pid() {
      return pid !== undefined && pidAlive(pid) ? pid : undefined;
    },
    ports: spec.ports,
    log: spec.log,
    alive: () => handle.pid !== undefined,
    kill(signal = 'SIGKILL') {
      if (pid === undefined) return;
      try {
        process.kill(-pid, signal);
      } catch {
        // gone already
      }
    },
    async restart() {
      if (pid !== undefined) await terminate(pid);
      pid = undefined;
      pid = await spawnReady(spec);
      spec.onChange?.();
    },
    async stop() {
      if (pid !== undefined) await terminate(pid);
      pid = undefined;
      spec.onChange?.();
    },
  };
  return handle;
}
