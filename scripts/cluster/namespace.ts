import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { sleep } from './process';

const run = promisify(execFile);
const GRPC_NOT_FOUND = 5;

/** How long a closed workflow's history is kept in the cluster's namespace. */
export const NAMESPACE_RETENTION = '72h';
/** Every service re-reads namespaces this often (system.namespaceCacheRefreshInterval's default). */
const NAMESPACE_REFRESH_MS = 2_000;

function temporalCli(cli: string, address: string, args: string[]) {
  return run(cli, [...args, '--address', address], { timeout: 30_000 });
}

/** Waits until `temporal operator cluster health` answers SERVING. */
export async function waitForServing(cli: string, address: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const { stdout } = await temporalCli(cli, address, ['operator', 'cluster', 'health']);
      if (/\bSERVING\b/.test(stdout) && !/NOT_SERVING/.test(stdout)) return;
      last = stdout;
    } catch (err) {
      last = (err as { stderr?: string }).stderr || (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`the Temporal frontend at ${address} did not report SERVING within ${timeoutMs / 1000}s: ${last}`);
    await sleep(500);
  }
}

/** Registers the namespace unless it exists (a fresh cluster has none); true when it was created. */
export async function ensureNamespace(cli: string, address: string, namespace: string): Promise<boolean> {
  try {
    await temporalCli(cli, address, ['operator', 'namespace', 'describe', '--namespace', namespace]);
    return false;
  } catch {
    await temporalCli(cli, address, ['operator', 'namespace', 'create', '--namespace', namespace, '--retention', NAMESPACE_RETENTION]).catch(
      (err: Error & { stderr?: string }) => {
        if (!/already exists|AlreadyExists/i.test(err.stderr ?? err.message)) throw err;
      },
    );
    return true;
  }
}

/**
 * Registers the project's search attributes (contracts/search-attributes.ts) in the namespace, retrying while a new
 * namespace is not yet known to the frontend; when any were added, waits until a visibility query that names them
 * all is accepted and the other services' namespace caches have refreshed. Returns the names added.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string, timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let added: string[];
  for (;;) {
    try {
      added = await ensureSearchAttributes(connection, namespace);
      break;
    } catch (err) {
      if ((err as { code?: number }).code !== GRPC_NOT_FOUND || Date.now() > deadline) throw err;
      await sleep(500);
    }
  }
  if (added.length === 0) return added;
  const query = SEARCH_ATTRIBUTES.map((key) => `${key.name} IS NULL`).join(' AND ');
  for (;;) {
    try {
      await connection.workflowService.countWorkflowExecutions({ namespace, query });
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(500);
    }
  }
  await sleep(NAMESPACE_REFRESH_MS + 1_000);
  return added;
}

/**
 * Whether a worker process (by pid: the SDK's default identity is `<pid>@<host>`) polls the task queue. Connects
 * for each check, so a handle can use it to restart a worker long after the cluster's start.
 */
export async function workerPolls(address: string, namespace: string, taskQueue: string, pid: number): Promise<boolean> {
  const connection = await Connection.connect({ address });
  try {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue, kind: 1 },
      taskQueueType: 1,
    });
    return (pollers ?? []).some((poller) => poller.identity?.startsWith(`${pid}@`));
  } finally {
    await connection.close();
  }
}
