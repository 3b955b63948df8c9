import { NativeConnection, Worker } from '@temporalio/worker';
import { taskId as taskIdOf } from '../../domain/ids';
import { generateProvinceDemo } from '../../domain/province-demo';
import { taskWorkflowId } from '../../domain/ids';
import { issueToken } from '../../platform/tokens';
import { CHUNK_SIZE, PARALLEL_CHUNKS } from '../../contracts/assignment';
import type { BenchStack } from './stacks';
import { concurrently, latency, round, say, seconds, sleep, type Latency, type Throughput } from './stats';
import { benchUpdates, bump, finish } from './update-workflow';

export interface BenchOptions {
  villages: number;
  requests: number;
  /** Step completions through the API, and bare updates, each. */
  completions: number;
  clients: number;
  /** Task rows added for other assignments before the second latency measurement; 0: none. */
  extraTasks: number;
  settleTimeoutMs: number;
}

/** The bare SDK's start rate: trivial workflows nobody polls for, as many in flight as the fan-out's lanes. */
const IN_FLIGHT = PARALLEL_CHUNKS * 50;

export interface FanOutFigures {
  /** Each worker's limit on task workflow starts per second; 0: none. */
  startsPerSecondPerWorker: number;
  seconds: number;
  perSec: number;
  ratio: number;
  /** From the last start until every task's first state is in the read model. */
  settleSeconds: number;
  /** N over settleSeconds, as the issue computes it, and its ratio to the raw start rate. */
  settlePerSec: number;
  settleRatio: number;
  /** Tasks whose first state was in the read model when the last one started. */
  settledAtLastStart: number;
  /** From the POST until every first state is in the read model: N over that. */
  endToEndPerSec: number;
}

export interface LatencyFigures {
  tasksInReadModel: number;
  summary: Latency;
  overdue: Latency;
  trivial: Latency;
}

export interface StackFigures {
  stack: string;
  villages: number;
  workers: number;
  limits: { startsPerSecondPerWorker: number; startsInFlightPerWorker: number; workflowTaskSlots: number; activitySlots: number };
  rawSeconds: number;
  rawStartPerSec: number;
  fanOut: FanOutFigures;
  /** Absent when the deployed limit is already off: the first fan-out is that run. */
  fanOutUnlimited?: FanOutFigures;
  latency: LatencyFigures;
  latencyExtra?: LatencyFigures;
  xlsx: { rows: number; ms: number; bytes: number };
  bareUpdates: Throughput;
  stepCompletions: Throughput & { statuses: Record<string, number>; tasks: number };
  /** Events in the history of one settled task workflow, by type: the Temporal work each task costs. */
  taskHistory: Record<string, number>;
}

const DIRECTIVE = 'pce-13-display-items';

export async function benchStack(stack: BenchStack, o: BenchOptions, updateBundle: { code: string }): Promise<StackFigures> {
  const { readModel, client } = stack;
  const api = stack.apis[0] as string;
  const tag = `[${stack.name}]`;
  const log = (line: string) => say(`${tag} ${line}`);

  const units = generateProvinceDemo({ villages: o.villages });
  await readModel.org.insertUnits(units);
  const root = await readModel.org.root();
  if (!root) throw new Error('no org root');
  log(`org: ${units.length} units (${o.villages} villages) under ${root.name}`);
  const leader = `Bearer ${await issueToken(stack.tokens, { subject: 'bench/leader', name: 'bench', role: 'leader', unitId: root.id })}`;

  // Raw first, so the fan-out is measured on the fuller server, not the other way round.
  log(`raw: starting ${o.villages} trivial workflows, ${IN_FLIGHT} in flight…`);
  const rawStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < o.villages) {
        const i = next++;
        await client.workflow.start('benchTrivial', { taskQueue: 'duban-bench-raw', workflowId: `bench-raw-${i}`, args: [i] });
      }
    }),
  );
  const rawMs = performance.now() - rawStart;
  const rawStartPerSec = o.villages / (rawMs / 1000);
  log(`raw: ${seconds(rawMs)} s, ${rawStartPerSec.toFixed(0)} starts/s`);

  const fanOut = async (directiveId: string, startsPerSecond: number): Promise<{ figures: FanOutFigures; assignmentId: string }> => {
    const limit = startsPerSecond > 0 ? `${startsPerSecond} starts/s per worker × ${stack.workers}` : 'no start-rate limit';
    log(`fan-out: ${directiveId} to every village (chunks of ${CHUNK_SIZE}, ${PARALLEL_CHUNKS} at a time, ${limit})…`);
    const t0 = performance.now();
    const created = await fetch(`${api}/api/assignments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: leader },
      body: JSON.stringify({ directiveId, scopeUnitId: root.id, targetLevel: 'village', dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }),
    });
    const { id, taskCount } = (await created.json()) as { id: string; taskCount: number };
    if (created.status >= 300 || taskCount !== o.villages) throw new Error(`assignment answered ${created.status}, ${taskCount} tasks`);
    const settledCount = async () =>
      (await readModel.db.prepare('SELECT count(*) FROM tasks WHERE assignment_id = ? AND version >= 1').pluck().get(id)) as number;
    let lastSay = performance.now();
    let started = 0;
    while ((started = await readModel.tasks.startedTaskCount(id)) < o.villages) {
      if (performance.now() - lastSay > 10_000) {
        log(`    ${started}/${o.villages} started, ${seconds(performance.now() - t0)} s`);
        lastSay = performance.now();
      }
      await sleep(250);
    }
    const fanMs = performance.now() - t0;
    const settledAtLastStart = await settledCount();
    const perSec = o.villages / (fanMs / 1000);
    log(`    all started in ${seconds(fanMs)} s: ${perSec.toFixed(0)} tasks/s (${settledAtLastStart} first states in the read model by then)`);
    const s0 = performance.now();
    let settled = settledAtLastStart;
    while (settled < o.villages) {
      if (performance.now() - s0 > o.settleTimeoutMs) throw new Error(`only ${settled}/${o.villages} tasks settled after ${seconds(o.settleTimeoutMs)} s`);
      if (performance.now() - lastSay > 10_000) {
        log(`    ${settled}/${o.villages} first states in the read model, ${seconds(performance.now() - s0)} s after the last start`);
        lastSay = performance.now();
      }
      await sleep(250);
      settled = await settledCount();
    }
    const settleMs = performance.now() - s0;
    const settlePerSec = o.villages / Math.max(settleMs / 1000, 0.001);
    log(`    settled ${seconds(settleMs)} s after the last start`);
    return {
      assignmentId: id,
      figures: {
        startsPerSecondPerWorker: startsPerSecond,
        seconds: round(fanMs / 1000),
        perSec: round(perSec),
        ratio: round(perSec / rawStartPerSec, 3),
        settleSeconds: round(settleMs / 1000),
        settlePerSec: round(settlePerSec),
        settleRatio: round(settlePerSec / rawStartPerSec, 3),
        settledAtLastStart,
        endToEndPerSec: round(o.villages / ((fanMs + settleMs) / 1000)),
      },
    };
  };

  // With the limit the deployment runs (DUBAN_FANOUT_STARTS_PER_SECOND's default on every worker).
  const limited = await fanOut(DIRECTIVE, stack.limits.fanOut.startsPerSecond);
  const summary = (await (await fetch(`${api}/api/units/${root.id}/summary?directiveId=${DIRECTIVE}`, { headers: { authorization: leader } })).json()) as { totals: { total: number } };
  if (summary.totals.total !== o.villages) throw new Error(`summary counts ${summary.totals.total}, not ${o.villages}`);

  // Latency at N tasks. A fifth of them made overdue in the read model, every fifth in id order: their deadline moved
  // to yesterday (the views read overdue from the deadline, so a status alone would leave the overdue list empty) and
  // marked as their timers would.
  const yesterday = Date.now() - 86_400_000;
  const { changes: marked } = await readModel.db
    .prepare(
      `UPDATE tasks SET status = 'overdue', due_at = @yesterday, overdue_at = @yesterday, version = version + 1
       WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM tasks WHERE assignment_id = @assignmentId) AS numbered WHERE n % 5 = 0)`,
    )
    .run({ yesterday, assignmentId: limited.assignmentId });
  const measureLatency = async (): Promise<LatencyFigures> => {
    const tasksInReadModel = (await readModel.db.prepare('SELECT count(*) FROM tasks').pluck().get()) as number;
    log(`latency: ${o.requests} sequential requests each, ${tasksInReadModel} tasks in the read model…`);
    const figures = {
      tasksInReadModel,
      summary: await latency(`${api}/api/units/${root.id}/summary`, o.requests, leader),
      overdue: await latency(`${api}/api/overdue?scopeUnitId=${root.id}&limit=50`, o.requests, leader),
      trivial: await latency(`${api}/api/catalog/${DIRECTIVE}`, o.requests, leader),
    };
    for (const name of ['summary', 'overdue', 'trivial'] as const) {
      if (figures[name].status !== 200) throw new Error(`${name} answered ${figures[name].status}`);
    }
    return figures;
  };
  const latencyAtN = await measureLatency();

  const exportStart = performance.now();
  const exported = await fetch(`${api}/api/overdue?scopeUnitId=${root.id}&format=xlsx`, { headers: { authorization: leader } });
  const xlsxBytes = (await exported.arrayBuffer()).byteLength;
  const xlsxMs = performance.now() - exportStart;
  if (exported.status !== 200) throw new Error(`the xlsx export answered ${exported.status}`);

  // The Temporal work of one task: the events of a settled task workflow's history.
  const taskHistory: Record<string, number> = {};
  const firstTask = (await readModel.db.prepare('SELECT id FROM tasks WHERE assignment_id = ? ORDER BY id LIMIT 1').pluck().get(limited.assignmentId)) as string;
  for (const event of (await client.workflow.getHandle(taskWorkflowId(firstTask)).fetchHistory()).events ?? []) {
    const type = String(event.eventType ?? '').replace(/^EVENT_TYPE_/, '');
    const name = Number.isInteger(Number(type)) ? eventName(Number(type)) : type;
    taskHistory[name] = (taskHistory[name] ?? 0) + 1;
  }

  // Updates before the workers are replaced below: a task whose worker left waits for its sticky queue to time out
  // (5 s) on its next update, which is a restart's cost, not a step completion's.
  // Bare Workflow Updates on the same server: one trivial workflow per client, a worker of the bench's own.
  log(`bare updates: ${o.completions} over ${o.clients} clients…`);
  const connection = await NativeConnection.connect({ address: stack.temporalAddress });
  const updateQueue = `duban-bench-updates-${stack.name}`;
  const updateWorker = await Worker.create({ connection, namespace: client.options.namespace, taskQueue: updateQueue, workflowBundle: updateBundle, dataConverter: stack.dataConverter });
  const updateRunning = updateWorker.run();
  let bareUpdates: Throughput;
  try {
    const handles = await Promise.all(
      Array.from({ length: o.clients }, (_, i) => client.workflow.start(benchUpdates, { taskQueue: updateQueue, workflowId: `bench-updates-${stack.name}-${i}` })),
    );
    await Promise.all(handles.map((h) => h.executeUpdate(bump, { args: [0] }))); // warm: each workflow's first task done
    bareUpdates = await concurrently(perClient(o.completions, o.clients, (c) => c), o.clients, async (c) => {
      await (handles[c] as (typeof handles)[number]).executeUpdate(bump, { args: [1] });
    });
    await Promise.all(handles.map((h) => h.signal(finish)));
  } finally {
    updateWorker.shutdown();
    await updateRunning;
    await connection.close();
  }
  log(`bare updates: ${bareUpdates.perSec.toFixed(0)}/s, p50 ${bareUpdates.p50.toFixed(0)} ms, p99 ${bareUpdates.p99.toFixed(0)} ms`);

  // Step completion through the API: each client on tasks of its own (the open ones of the first assignment), one
  // step after the other, as a village's staff; the clients spread over the stack's APIs.
  const directive = await readModel.directives.current(DIRECTIVE);
  const steps = directive?.steps.map((s) => s.id) ?? [];
  const perClientCount = Math.ceil(o.completions / o.clients);
  const tasksPerClient = Math.ceil(perClientCount / steps.length);
  const openTasks = (await readModel.db
    .prepare(`SELECT id, unit_id FROM tasks WHERE assignment_id = ? AND status = 'open' ORDER BY id LIMIT ?`)
    .all(limited.assignmentId, tasksPerClient * o.clients)) as Array<{ id: string; unit_id: string }>;
  const staff = await Promise.all(
    openTasks.map(async (t) => `Bearer ${await issueToken(stack.tokens, { subject: `bench/staff/${t.unit_id}`, name: 'bench staff', role: 'staff', unitId: t.unit_id })}`),
  );
  const statuses: Record<string, number> = {};
  log(`step completions: ${perClientCount * o.clients} through ${stack.apis.length} API(s), ${o.clients} clients on ${openTasks.length} tasks…`);
  const completions = await concurrently(
    perClient(o.completions, o.clients, (c, k) => {
      const t = c * tasksPerClient + Math.floor(k / steps.length);
      return { task: openTasks[t] as { id: string }, token: staff[t] as string, step: steps[k % steps.length] as string };
    }),
    o.clients,
    async (job, c) => {
      const base = stack.apis[c % stack.apis.length] as string;
      const res = await fetch(`${base}/api/tasks/${job.task.id}/steps/${job.step}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: job.token },
        body: JSON.stringify({ note: 'bench' }),
      });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    },
  );
  log(`step completions: ${completions.perSec.toFixed(0)}/s, p50 ${completions.p50.toFixed(0)} ms, p99 ${completions.p99.toFixed(0)} ms, statuses ${JSON.stringify(statuses)}`);

  // The raw ratio: the same fan-out with the workers' limiter off (another village-level directive), unless the
  // deployment runs with it off already, when it would only repeat the first.
  let unlimited: Awaited<ReturnType<typeof fanOut>> | undefined;
  if (stack.limits.fanOut.startsPerSecond > 0) {
    log('replacing the workers with ones whose fan-out start rate is unlimited…');
    await stack.setFanOutRate(0);
    const villageDirectives = await readModel.directives.published({ level: 'village' });
    const other = villageDirectives.find((d) => d.targetLevel === 'village' && d.id !== DIRECTIVE)?.id ?? DIRECTIVE;
    unlimited = await fanOut(other, 0);
  }

  let latencyExtra: LatencyFigures | undefined;
  if (o.extraTasks > 0) {
    latencyExtra = await withExtraTasks(stack, o, units, () => measureLatency());
  }

  return {
    stack: stack.name,
    villages: o.villages,
    workers: stack.workers,
    limits: {
      startsPerSecondPerWorker: stack.limits.fanOut.startsPerSecond,
      startsInFlightPerWorker: stack.limits.fanOut.startsInFlight,
      workflowTaskSlots: stack.limits.workflowTaskSlots,
      activitySlots: stack.limits.activitySlots,
    },
    rawSeconds: round(rawMs / 1000),
    rawStartPerSec: round(rawStartPerSec),
    fanOut: limited.figures,
    ...(unlimited ? { fanOutUnlimited: unlimited.figures } : {}),
    latency: latencyAtN,
    ...(latencyExtra ? { latencyExtra } : {}),
    xlsx: { rows: Math.min(marked, 10_000), ms: Math.round(xlsxMs), bytes: xlsxBytes },
    bareUpdates,
    stepCompletions: { ...completions, statuses, tasks: openTasks.length },
    taskHistory,
  };
}

/** `count` jobs split evenly over the clients, client c's k-th job made by `make(c, k)`; interleaved for the queue. */
function perClient<J>(count: number, clients: number, make: (client: number, k: number) => J): PerClientJobs<J> {
  const per = Math.ceil(count / clients);
  return { clients: Array.from({ length: clients }, (_, c) => Array.from({ length: per }, (_, k) => make(c, k))) };
}
export interface PerClientJobs<J> {
  clients: J[][];
}

/**
 * Adds `extraTasks` task rows through the read model's bulk insert (registerAssignment), as assignments of other
 * village-level directives over the same villages, every fifth assignment already past its deadline (so overdue), then
 * measures again.
 */
async function withExtraTasks(stack: BenchStack, o: BenchOptions, units: ReturnType<typeof generateProvinceDemo>, measure: () => Promise<LatencyFigures>): Promise<LatencyFigures> {
  const villages = (await Promise.all(units.filter((u) => u.level === 'village').map(async (u) => ({ id: u.id, path: (await stack.readModel.org.get(u.id))?.path as string })))).filter((v) => v.path);
  const directives = await stack.readModel.directives.published({ level: 'village' });
  const t0 = performance.now();
  let added = 0;
  for (let a = 0; added < o.extraTasks; a++) {
    const directive = directives[a % directives.length] as (typeof directives)[number];
    const assignmentId = `bench-extra-${a}`;
    const slice = villages.slice(0, Math.min(villages.length, o.extraTasks - added));
    const createdAt = Date.now() - 60 * 86_400_000;
    await stack.readModel.tasks.registerAssignment(
      {
        id: assignmentId,
        directiveId: directive.id,
        scopeUnitId: (await stack.readModel.org.root())?.id as string,
        targetLevel: 'village',
        createdAt,
        dueAt: a % 5 === 4 ? Date.now() - 86_400_000 : Date.now() + 30 * 86_400_000,
        taskCount: slice.length,
      },
      slice.map((v) => ({ taskId: taskIdOf(assignmentId, v.id), unitId: v.id, unitPath: v.path })),
      directive.steps.map((s) => ({ id: s.id, title: s.title.zh })),
    );
    added += slice.length;
  }
  say(`[${stack.name}] extra tasks: ${added} rows in ${seconds(performance.now() - t0)} s (registerAssignment)`);
  return measure();
}

const EVENT_NAMES: Record<number, string> = {
  1: 'WORKFLOW_EXECUTION_STARTED', 2: 'WORKFLOW_EXECUTION_COMPLETED', 5: 'WORKFLOW_TASK_SCHEDULED', 6: 'WORKFLOW_TASK_STARTED',
  7: 'WORKFLOW_TASK_COMPLETED', 8: 'WORKFLOW_TASK_TIMED_OUT', 9: 'WORKFLOW_TASK_FAILED', 10: 'ACTIVITY_TASK_SCHEDULED',
  11: 'ACTIVITY_TASK_STARTED', 12: 'ACTIVITY_TASK_COMPLETED', 13: 'ACTIVITY_TASK_FAILED', 17: 'TIMER_STARTED', 18: 'TIMER_FIRED',
  40: 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 46: 'WORKFLOW_PROPERTIES_MODIFIED', 47: 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', 48: 'WORKFLOW_EXECUTION_UPDATE_COMPLETED',
};
function eventName(n: number): string {
  return EVENT_NAMES[n] ?? `EVENT_${n}`;
}
