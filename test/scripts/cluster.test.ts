import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogEntry } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES, UnitIdKey } from '../../contracts/search-attributes';
import { startCluster, type Cluster } from '../../scripts/cluster/cluster';
import { freeBasePort } from '../../scripts/cluster/ports';
import { pidAlive } from '../../scripts/cluster/process';
import { provisionTemporalServer } from '../../scripts/cluster/server-binaries';
import { readState, runningProcesses, stopCluster } from '../../scripts/cluster/state';
import { clusterProbe, releaseSignal, stageQuery } from '../support/cluster-probe-workflow';

/**
 * Issue 15 part 3: `npm run cluster`'s Temporal part — PostgreSQL and the server split into two processes
 * (frontend+worker, history+matching) — serves a workflow through a kill -9 of the history process, starts warm
 * from its folder, and stops every process it started. The duban workers and APIs are left out (workers: 0,
 * apis: 0): this checks the cluster itself, with a probe workflow and a worker in this process.
 */
const throughConsole = ({ level, message }: LogEntry) => console.error(`[temporal ${level}] ${message}`);
Runtime.install({
  logger: new DefaultLogger('WARN', throughConsole),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
});

const EventType = temporal.api.enums.v1.EventType;
type EventType = temporal.api.enums.v1.EventType;
const log = (line: string) => console.log(`[cluster] ${line}`);

/** Every process whose working directory or command line is in the folder (PostgreSQL's backends included). */
function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (pidAlive(Number(pid)) && (cwd === dir || cwd.startsWith(`${dir}/`) || cmdline.includes(dir))) found.push(`${pid} ${cmdline}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs / 1000}s; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm run cluster: Temporal on PostgreSQL in two server processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-cluster-'));
  let cluster: Cluster;
  let basePort: number;

  // On a fresh machine this builds the server from its Go module (6–12 minutes on two busy cores), once: later
  // runs find it in .cache/temporal-server.
  beforeAll(async () => {
    await provisionTemporalServer();
  }, 30 * 60_000);

  beforeAll(async () => {
    basePort = await freeBasePort(0);
    cluster = await startCluster({ dir, basePort, workers: 0, apis: 0, log });
  }, 300_000);

  afterAll(async () => {
    await stopCluster(dir, log);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('starts PostgreSQL and two Temporal server processes, history apart from the frontend, with the namespace and search attributes', async () => {
    expect(cluster.cold).toBe(true);
    const pids = cluster.processes.map((p) => p.pid);
    expect(cluster.processes.map((p) => p.name)).toEqual(['postgres', 'frontend', 'history']);
    expect(new Set(pids).size).toBe(3);
    expect(pids.every((pid) => pid !== undefined && pidAlive(pid))).toBe(true);
    expect(cluster.temporalAddress).toBe(`127.0.0.1:${basePort}`);

    const connection = await Connection.connect({ address: cluster.temporalAddress });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(SEARCH_ATTRIBUTES.map((key) => key.name)));
    } finally {
      await connection.close();
    }
    expect(readState(dir)?.processes.map((p) => [p.name, p.pid])).toEqual(cluster.processes.map((p) => [p.name, p.pid]));
  });

  it('completes a workflow through a kill -9 of the history process and its restart', async () => {
    const taskQueue = `cluster-probe-${Date.now().toString(36)}`;
    const workerConnection = await NativeConnection.connect({ address: cluster.temporalAddress });
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: 'default',
      taskQueue,
      workflowsPath: resolve(__dirname, '../support/cluster-probe-workflow.ts'),
      activities: { bump: (n: number) => Promise.resolve(n + 1) },
    });
    const running = worker.run();
    const connection = await Connection.connect({ address: cluster.temporalAddress });
    const client = new Client({ connection, namespace: 'default' });
    try {
      const unit = `probe-${taskQueue}`;
      const handle = await client.workflow.start(clusterProbe, {
        taskQueue,
        workflowId: `cluster-probe-${taskQueue}`,
        typedSearchAttributes: [{ key: UnitIdKey, value: unit }],
      });
      // Killed while the workflow's durable timer is pending and its worker polls the matching service it shares.
      await eventually(() => handle.query(stageQuery), (stage) => stage === 'timer');
      const history = cluster.temporal.history;
      const killedPid = history.pid;
      const killedAt = Date.now();
      history.kill('SIGKILL');
      await eventually(() => Promise.resolve(killedPid !== undefined && pidAlive(killedPid)), (alive) => !alive, 10_000);
      expect(cluster.temporal.frontend.alive()).toBe(true);
      const restartStarted = Date.now();
      await history.restart();
      log(`history+matching restarted in ${((Date.now() - restartStarted) / 1000).toFixed(1)}s (pid ${killedPid} → ${history.pid})`);
      expect(history.pid).not.toBe(killedPid);
      expect(readState(dir)?.processes.find((p) => p.name === 'history')?.pid).toBe(history.pid);

      await eventually(() => handle.query(stageQuery), (stage) => stage === 'waiting', 120_000);
      await handle.signal(releaseSignal);
      expect(await handle.result()).toBe(2);
      log(`the workflow completed ${((Date.now() - killedAt) / 1000).toFixed(1)}s after the kill`);

      const events = (await handle.fetchHistory()).events ?? [];
      const count = (type: EventType) => events.filter((e) => e.eventType === type).length;
      expect(count(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).toBe(2);
      expect(count(EventType.EVENT_TYPE_TIMER_FIRED)).toBe(1);
      expect(count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)).toBe(1);
      // Visibility (on PostgreSQL) finds it by the duban search attribute the cluster registered.
      await eventually(
        () => client.workflow.count(`${UnitIdKey.name} = '${unit}' AND ExecutionStatus = 'Completed'`),
        (counted) => counted.count === 1,
      );
    } finally {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
    }
  });

  it('starts warm from its folder: no initdb, no schema set-up, the finished workflow still there', async () => {
    await cluster.stop();
    expect(processesIn(dir)).toEqual([]);
    cluster = await startCluster({ dir, basePort, workers: 0, apis: 0, log });
    expect(cluster.cold).toBe(false);
    expect(cluster.timings.map((t) => t.step)).toContain('PostgreSQL (start)');
    log(`warm start: ${cluster.totalSeconds.toFixed(1)}s`);
    const connection = await Connection.connect({ address: cluster.temporalAddress });
    try {
      const client = new Client({ connection, namespace: 'default' });
      const { count } = await client.workflow.count(`WorkflowType = 'clusterProbe' AND ExecutionStatus = 'Completed'`);
      expect(count).toBe(1);
    } finally {
      await connection.close();
    }
  });

  it('stops every process it started', async () => {
    const pids = cluster.processes.map((p) => p.pid);
    const stopped = await cluster.stop();
    expect(stopped.sort()).toEqual(['frontend', 'history', 'postgres']);
    expect(pids.filter((pid) => pid !== undefined && pidAlive(pid))).toEqual([]);
    expect(runningProcesses(readState(dir))).toEqual([]);
    expect(processesIn(dir)).toEqual([]);
  });
});
