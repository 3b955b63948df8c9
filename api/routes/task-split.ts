import { Router } from 'express';
import { z } from 'zod';
import { taskId as taskIdOf } from '../../domain/ids';
import { DEFAULT_LIGHT_THRESHOLDS, type LightThresholds } from '../../domain/lights';
import { emptyCounts, rollup } from '../../domain/rollup';
import { canSplitAt, splitFieldRefusal } from '../../domain/split';
import { LEVEL_NAMES } from '../../domain/org';
import { endOfDay, parseInstant } from '../../domain/time';
import type { ReadModel, TaskRecord } from '../../readmodel';
import { closeSubTask, splitTask } from '../../contracts/unit-task';
import { Access, allow, principalOf } from '../access';
import { actorOf } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, HttpError, notFound, parse } from '../errors';
import { countsView } from '../reports';
import { Id, Instant } from '../schemas';
import { taskDetailView, taskView } from '../views';
import { updateTask } from './task-actions';

const IsoDate = z.iso.date();
const SplitBody = z.strictObject({
  /** Direct children of the holder's unit, each getting one sub-task. */
  unitIds: z.array(Id).min(1).max(500),
  /** A day (its last instant) or an instant; the parent's deadline by default, never later. */
  dueAt: z.union([IsoDate, Instant], { message: 'must be a date YYYY-MM-DD or an ISO-8601 date-time' }).optional(),
  /** A subset of the parent's steps; all of them by default. */
  stepIds: z.array(Id).min(1).max(500).optional(),
});
const CloseBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
const TaskParams = z.object({ taskId: Id });

const dueOf = (text: string) => (IsoDate.safeParse(text).success ? endOfDay(text) : parseInstant(text));

/**
 * A task's sub-tasks as its page shows them, each with its own figures (itself, or its own sub-tasks if split in
 * turn), and the parent's progress: the counted tasks under it (domain/split.ts), which are its sub-tasks' sum.
 */
export async function subTasksView(readModel: ReadModel, task: TaskRecord, now: number, t: LightThresholds) {
  const subTasks = await readModel.tasks.subTasksOf(task.id, now);
  if (subTasks.length === 0) return {};
  const unit = await readModel.org.get(task.unitId);
  const counts = unit ? rollup(await readModel.tasks.rollupRows(unit.path, { assignmentId: task.assignmentId }, now), now, t) : new Map();
  const open = subTasks.some((s) => s.history?.closedByHolder === undefined);
  return {
    subTasks: await Promise.all(
      subTasks.map(async (s) => {
        const own = counts.get(s.unitId);
        return { ...(await taskView(s, readModel.directives)), progress: own ? countsView(own, t) : null };
      }),
    ),
    // While any sub-task stands, the parent is counted as them; once all are closed it counts as itself again.
    ...(open ? { subTaskProgress: countsView(counts.get(task.unitId) ?? emptyCounts(), t) } : {}),
  };
}

/** 分解 and 关闭: a holder hands a task down to child units, and closes what it handed down with a reason. */
export function taskSplitRoutes(deps: ApiDeps): Router {
  const { readModel, now = Date.now, lights = DEFAULT_LIGHT_THRESHOLDS } = deps;
  const router = Router();
  const access = new Access(readModel);

  const detail = async (task: TaskRecord) => ({
    ...(await taskDetailView(task, readModel.directives)),
    ...(await subTasksView(readModel, task, now(), lights)),
  });

  router.post('/api/tasks/:taskId/split', allow('splitTask'), async (req, res) => {
    const { taskId } = parse(TaskParams, req.params, 'params');
    const task = await readModel.tasks.getTask(taskId, now());
    if (!task) throw notFound('task', taskId);
    const holder = await access.unit(res, 'splitTask', task.unitId);
    if (!canSplitAt(holder.level)) {
      throw new HttpError(403, 'forbidden', `a task at ${LEVEL_NAMES[holder.level]} level cannot be split: there is no level below it`);
    }
    const body = parse(SplitBody, req.body ?? {}, 'body');
    const dueAt = body.dueAt === undefined ? task.dueAt : dueOf(body.dueAt);
    if (dueAt === undefined) throw badField('dueAt', 'dueAt: not a valid date-time');
    const own = task.steps.map((s) => s.id);
    // The only children splitFieldRefusal asks for are the holder's, read here once.
    const holderChildren = await readModel.org.children(task.unitId);
    const childrenOf = (id: string) => (id === task.unitId ? holderChildren : []);
    const refusal = splitFieldRefusal({ unitId: task.unitId, dueAt: task.dueAt, stepIds: own }, { unitIds: body.unitIds, dueAt, stepIds: body.stepIds ?? own }, childrenOf, now());
    if (refusal) throw badField(refusal.field, refusal.message);
    // The parent's order, so the same steps named in another order are the same request.
    const stepIds = own.filter((id) => (body.stepIds ?? own).includes(id));
    const children = body.unitIds.map((unitId) => ({ taskId: taskIdOf(task.assignmentId, unitId), unitId }));
    const existing = await Promise.all(children.map((c) => readModel.tasks.getTask(c.taskId)));
    const foreign = existing.find((e) => e !== undefined && e.parentTaskId !== task.id);
    if (foreign) throw new HttpError(409, 'not_allowed', `${foreign.unitName} (${foreign.unitId}) already holds task ${foreign.id} of this assignment`);
    const after = await updateTask(deps, task, splitTask, { children, dueAt, stepIds, by: principalOf(res).name, actor: actorOf(res) });
    // Every named unit had its sub-task already, on these terms (the workflow refuses other terms): a retry.
    const replayed = existing.every((e) => e !== undefined);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).json(await detail((await readModel.tasks.getTask(after.id, now())) ?? after));
  });

  router.post('/api/tasks/:taskId/close', allow('splitTask'), async (req, res) => {
    const { taskId } = parse(TaskParams, req.params, 'params');
    const task = await readModel.tasks.getTask(taskId, now());
    if (!task) throw notFound('task', taskId);
    const parent = task.parentTaskId === undefined ? undefined : await readModel.tasks.getTask(task.parentTaskId);
    // Its parent's holder closes a sub-task; any other task is the business of its own unit, which may hear why not.
    await access.unit(res, 'splitTask', parent?.unitId ?? task.unitId);
    if (!parent) throw new HttpError(409, 'not_allowed', `task ${taskId} is not a sub-task; only a sub-task is closed by the holder of its parent`);
    const { reason } = parse(CloseBody, req.body ?? {}, 'body');
    const closedBefore = task.history?.closedByHolder !== undefined;
    const after = await updateTask(deps, task, closeSubTask, { reason, by: principalOf(res).name, actor: actorOf(res) }, (current) => current.history?.closedByHolder !== undefined);
    if (closedBefore) res.setHeader('Idempotent-Replayed', 'true');
    res.json(await detail((await readModel.tasks.getTask(after.id, now())) ?? after));
  });

  return router;
}
