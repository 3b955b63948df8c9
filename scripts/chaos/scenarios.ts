import type { ClusterProcess } from '../cluster/cluster';
import { checkCompletions, checkOneTaskPerUnit, eventually, settledCount, type CompletionCheck, type TaskCheck } from './checks';
import { startCompletions, WorkQueue, type LoadTally } from './load';
import { recoveryOf, Series, type Recovery } from './series';
import type { ChaosEnv } from './setup';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secondsSince = (t0: number, t = Date.now()) => Number(((t - t0) / 1000).toFixed(1));

export const DIRECTIVE = 'pce-13-display-items';

export interface ScenarioOptions {
  /** Completing clients in (b)–(d). */
  clients: number;
  /** How long Temporal's frontend is away in (d). */
  outageSeconds: number;
  /** Load before a fault, to measure the rate without one. */
  warmupSeconds: number;
  /** After recovering, how long the load goes on (to measure the rate after). */
  tailSeconds: number;
  /** The most the load goes on after a fault's end if the rate does not come back. */
  maxAfterSeconds: number;
  /** The share of the fan-out's tasks started when the worker is killed in (a). */
  killAtShare: number;
  /** Rate buckets of the rate-over-time line. */
  bucketSeconds: number;
}

export const FULL_OPTIONS: ScenarioOptions = {
  clients: 32,
  outageSeconds: 30,
  warmupSeconds: 30,
  tailSeconds: 30,
  maxAfterSeconds: 180,
  killAtShare: 0.3,
  bucketSeconds: 10,
};

export interface ScenarioResult {
  id: 'a' | 'b' | 'c' | 'd' | 'e';
  name: string;
  /** What it was measured on: villages for (a), acknowledged completions for the others. */
  size: number;
  sizeUnit: 'villages' | 'completions';
  lost: number;
  duplicated: number;
  unexpected5xx: number;
  unavailable503: number;
  /** From the fault's end until the rate is back at 80% of the rate before (or all settled); null if it was not. */
  recoverSeconds: number | null;
  /** Per second, without a fault and after recovering. */
  rateBefore: number;
  rateAfter: number;
  rateUnit: 'tasks/s' | 'completions/s';
  /** The rate in consecutive buckets from the scenario's start, and where the fault began and ended (seconds). */
  rates: number[];
  bucketSeconds: number;
  faultAt: number;
  faultEndAt: number;
  faultSeconds: number;
  details: Record<string, unknown>;
}

/** The assignment of (a), whose tasks (b)–(d) complete steps of. */
export interface Shared {
  assignmentId?: string;
  queue?: WorkQueue;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/**
 * (a) `kill -9` of a worker in the middle of one village-level directive's fan-out to every village, and its
 * restart: every village gets exactly one task in Temporal and in the read model, and the rate of tasks settling
 * (their first state projected) comes back.
 */
export async function workerKillMidFanOut(env: ChaosEnv, options: ScenarioOptions, shared: Shared): Promise<ScenarioResult> {
  const { log } = env;
  const n = env.villages;
  const t0 = Date.now();
  // The POST records the tasks and starts the fan-out, which may be well on before it answers: the counts are read
  // from the start, over the directive's tasks (this assignment is its only one here).
  const ofDirective = (where: string) => () =>
    env.readModel.db.prepare(`SELECT count(*) FROM tasks WHERE directive_id = ? AND ${where}`).pluck().get(DIRECTIVE).then(Number);
  const settled = new Series(t0).sample(ofDirective('version >= 1'), 1_000);
  const started = ofDirective('started = 1');
  const posting = env.api.call('POST', '/api/assignments', env.leader, {
    directiveId: DIRECTIVE,
    scopeUnitId: env.root.id,
    targetLevel: 'village',
    dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  let refused = false;
  // When the answer came, not when it is read below (after the kill): the leader waits this long.
  let answeredAt = 0;
  // 201 once every task has started (a small fan-out), 202 while it goes on (a large one).
  void posting.then((answer) => {
    answeredAt = Date.now();
    refused = answer.status !== 201 && answer.status !== 202;
  });
  // Killed once this share of the tasks has started.
  const atKill = await eventually(started, (s) => refused || s >= options.killAtShare * n, 30 * 60_000, 250);
  const worker = env.cluster.workers[0] as ClusterProcess;
  const faultAt = Date.now();
  const settledAtKill = settled.valueAt(faultAt);
  worker.kill('SIGKILL');
  log(`(a) kill -9 ${worker.name} at ${secondsSince(t0)}s: ${atKill}/${n} started, ${settledAtKill} settled`);
  await sleep(2_000);
  const restarting = worker.restart();
  const created = await posting;
  const { id, taskCount } = (created.body ?? {}) as { id?: string; taskCount?: number };
  if ((created.status !== 201 && created.status !== 202) || !id) throw new Error(`the assignment was answered ${created.status}: ${JSON.stringify(created.body).slice(0, 300)}`);
  if (taskCount !== n) throw new Error(`the assignment recorded ${taskCount} tasks, not ${n}`);
  shared.assignmentId = id;
  log(`(a) assignment ${id}: ${n} tasks, answered ${created.status} ${secondsSince(t0, answeredAt)}s after the POST`);
  await restarting;
  const faultEnd = Date.now();
  log(`(a) ${worker.name} restarted (pid ${worker.pid}) ${secondsSince(faultAt)}s after the kill`);

  const timeoutMs = Math.max(10 * 60_000, (n / 10) * 1000);
  let lastLog = Date.now();
  await eventually(
    async () => {
      const s = await settledCount(env, id);
      if (Date.now() - lastLog > 15_000) {
        log(`(a) ${s}/${n} settled at ${secondsSince(t0)}s`);
        lastLog = Date.now();
      }
      return s;
    },
    (s) => s >= n,
    timeoutMs,
  );
  await sleep(1_100);
  settled.stop();
  // The rate without a fault: from the first settled task to the kill.
  const recovery = recoveryOf(settled, { target: n, faultAt, faultEnd, windowMs: options.bucketSeconds * 1000 });
  const fanOut = await eventually(
    async () => (await env.api.call('GET', `/api/assignments/${id}`, env.leader)).body as { fanOut?: { complete?: boolean; started?: number } },
    (a) => a?.fanOut?.complete === true,
    120_000,
  );
  const tasks = await checkOneTaskPerUnit(env, id, n, 180_000);
  log(`(a) checks: read model ${tasks.readModel.tasks} tasks/${tasks.readModel.units} units, Temporal ${tasks.temporal.tasks}/${tasks.temporal.units}`);
  return fanOutResult({
    id: 'a',
    name: 'kill -9 a worker mid fan-out, restart',
    villages: n,
    settled,
    recovery,
    tasks,
    t0,
    faultAt,
    faultEnd,
    bucketSeconds: options.bucketSeconds,
    unexpected5xx: 0,
    details: {
      assignmentId: id,
      startedAtKill: atKill,
      settledAtKill,
      allSettledSeconds: recovery.reachedAt !== undefined ? secondsSince(t0, recovery.reachedAt) : null,
      fanOutComplete: fanOut?.fanOut?.complete === true,
    },
  });
}

/** The result of a fault during a fan-out, from the settled tasks over time and the one-task-per-unit check. */
export function fanOutResult(r: {
  id: ScenarioResult['id'];
  name: string;
  villages: number;
  settled: Series;
  recovery: Recovery;
  tasks: TaskCheck;
  t0: number;
  faultAt: number;
  faultEnd: number;
  bucketSeconds: number;
  unexpected5xx: number;
  details: Record<string, unknown>;
}): ScenarioResult {
  const { reachedAt, recoveredAt } = r.recovery;
  return {
    id: r.id,
    name: r.name,
    size: r.villages,
    sizeUnit: 'villages',
    lost: r.tasks.missing + (reachedAt === undefined ? r.villages - r.settled.valueAt(Date.now()) : 0),
    duplicated: r.tasks.extra,
    unexpected5xx: r.unexpected5xx,
    unavailable503: 0,
    recoverSeconds: recoveredAt !== undefined ? round((recoveredAt - r.faultEnd) / 1000) : null,
    rateBefore: round(r.recovery.before),
    rateAfter: round(r.recovery.after),
    rateUnit: 'tasks/s',
    rates: r.settled.buckets(r.bucketSeconds * 1000).map((rate) => round(rate)),
    bucketSeconds: r.bucketSeconds,
    faultAt: secondsSince(r.t0, r.faultAt),
    faultEndAt: secondsSince(r.t0, r.faultEnd),
    faultSeconds: secondsSince(r.faultAt, r.faultEnd),
    details: { ...r.details, tasks: r.tasks },
  };
}

interface Fault {
  id: 'b' | 'c' | 'd';
  name: string;
  /** Breaks something and brings it back; resolves at the fault's end. */
  inject(env: ChaosEnv): Promise<void>;
}

/**
 * 32 clients complete steps of (a)'s tasks through both APIs; after a warm-up the fault is injected; the load goes
 * on until the rate is back (and a while after) or the time is up. Every completion answered 200 must be in its
 * task with one audit entry, and nothing but 503 may be a 5xx.
 */
async function underCompletions(env: ChaosEnv, options: ScenarioOptions, shared: Shared, fault: Fault): Promise<ScenarioResult> {
  const { log } = env;
  if (!shared.assignmentId) throw new Error(`(${fault.id}) needs the assignment of (a)`);
  shared.queue ??= await WorkQueue.of(env, shared.assignmentId);
  const queue = shared.queue;
  const t0 = Date.now();
  const load = startCompletions(env, queue, options.clients);
  const acked = new Series(t0).sample(() => Promise.resolve(load.count), 500);
  await sleep(options.warmupSeconds * 1000);
  const faultAt = Date.now();
  const rateBefore = acked.rate(t0 + Math.min(5_000, (faultAt - t0) / 4), faultAt);
  log(`(${fault.id}) ${load.count} completions in the warm-up (${rateBefore.toFixed(1)}/s, ${queue.left} left to do); ${fault.name}`);
  await fault.inject(env);
  const faultEnd = Date.now();
  log(`(${fault.id}) fault over after ${secondsSince(faultAt)}s; ${load.tally.unavailable503} answers 503 so far`);
  const windowMs = 5_000;
  let back: number | undefined;
  while (Date.now() < faultEnd + options.maxAfterSeconds * 1000 && queue.left > 0) {
    back ??= acked.backAt(faultEnd, rateBefore, windowMs);
    if (back !== undefined && Date.now() >= back + windowMs + options.tailSeconds * 1000) break;
    await sleep(500);
  }
  // The rates end here; what follows is the requests already in flight getting their answers.
  const end = Date.now();
  const countAtEnd = load.count;
  const tally: LoadTally = await load.stop();
  const drainSeconds = secondsSince(end);
  acked.stop();
  acked.samples.splice(acked.samples.findIndex((s) => s.t > end) >>> 0);
  acked.add(countAtEnd, end);
  back ??= acked.backAt(faultEnd, rateBefore, windowMs);
  const completions: CompletionCheck = await checkCompletions(env, tally.acknowledged);
  // The fault must not have made or lost a task either.
  const tasks: TaskCheck = await checkOneTaskPerUnit(env, shared.assignmentId, env.villages, 180_000);
  const rateAfter = acked.rate(back ?? faultEnd, end);
  log(
    `(${fault.id}) ${completions.acknowledged} acknowledged; not in the task ${completions.notInTask}, not audited ${completions.notAudited}, ` +
      `audited twice ${completions.extraAudit}; 503 ${tally.unavailable503}, other 5xx ${tally.unexpected5xx}, no answer ${tally.noAnswer}; ` +
      `the last requests in flight answered within ${drainSeconds}s of the load's end` +
      (tally.samples.length ? `; e.g. ${tally.samples.slice(0, 3).join(' | ')}` : ''),
  );
  return {
    id: fault.id,
    name: fault.name,
    size: completions.acknowledged,
    sizeUnit: 'completions',
    lost: Math.max(completions.notInTask, completions.notAudited) + tasks.missing,
    duplicated: completions.extraAudit + tasks.extra,
    unexpected5xx: tally.unexpected5xx,
    unavailable503: tally.unavailable503,
    recoverSeconds: back !== undefined ? round((back - faultEnd) / 1000) : null,
    rateBefore: round(rateBefore),
    rateAfter: round(rateAfter),
    rateUnit: 'completions/s',
    rates: acked.buckets(options.bucketSeconds * 1000).map((r) => round(r)),
    bucketSeconds: options.bucketSeconds,
    faultAt: secondsSince(t0, faultAt),
    faultEndAt: secondsSince(t0, faultEnd),
    faultSeconds: secondsSince(faultAt, faultEnd),
    details: { completions, tasks, drainSeconds, noAnswer: tally.noAnswer, retried4xx: tally.retried4xx, refused: tally.refused, samples: tally.samples },
  };
}

/** (b) `kill -9` of the history (+matching) process while the clients complete steps, and its restart. */
export function historyKill(env: ChaosEnv, options: ScenarioOptions, shared: Shared): Promise<ScenarioResult> {
  return underCompletions(env, options, shared, {
    id: 'b',
    name: 'kill -9 Temporal history mid completions, restart',
    async inject({ cluster, log }) {
      const history = cluster.temporal.history;
      const pid = history.pid;
      history.kill('SIGKILL');
      await eventually(() => Promise.resolve(history.alive()), (alive) => !alive, 30_000, 100);
      log(`(b) history (pid ${pid}) killed; restarting it`);
      await history.restart();
    },
  });
}

/** (c) PostgreSQL — the read model's and Temporal's — stopped (fast) and started under the API while the clients complete steps. */
export function postgresRestart(env: ChaosEnv, options: ScenarioOptions, shared: Shared): Promise<ScenarioResult> {
  return underCompletions(env, options, shared, {
    id: 'c',
    name: 'restart PostgreSQL under 32 completing clients',
    async inject({ cluster }) {
      await cluster.postgres.restart();
    },
  });
}

/** (d) Temporal's frontend killed and kept away for the outage, then restarted: the APIs answer 503 meanwhile. */
export function temporalOutage(env: ChaosEnv, options: ScenarioOptions, shared: Shared): Promise<ScenarioResult> {
  return underCompletions(env, options, shared, {
    id: 'd',
    name: `the API loses Temporal for ${options.outageSeconds} s`,
    async inject({ cluster, log }) {
      const frontend = cluster.temporal.frontend;
      frontend.kill('SIGKILL');
      await sleep(options.outageSeconds * 1000);
      log(`(d) restarting the frontend after ${options.outageSeconds}s away`);
      await frontend.restart();
    },
  });
}

export const SCENARIOS = [workerKillMidFanOut, historyKill, postgresRestart, temporalOutage] as const;

/** Whether a scenario's answers kept to the rules: nothing lost or made twice, no 5xx but 503. */
export const clean = (r: ScenarioResult) => r.lost === 0 && r.duplicated === 0 && r.unexpected5xx === 0;
