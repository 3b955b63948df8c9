import { AssignmentIdKey, UnitIdKey } from '../../contracts/search-attributes';
import { UNIT_TASK_WORKFLOW } from '../../contracts/unit-task';
import type { ChaosEnv } from './setup';

/** What the checks read: the read model and Temporal's visibility. */
type Sources = Pick<ChaosEnv, 'readModel' | 'temporal'>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `done` says so or the time is up; the last value either way. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, everyMs = 2_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch {
      // the database or Temporal still coming back: try again
    }
    if (Date.now() > deadline) return last;
    await sleep(everyMs);
  }
}

export interface TaskCount {
  /** Rows (read model) or workflows (Temporal). */
  tasks: number;
  /** Distinct units among them. */
  units: number;
}

/** The read model's tasks of an assignment: rows, distinct units, and those whose workflow has projected itself. */
export async function readModelTasks(env: Sources, assignmentId: string): Promise<TaskCount & { settled: number }> {
  const row = (await env.readModel.db
    .prepare(
      `SELECT count(*) AS tasks, count(DISTINCT unit_id) AS units, count(*) FILTER (WHERE version >= 1) AS settled
       FROM tasks WHERE assignment_id = ?`,
    )
    .get(assignmentId)) as { tasks: number | string; units: number | string; settled: number | string };
  return { tasks: Number(row.tasks), units: Number(row.units), settled: Number(row.settled) };
}

export async function settledCount(env: Sources, assignmentId: string): Promise<number> {
  return Number(await env.readModel.db.prepare('SELECT count(*) FROM tasks WHERE assignment_id = ? AND version >= 1').pluck().get(assignmentId));
}

/** Temporal's task workflows of an assignment, found through visibility by its search attribute, per unit. */
export async function temporalTasks(env: Sources, assignmentId: string): Promise<TaskCount> {
  const perUnit = new Map<string, number>();
  let tasks = 0;
  const query = `${AssignmentIdKey.name} = '${assignmentId}' AND WorkflowType = '${UNIT_TASK_WORKFLOW}'`;
  for await (const wf of env.temporal.workflow.list({ query, pageSize: 1000 })) {
    tasks++;
    const unit = wf.typedSearchAttributes.get(UnitIdKey) ?? wf.workflowId;
    perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
  }
  return { tasks, units: perUnit.size };
}

export interface TaskCheck {
  expectedUnits: number;
  readModel: TaskCount;
  temporal: TaskCount;
  /** Units without a task in either. */
  missing: number;
  /** Tasks beyond one per unit, in both. */
  extra: number;
}

/**
 * Exactly one task per unit, in the read model and in Temporal. Visibility is eventually consistent: it is asked
 * until it counts every unit (or the wait is over), and a count above is kept as found.
 */
export async function checkOneTaskPerUnit(env: Sources, assignmentId: string, expectedUnits: number, waitMs: number): Promise<TaskCheck> {
  const readModel = (await eventually(() => readModelTasks(env, assignmentId), (c) => c.units >= expectedUnits, waitMs)) ?? { tasks: 0, units: 0 };
  const temporal = (await eventually(() => temporalTasks(env, assignmentId), (c) => c.units >= expectedUnits, waitMs, 5_000)) ?? { tasks: 0, units: 0 };
  return {
    expectedUnits,
    readModel: { tasks: readModel.tasks, units: readModel.units },
    temporal,
    missing: Math.max(0, expectedUnits - Math.min(readModel.units, temporal.units)),
    extra: readModel.tasks - readModel.units + (temporal.tasks - temporal.units),
  };
}

export interface Completion {
  taskId: string;
  stepId: string;
}

export interface CompletionCheck {
  acknowledged: number;
  /** Acknowledged with 200 but not complete in the read model's task. */
  notInTask: number;
  /** Acknowledged with 200 but with no audit entry. */
  notAudited: number;
  /** Audit entries beyond one per completion. */
  extraAudit: number;
}

/** Every completion answered 200 is in its task (the read model, which the update projected before answering) with one audit entry. */
export async function checkCompletions(env: ChaosEnv, acknowledged: readonly Completion[]): Promise<CompletionCheck> {
  const taskIds = [...new Set(acknowledged.map((c) => c.taskId))];
  const completed = new Set<string>();
  const audited = new Map<string, number>();
  for (let i = 0; i < taskIds.length; i += 1_000) {
    const ids = taskIds.slice(i, i + 1_000);
    const rows = (await env.readModel.db.prepare('SELECT id, steps_json FROM tasks WHERE id = ANY(?)').all([ids])) as Array<{ id: string; steps_json: string }>;
    for (const row of rows) {
      for (const step of JSON.parse(row.steps_json) as Array<{ id: string; completedAt?: number }>) {
        if (step.completedAt !== undefined) completed.add(`${row.id}/${step.id}`);
      }
    }
    const entries = (await env.readModel.db
      .prepare(`SELECT subject_id, step_id, count(*) AS n FROM audit_log WHERE action = 'task.completeStep' AND subject_id = ANY(?) GROUP BY subject_id, step_id`)
      .all([ids])) as Array<{ subject_id: string; step_id: string; n: number | string }>;
    for (const e of entries) audited.set(`${e.subject_id}/${e.step_id}`, Number(e.n));
  }
  let notInTask = 0;
  let notAudited = 0;
  let extraAudit = 0;
  for (const c of acknowledged) {
    const key = `${c.taskId}/${c.stepId}`;
    if (!completed.has(key)) notInTask++;
    const n = audited.get(key) ?? 0;
    if (n === 0) notAudited++;
    extraAudit += Math.max(0, n - 1);
  }
  return { acknowledged: acknowledged.length, notInTask, notAudited, extraAudit };
}
