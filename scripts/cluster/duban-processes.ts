import { join, resolve } from 'node:path';
import type { SpawnSpec } from './process';

/** The project's root: the duban processes run from it, with tsx loaded into Node (`node --import tsx`). */
export const PROJECT_ROOT = resolve(__dirname, '../..');

export interface DubanEnvironment {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  /** Shared by every worker and API: the development JWT and payload keys are made there once and read by all. */
  dataDir: string;
  /** More variables for every duban process (DUBAN_JWT_SECRET, DUBAN_PAYLOAD_KEYS, LOG_LEVEL …). */
  extra?: NodeJS.ProcessEnv;
}

/**
 * The caller's environment without what would point a process elsewhere than this cluster: Temporal's own
 * variables (address, namespace, profile, TLS, API key) and the read model's and API's settings.
 */
export function cleanEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name]) => !name.startsWith('TEMPORAL_') && !['DATABASE_URL', 'PORT', 'DUBAN_DATA_DIR', 'DUBAN_TASK_QUEUE', 'DUBAN_LOG_TO_CONSOLE'].includes(name),
    ),
  );
}

export function dubanEnvironment(d: DubanEnvironment): NodeJS.ProcessEnv {
  return {
    ...cleanEnvironment(),
    TEMPORAL_ADDRESS: d.temporalAddress,
    TEMPORAL_NAMESPACE: d.namespace,
    DUBAN_TASK_QUEUE: d.taskQueue,
    DATABASE_URL: d.databaseUrl,
    DUBAN_DATA_DIR: d.dataDir,
    ...d.extra,
  };
}

type DubanSpec = Omit<SpawnSpec, 'ready' | 'onChange'>;

export function workerSpec(index: number, dir: string, d: DubanEnvironment): DubanSpec {
  return {
    name: `worker-${index}`,
    role: 'worker',
    command: process.execPath,
    args: ['--import', 'tsx', 'worker/main.ts'],
    cwd: PROJECT_ROOT,
    env: dubanEnvironment(d),
    log: join(dir, 'logs', `worker-${index}.log`),
    ports: [],
    // Loading the code and bundling the workflows takes a while on a busy machine.
    readyTimeoutMs: 300_000,
  };
}

export function apiSpec(index: number, port: number, dir: string, d: DubanEnvironment): DubanSpec {
  return {
    name: `api-${index}`,
    role: 'api',
    command: process.execPath,
    args: ['--import', 'tsx', 'api/main.ts'],
    cwd: PROJECT_ROOT,
    env: { ...dubanEnvironment(d), PORT: String(port) },
    log: join(dir, 'logs', `api-${index}.log`),
    ports: [port],
    readyTimeoutMs: 180_000,
  };
}
