import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { isExecutable, onPath, runWithProgress } from '../temporal/commands';

/**
 * The Temporal server for the cluster: `temporal-server` and `temporal-sql-tool` built from the Go module
 * go.temporal.io/server, with the files of that module the cluster needs beside them (the PostgreSQL schema and
 * the configuration template). Found in this order: paths from the environment (DUBAN_TEMPORAL_SERVER,
 * DUBAN_TEMPORAL_SQL_TOOL), the project's cache (.cache/temporal-server/<version>/, or DUBAN_TEMPORAL_SERVER_CACHE),
 * then built with `go install` into that cache (minutes, once).
 */
export const SERVER_MODULE = 'go.temporal.io/server';
export const SERVER_VERSION = 'v1.29.1';

const run = promisify(execFile);
const log = (message: string) => process.stderr.write(`[cluster] ${message}\n`);

export interface TemporalServerFiles {
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12/temporal/versioned of the module. */
  schemaDir: string;
  /** schema/postgresql/v12/visibility/versioned of the module. */
  visibilitySchemaDir: string;
  /** config/development-postgres12.yaml of the module: every server process's base configuration. */
  configTemplate: string;
  /** config/dynamicconfig/development-sql.yaml of the module. */
  dynamicConfigTemplate: string;
  /** Where the binaries came from. */
  source: 'environment' | 'cache' | 'built';
}

export function serverCacheDir(): string {
  const root = process.env.DUBAN_TEMPORAL_SERVER_CACHE ?? resolve(__dirname, '../../.cache/temporal-server');
  return join(resolve(root), SERVER_VERSION);
}

/** The module files copied into the cache, relative to the module's root and to the cache folder alike. */
const MODULE_FILES = {
  schemaDir: 'schema/postgresql/v12/temporal/versioned',
  visibilitySchemaDir: 'schema/postgresql/v12/visibility/versioned',
  configTemplate: 'config/development-postgres12.yaml',
  dynamicConfigTemplate: 'config/dynamicconfig/development-sql.yaml',
} as const;

function goEnv(): NodeJS.ProcessEnv {
  // -mod=mod: the module is built as published, whatever go.work or vendor settings surround the caller.
  return { ...process.env, GOFLAGS: [process.env.GOFLAGS, '-mod=mod'].filter(Boolean).join(' '), CGO_ENABLED: '0' };
}

function envBinary(variable: string): string | undefined {
  const value = process.env[variable];
  if (!value) return undefined;
  if (!isExecutable(value)) throw new Error(`${variable}=${value} is not an executable file`);
  return resolve(value);
}

/** The module's source folder in Go's module cache (downloaded if missing). */
async function moduleDir(go: string): Promise<string> {
  const { stdout } = await run(go, ['mod', 'download', '-json', `${SERVER_MODULE}@${SERVER_VERSION}`], {
    env: goEnv(),
    cwd: tmpdir(),
    maxBuffer: 1 << 20,
  });
  const dir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!dir || !existsSync(dir)) throw new Error(`go mod download did not give the source folder of ${SERVER_MODULE}@${SERVER_VERSION}`);
  return dir;
}

/** Copies the schema and configuration templates from the module into `target` (a staging folder). */
function copyModuleFiles(from: string, target: string): void {
  for (const relative of Object.values(MODULE_FILES)) {
    cpSync(join(from, relative), join(target, relative), { recursive: true });
  }
  // Go's module cache is read-only; the copies need not be (a later cleanup must be able to remove them).
  const writable = (path: string) => {
    chmodSync(path, statSync(path).mode | 0o200);
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) writable(join(path, entry));
  };
  for (const top of new Set(Object.values(MODULE_FILES).map((relative) => relative.split('/')[0] as string))) writable(join(target, top));
}

const cachedFilesPresent = (dir: string) => Object.values(MODULE_FILES).every((relative) => existsSync(join(dir, relative)));

async function build(go: string, cache: string): Promise<void> {
  const staging = `${cache}.staging-${process.pid}`; // per process: two first runs at once must not share one
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    log(`building the Temporal server ${SERVER_VERSION} and temporal-sql-tool from the Go module (first time only: about 6 minutes on two idle cores, 15 or more on a busy machine)…`);
    const { code, tail } = await runWithProgress(
      'go install',
      go,
      ['install', '-v', `${SERVER_MODULE}/cmd/server@${SERVER_VERSION}`, `${SERVER_MODULE}/cmd/tools/sql@${SERVER_VERSION}`],
      { ...goEnv(), GOBIN: staging },
      /^[\w.-]+(\/[\w.~-]+)+$/,
      'packages compiled',
    );
    if (code !== 0 || !isExecutable(join(staging, 'server')) || !isExecutable(join(staging, 'sql'))) {
      throw new Error(`go install of the Temporal server failed:\n${tail}`);
    }
    renameSync(join(staging, 'server'), join(staging, 'temporal-server'));
    renameSync(join(staging, 'sql'), join(staging, 'temporal-sql-tool'));
    copyModuleFiles(await moduleDir(go), staging);
    // Moved into place only when whole, so an interrupted build is never mistaken for a cached one. Another first
    // run may have finished meanwhile and be using its copy: keep that one.
    if (isExecutable(join(cache, 'temporal-server')) && cachedFilesPresent(cache)) return;
    rmSync(cache, { recursive: true, force: true });
    renameSync(staging, cache);
    log(`Temporal server ${SERVER_VERSION} ready in ${cache}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function filesIn(dir: string, server: string, sqlTool: string, source: TemporalServerFiles['source']): TemporalServerFiles {
  return {
    server,
    sqlTool,
    schemaDir: join(dir, MODULE_FILES.schemaDir),
    visibilitySchemaDir: join(dir, MODULE_FILES.visibilitySchemaDir),
    configTemplate: join(dir, MODULE_FILES.configTemplate),
    dynamicConfigTemplate: join(dir, MODULE_FILES.dynamicConfigTemplate),
    source,
  };
}

/** Finds or builds the server binaries and the module files; throws with what to install when it cannot. */
export async function provisionTemporalServer(): Promise<TemporalServerFiles> {
  const cache = serverCacheDir();
  const go = onPath('go');
  const fromEnv = { server: envBinary('DUBAN_TEMPORAL_SERVER'), sqlTool: envBinary('DUBAN_TEMPORAL_SQL_TOOL') };
  if (fromEnv.server && fromEnv.sqlTool) {
    // The binaries are given; the schema and templates still come from the module, once, into the cache.
    if (!cachedFilesPresent(cache)) {
      if (!go) throw new Error(`Go is needed once to fetch the schema of ${SERVER_MODULE}@${SERVER_VERSION} into ${cache}`);
      const staging = `${cache}.staging-${process.pid}`;
      copyModuleFiles(await moduleDir(go), staging);
      mkdirSync(cache, { recursive: true });
      for (const relative of Object.values(MODULE_FILES)) {
        if (!existsSync(join(cache, relative))) cpSync(join(staging, relative), join(cache, relative), { recursive: true });
      }
      rmSync(staging, { recursive: true, force: true });
    }
    return filesIn(cache, fromEnv.server, fromEnv.sqlTool, 'environment');
  }
  const server = join(cache, 'temporal-server');
  const sqlTool = join(cache, 'temporal-sql-tool');
  if (isExecutable(server) && isExecutable(sqlTool) && cachedFilesPresent(cache)) return filesIn(cache, server, sqlTool, 'cache');
  if (!go) {
    throw new Error(
      `the Temporal server ${SERVER_VERSION} is not in ${cache} and Go is not on PATH to build it: install Go 1.23+ ` +
        '(it fetches the toolchain the module needs), or set DUBAN_TEMPORAL_SERVER and DUBAN_TEMPORAL_SQL_TOOL',
    );
  }
  await build(go, cache);
  return filesIn(cache, server, sqlTool, 'built');
}
