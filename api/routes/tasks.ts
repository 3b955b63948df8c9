import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Router } from 'express';
import { z } from 'zod';
import { taskWorkflowId } from '../../domain/ids';
import { completeStep } from '../../workflows/unit-task';
import { UNKNOWN_STEP } from '../../workflows/unit-task-state';
import type { ApiDeps } from '../deps';
import { HttpError, notFound, parse } from '../errors';
import { Id, Paging, StateFilter } from '../schemas';
import { taskDetailView, taskView } from '../views';

const TaskListQuery = z.strictObject({
  unitId: Id.optional(),
  assignmentId: Id.optional(),
  state: StateFilter.optional(),
  ...Paging,
});

const StepParams = z.object({ taskId: Id, stepId: Id });

const CompleteStepBody = z.strictObject({
  note: z.string().max(2000).optional(),
  /** References to evidence (file names, links, ledger numbers); uploads come with the evidence store. */
  evidence: z.array(z.string().min(1).max(1000)).max(20).optional(),
});

export function taskRoutes({ client, readModel }: ApiDeps): Router {
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

  router.post('/api/tasks/:taskId/steps/:stepId/complete', async (req, res) => {
    const { taskId, stepId } = parse(StepParams, req.params, 'params');
    const body = parse(CompleteStepBody, req.body ?? {}, 'body');
    const task = readModel.tasks.getTask(taskId);
    if (!task) throw notFound('task', taskId);
    const step = task.steps.find((s) => s.id === stepId);
    if (!step) throw notFound('step', stepId);
    // Already done: the same answer again, and nothing sent to the workflow.
    if (step.completedAt !== undefined) {
      res.json(taskDetailView(task));
      return;
    }
    try {
      await client.workflow
        .getHandle(taskWorkflowId(taskId))
        .executeUpdate(completeStep, { args: [{ stepId, ...body }] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === UNKNOWN_STEP) {
        throw notFound('step', stepId);
      }
      if (err instanceof WorkflowNotFoundError) {
        const current = readModel.tasks.getTask(taskId);
        if (current?.steps.find((s) => s.id === stepId)?.completedAt !== undefined) {
          res.json(taskDetailView(current));
          return;
        }
        throw new HttpError(409, 'task_not_running', `task ${taskId} is not running yet; try again shortly`);
      }
      throw err;
    }
    // The update returns only after the workflow projected the change, so the read model already shows it.
    res.json(taskDetailView(readModel.tasks.getTask(taskId) ?? task));
  });

  return router;
}
