import { levelIndex, ORG_LEVELS, type OrgLevel } from './org';

/**
 * 分解/逐级再分派: the holder of a task hands parts of it down to chosen child units as sub-tasks — ordinary unit
 * tasks of the same assignment, one per child unit, each recording its parent. The rules every layer reads:
 *
 * - Who: the roles the role table (domain/access.ts ACTIONS.splitTask) lets act for the task's own unit, and only at
 *   a level with a level below it: a village (村社区) task is never split.
 * - Which children: direct children of the holder's unit, each at most once per task (a sub-task is started exactly
 *   once; its id is the assignment's task id of the child unit, domain/ids.ts taskId, which also makes it unique
 *   within the assignment, since an assignment holds at most one task per unit).
 * - Deadline: no later than the parent's; steps: a subset of the parent's (all by default).
 * - Completion: the parent cannot be completed (its last step, or 验收) while a sub-task is open; the holder may
 *   close an open sub-task with a reason (关闭), which ends it — only once its own sub-tasks, if any, are closed, so
 *   nothing under a closed task is ever counted.
 *
 * Counting (roll-ups never count a task twice): a split task is counted as its sub-tasks, not as itself. A task
 * counts in every report — /api/assignments/:id/rollup and …/progress, the unit summary and its ranking, the
 * assignment list's counts and the overdue list — exactly when it is not closed by its parent's holder and has no
 * sub-task that is (isCounted). Sub-tasks sit one level below their parent, so the counted tasks under a split
 * task's unit are exactly its representation: a parent's progress equals the sum of its children's, every roll-up
 * node stays the sum of its children, and a total is the number of distinct pieces of work. A parent whose every
 * sub-task was closed counts as itself again. A split task's own steps (those it kept) gate its own completion and
 * its own reminders, but are not counted in roll-ups; its task page shows them.
 */

/** Whether a task at `level` may be split at all: only where a level exists below it. */
export function canSplitAt(level: OrgLevel): boolean {
  return levelIndex(level) < ORG_LEVELS.length - 1;
}

/** A sub-task's standing as its parent keeps it: open work blocks the parent's completion. */
export type SubTaskStanding = 'open' | 'done' | 'closed';

/** The parent's record of a sub-task it started. */
export interface SubTaskRef {
  taskId: string;
  unitId: string;
  dueAt: number;
  stepIds: string[];
  standing: SubTaskStanding;
}

/** One 分解 as the parent's history keeps it. */
export interface SplitRecord {
  at: number;
  by: string;
  unitIds: string[];
  dueAt: number;
  stepIds: string[];
}

/** 关闭: an open sub-task ended by its parent's holder, with the reason. */
export interface SubTaskClosure {
  at: number;
  by: string;
  reason: string;
}

/** Whether a task counts in roll-ups (see above), from what the read model keeps of it and its sub-tasks. */
export function isCounted(task: { closedByHolder?: unknown }, subTasks: ReadonlyArray<{ closedByHolder?: unknown }>): boolean {
  return task.closedByHolder === undefined && subTasks.every((s) => s.closedByHolder !== undefined);
}

/**
 * Why a split request's terms are refused, field by field (400), or undefined: units must be direct children of the
 * holder's unit, the deadline no later than the parent's, the steps the parent's own.
 */
export function splitFieldRefusal(
  parent: { unitId: string; dueAt: number; stepIds: readonly string[] },
  request: { unitIds: readonly string[]; dueAt: number; stepIds: readonly string[] },
  childrenOf: (unitId: string) => ReadonlyArray<{ id: string }>,
  now: number,
): { field: 'unitIds' | 'dueAt' | 'stepIds'; message: string } | undefined {
  const children = new Set(childrenOf(parent.unitId).map((c) => c.id));
  const strangers = request.unitIds.filter((id) => !children.has(id));
  if (strangers.length > 0) {
    return { field: 'unitIds', message: `unitIds: ${strangers.join(', ')} ${strangers.length === 1 ? 'is not a direct child' : 'are not direct children'} of ${parent.unitId}` };
  }
  if (new Set(request.unitIds).size !== request.unitIds.length) return { field: 'unitIds', message: 'unitIds: a unit is named twice' };
  if (request.dueAt > parent.dueAt) return { field: 'dueAt', message: 'dueAt: a sub-task is due no later than its parent task' };
  if (request.dueAt <= now) return { field: 'dueAt', message: 'dueAt: must be in the future' };
  const unknown = request.stepIds.filter((id) => !parent.stepIds.includes(id));
  if (unknown.length > 0) return { field: 'stepIds', message: `stepIds: the task has no step ${unknown.join(', ')}` };
  if (new Set(request.stepIds).size !== request.stepIds.length) return { field: 'stepIds', message: 'stepIds: a step is named twice' };
  return undefined;
}
