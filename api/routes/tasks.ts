import { Router, type Response } from 'express';
import { z } from 'zod';
import type { TaskRecord } from '../../readmodel';
import { Access, allow } from '../access';
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
export function taskRoutes({ readModel, now = Date.now }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);

  /** The task, if the person may take `action` (a kind of reading) on it. */
  const readableTask = (res: Response, taskId: string, action: 'read' | 'readAudit'): TaskRecord => {
    const task = readModel.tasks.getTask(taskId, now());
    if (!task) throw notFound('task', taskId);
    access.unit(res, action, task.unitId);
    return task;
  };

  router.get('/api/tasks', allow('read'), (req, res) => {
    const query = parse(TaskListQuery, req.query, 'query');
    if (query.unitId !== undefined) access.unit(res, 'read', query.unitId, 'unitId');
    const { total, tasks } = readModel.tasks.listTasks({ ...query, withinPath: access.home(res).path, now: now() });
    res.json({ total, limit: query.limit, offset: query.offset, tasks: tasks.map((t) => taskView(t, readModel.directives)) });
  });

  router.get('/api/tasks/:taskId', allow('read'), (req, res) => {
    const { taskId } = parse(z.object({ taskId: Id }), req.params, 'params');
    res.json(taskDetailView(readableTask(res, taskId, 'read'), readModel.directives));
  });

  /** The task's audit trail: every change anyone made to it, oldest first. */
  router.get('/api/tasks/:taskId/history', allow('readAudit'), (req, res) => {
    const { taskId } = parse(z.object({ taskId: Id }), req.params, 'params');
    const query = parse(HistoryQuery, req.query, 'query');
    const task = readableTask(res, taskId, 'readAudit');
    const { total, entries } = readModel.audit.ofSubject('task', task.id, query);
    res.json({ taskId: task.id, total, limit: query.limit, offset: query.offset, entries: entries.map((e) => auditView(e, readModel.directives)) });
  });

  return router;
}
