import { Router, type Response } from 'express';
import { z } from 'zod';
import type { TaskRecord } from '../../readmodel';
import { DEFAULT_LIGHT_THRESHOLDS } from '../../domain/lights';
import { Access, allow } from '../access';
import { subTasksView } from './task-split';
import type { ApiDeps } from '../deps';
import { notFound, parse } from '../errors';
import { Id, Paging, StateFilter } from '../schemas';
import { auditView, taskDetailView, taskView } from '../views';

const TaskListQuery = z.strictObject({
  unitId: Id.optional(),
  assignmentId: Id.optional(),
  state: StateFilter.optional(),
  ...Paging,
});

const HistoryQuery = z.strictObject({ ...Paging });

/** Reading tasks, each within the reader's subtree; changes to them go through their workflows (task-actions.ts). */
export function taskRoutes({ readModel, now = Date.now, lights = DEFAULT_LIGHT_THRESHOLDS }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);

  /** The task, if the person may take `action` (a kind of reading) on it. */
  const readableTask = async (res: Response, taskId: string, action: 'read' | 'readAudit'): Promise<TaskRecord> => {
    const task = await readModel.tasks.getTask(taskId, now());
    if (!task) throw notFound('task', taskId);
    await access.unit(res, action, task.unitId);
    return task;
  };

  router.get('/api/tasks', allow('read'), async (req, res) => {
    const query = parse(TaskListQuery, req.query, 'query');
    if (query.unitId !== undefined) await access.unit(res, 'read', query.unitId, 'unitId');
    const { total, tasks } = await readModel.tasks.listTasks({ ...query, withinPath: (await access.home(res)).path, now: now() });
    res.json({ total, limit: query.limit, offset: query.offset, tasks: await Promise.all(tasks.map((t) => taskView(t, readModel.directives))) });
  });

  router.get('/api/tasks/:taskId', allow('read'), async (req, res) => {
    const { taskId } = parse(z.object({ taskId: Id }), req.params, 'params');
    const task = await readableTask(res, taskId, 'read');
    // 分解: a split task lists its sub-tasks and shows their progress as its own.
    res.json({ ...(await taskDetailView(task, readModel.directives)), ...(await subTasksView(readModel, task, now(), lights)) });
  });

  /** The task's audit trail: every change anyone made to it, oldest first. */
  router.get('/api/tasks/:taskId/history', allow('readAudit'), async (req, res) => {
    const { taskId } = parse(z.object({ taskId: Id }), req.params, 'params');
    const query = parse(HistoryQuery, req.query, 'query');
    const task = await readableTask(res, taskId, 'readAudit');
    const { total, entries } = await readModel.audit.ofSubject('task', task.id, query);
    res.json({
      taskId: task.id,
      total,
      limit: query.limit,
      offset: query.offset,
      entries: await Promise.all(entries.map((e) => auditView(e, readModel.directives))),
    });
  });

  return router;
}
