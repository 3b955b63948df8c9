import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { Router, type Response } from 'express';
import type { Action } from '../../domain/access';
import { z } from 'zod';
import { taskWorkflowId } from '../../domain/ids';
import { visitRecordRefusal } from '../../domain/rounds';
import type { TaskSnapshot } from '../../domain/task';
import { endOfDay } from '../../domain/time';
import type { StoredUnit, TaskRecord } from '../../readmodel';
import { INVALID_FIELD, NOT_ALLOWED, NOT_FOUND as UNKNOWN_STEP } from '../../contracts/refusals';
import { acceptTask, completeStep, decideExtension, requestExtension, returnTask, urge } from '../../contracts/unit-task';
import { Access, allow, principalOf } from '../access';
import { actorOf } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, HttpError, notFound, parse } from '../errors';
import { EvidenceRefs, requireUploads } from './evidence';
import { Id } from '../schemas';
import { taskDetailView } from '../views';

const Reason = z.string().trim().min(1).max(500);
const Note = z.string().max(500).optional();
/** A Shanghai calendar day; a deadline given as a day is the last instant of it. */
const IsoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

const Visit = z.strictObject({
  date: IsoDate,
  visitors: z.string().trim().min(1).max(200),
  findings: z.string().trim().min(1).max(2000),
});

const CompleteStepBody = z.strictObject({
  note: z.string().max(2000).optional(),
  /** Evidence by the SHA-256 of files the task's unit uploaded (POST /api/evidence). */
  evidence: EvidenceRefs.max(20).optional(),
  /** 走访记录: required for the monthly rounds, optional elsewhere. */
  visit: Visit.optional(),
});

// Who acts is the token's person, never a name in the body.
const UrgeBody = z.strictObject({ note: Note });
const ExtensionBody = z.strictObject({ reason: Reason, dueDate: IsoDate });
const DecisionBody = z
  .strictObject({ approve: z.boolean(), dueDate: IsoDate.optional(), note: Note })
  .refine((d) => d.approve || d.dueDate === undefined, { path: ['dueDate'], message: 'is given only with approve: true' });
const ReturnBody = z.strictObject({ reason: Reason, stepIds: z.array(Id).min(1).max(500).optional() });
const AcceptBody = z.strictObject({ note: Note });

const TaskParams = z.object({ taskId: Id });
const StepParams = z.object({ taskId: Id, stepId: Id });

type TaskUpdate<A> = UpdateDefinition<TaskSnapshot, [A]>;

/**
 * Every change to a task goes through its workflow as an update, and only here: the workflow's validators decide
 * what is allowed, and their refusals become client errors. The update returns after the workflow projected the
 * change, so the read model already shows it. `alreadyApplied` tells a closed workflow that did what was asked (a
 * retry) from one that cannot.
 */
export async function updateTask<A>(
  { client, readModel, now = Date.now }: ApiDeps,
  task: TaskRecord,
  update: TaskUpdate<A>,
  request: A,
  alreadyApplied?: (current: TaskRecord) => boolean,
): Promise<TaskRecord> {
  try {
    await client.workflow.getHandle(taskWorkflowId(task.id)).executeUpdate(update, { args: [request] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      if (err.cause.type === UNKNOWN_STEP) throw new HttpError(404, 'not_found', err.cause.message);
      if (err.cause.type === NOT_ALLOWED) throw new HttpError(409, 'not_allowed', err.cause.message);
      if (err.cause.type === INVALID_FIELD) throw badField(String(err.cause.details?.[0] ?? 'body'), err.cause.message);
    }
    if (err instanceof WorkflowNotFoundError) {
      const current = (await readModel.tasks.getTask(task.id)) ?? task;
      if (alreadyApplied?.(current)) return current;
      // Reassigned or cancelled after a 回退 (domain/acknowledgement.ts): no longer anyone's work.
      if (await readModel.acknowledgements.isWithdrawn(task.id)) {
        throw new HttpError(409, 'task_withdrawn', `task ${task.id} was ${current.history?.acknowledgement?.state ?? 'withdrawn'} after it was sent back (回退)`);
      }
      // Completed work closes its workflow (accepted, or the review window passed); an open task's has not started yet.
      if (current.status === 'done') throw new HttpError(409, 'task_closed', `task ${task.id} is closed`);
      throw new HttpError(409, 'task_not_running', `task ${task.id} is not running yet; try again shortly`);
    }
    throw err;
  }
  // As every view shows it: its status at this instant (domain/task.ts taskStatusAt).
  return (await readModel.tasks.getTask(task.id, now())) ?? task;
}

/** Writes to a task: completing steps, 催办, 延期, 退回 and 验收 — each by the roles domain/access.ts allows. */
export function taskActionRoutes(deps: ApiDeps): Router {
  const { readModel, now = Date.now } = deps;
  const router = Router();
  const access = new Access(readModel);

  /** The task, if the person may take `action` on it; 404 before 403 since task ids are not secret. */
  const findTask = async (res: Response, taskId: string, action: Action): Promise<{ task: TaskRecord; unit: StoredUnit }> => {
    const task = await readModel.tasks.getTask(taskId);
    if (!task) throw notFound('task', taskId);
    return { task, unit: await access.unit(res, action, task.unitId) };
  };

  /**
   * 延期审批, 退回 and 验收 are decisions on the task's work: taken at the level that issued its assignment or above,
   * never by the unit that holds it (domain/access.ts `oversees`).
   */
  const DECISIONS: ReadonlySet<Action> = new Set<Action>(['decideExtension', 'returnWork', 'acceptWork']);
  const checkOversight = async (res: Response, task: TaskRecord, holder: StoredUnit) => {
    const assignment = await readModel.tasks.getAssignment(task.assignmentId);
    // A sub-task (分解) was issued by the unit holding the task it was split from.
    const splitFrom = task.parentTaskId !== undefined ? (await readModel.tasks.getTask(task.parentTaskId))?.unitId : undefined;
    const issuer = (await readModel.org.get(splitFrom ?? assignment?.assignedByUnitId ?? assignment?.scopeUnitId ?? task.unitId)) ?? holder;
    await access.oversee(res, issuer, holder, `task ${task.id}`);
  };

  router.post('/api/tasks/:taskId/steps/:stepId/complete', allow('completeStep'), async (req, res) => {
    const { taskId, stepId } = parse(StepParams, req.params, 'params');
    const { task, unit } = await findTask(res, taskId, 'completeStep');
    const body = parse(CompleteStepBody, req.body ?? {}, 'body');
    const step = task.steps.find((s) => s.id === stepId);
    if (!step) throw notFound('step', stepId);
    if (body.evidence) await requireUploads(readModel, unit, body.evidence);
    const startsAt = (await readModel.tasks.getAssignment(task.assignmentId))?.periodStartsAt ?? task.createdAt;
    const refusal = visitRecordRefusal(task.directiveId, body.visit, { startsAt, dueAt: task.dueAt }, now());
    if (refusal) throw badField(refusal.field, refusal.message);
    // Already done: the same answer again, and nothing sent to the workflow.
    if (step.completedAt !== undefined) {
      res.json(await taskDetailView(task, readModel.directives));
      return;
    }
    const isDone = (current: TaskRecord) => current.steps.find((s) => s.id === stepId)?.completedAt !== undefined;
    // The workflow records the audit entry with the change it makes (留痕), so a repeat that changes nothing leaves none.
    const after = await updateTask(deps, task, completeStep, { stepId, ...body, by: principalOf(res).name, actor: actorOf(res) }, isDone);
    res.json(await taskDetailView(after, readModel.directives));
  });

  /** One route per follow-up update: who may send it, its body, and how the body becomes the workflow's request. */
  function action<B, A>(path: string, allowed: Action, schema: z.ZodType<B>, update: TaskUpdate<A>, toRequest: (body: B, by: string) => A) {
    router.post(`/api/tasks/:taskId/${path}`, allow(allowed), async (req, res) => {
      const { taskId } = parse(TaskParams, req.params, 'params');
      const { task, unit } = await findTask(res, taskId, allowed);
      if (DECISIONS.has(allowed)) await checkOversight(res, task, unit);
      const body = parse(schema, req.body ?? {}, 'body');
      const after = await updateTask(deps, task, update, { ...toRequest(body, principalOf(res).name), actor: actorOf(res) });
      res.json(await taskDetailView(after, readModel.directives));
    });
  }

  action('urge', 'urge', UrgeBody, urge, (body, by) => ({ ...body, by }));
  action('extension', 'requestExtension', ExtensionBody, requestExtension, ({ dueDate, ...rest }, by) => ({ ...rest, by, dueAt: endOfDay(dueDate) }));
  action('extension/decision', 'decideExtension', DecisionBody, decideExtension, ({ dueDate, ...rest }, by) => ({
    ...rest,
    by,
    ...(dueDate !== undefined ? { dueAt: endOfDay(dueDate) } : {}),
  }));
  action('return', 'returnWork', ReturnBody, returnTask, (body, by) => ({ ...body, by }));
  action('accept', 'acceptWork', AcceptBody, acceptTask, (body, by) => ({ ...body, by }));

  return router;
}
