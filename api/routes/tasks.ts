import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { notFound, parse } from '../errors';
import { Id, Paging, StateFilter } from '../schemas';
import { taskDetailView, taskView } from '../views';

const TaskListQuery = z.strictObject({
  unitId: Id.optional(),
  assignmentId: Id.optional(),
  state: StateFilter.optional(),
  ...Paging,
});

/** Reading tasks; changes to them go through their workflows (task-actions.ts). */
export function taskRoutes({ readModel }: ApiDeps): Router {
  const router = Router();

  router.get('/api/tasks', (req, res) => {
    const query = parse(TaskListQuery, req.query, 'query');
    const tasks = readModel.tasks.listTasks(query);
    res.json({ tasks: tasks.map(taskView), limit: query.limit, offset: query.offset });
  });

  router.get('/api/tasks/:taskId', (req, res) => {
    const { taskId } = parse(z.object({ taskId: Id }), req.params, 'params');
    const task = readModel.tasks.getTask(taskId);
    if (!task) throw notFound('task', taskId);
    res.json(taskDetailView(task));
  });

  return router;
}
