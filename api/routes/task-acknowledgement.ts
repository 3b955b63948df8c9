import { Router, type Response } from 'express';
import { z } from 'zod';
import { acknowledgementRefusal, isWithdrawn, reassignmentRefusal, type AcknowledgementState } from '../../domain/acknowledgement';
import type { Action } from '../../domain/access';
import type { StoredUnit, TaskRecord } from '../../readmodel';
import { acknowledgeTask, cancelTask, declineTask, reassignTask } from '../../contracts/unit-task';
import { Access, allow, principalOf } from '../access';
import { actorOf } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, HttpError, notFound, parse } from '../errors';
import { Id } from '../schemas';
import { taskDetailView } from '../views';
import { updateTask } from './task-actions';

const TaskParams = z.object({ taskId: Id });
const Note = z.string().trim().max(500).optional();
const AcknowledgeBody = z.strictObject({});
const DeclineBody = z.strictObject({ reason: z.string({ message: 'is required: why the task is not this unit’s' }).trim().min(1, 'is required').max(500) });
const CancelBody = z.strictObject({ note: Note });
const ReassignBody = z.strictObject({ unitId: Id, note: Note });

const stateOf = (task: TaskRecord): AcknowledgementState | undefined => task.history?.acknowledgement?.state;

/**
 * 签收 and 回退 (domain/acknowledgement.ts): the holding unit acknowledges a task or sends it back as wrongly assigned;
 * the issuing leader then reassigns it to another unit (改派) or cancels it (撤销). Every change goes through the
 * task's workflow, which records its audit entry; a repeat answers the task as it stands (200) and changes nothing; a
 * step its state refuses is 409 `not_allowed`.
 */
export function taskAcknowledgementRoutes(deps: ApiDeps): Router {
  const { readModel } = deps;
  const router = Router();
  const access = new Access(readModel);

  const findTask = async (res: Response, taskId: string, action: Action): Promise<{ task: TaskRecord; unit: StoredUnit }> => {
    const task = await readModel.tasks.getTask(taskId);
    if (!task) throw notFound('task', taskId);
    return { task, unit: await access.unit(res, action, task.unitId) };
  };

  /** A repeat: the task as it stands, nothing changed (and nothing audited). */
  const replay = async (res: Response, task: TaskRecord): Promise<void> => {
    res.set('Idempotent-Replayed', 'true').json(await taskDetailView(task, readModel.directives));
  };

  /** The state refuses this step (the workflow's validators say the same; this answers a closed task too). */
  const refuse = (task: TaskRecord, step: 'acknowledge' | 'decline' | 'decide') => {
    const state = stateOf(task);
    const refusal = state && acknowledgementRefusal(state, step);
    if (refusal) throw new HttpError(409, 'not_allowed', refusal);
  };

  /** The decision belongs to the issuing level or above, never to the holder (domain/access.ts oversees). */
  const checkOversight = async (res: Response, task: TaskRecord, holder: StoredUnit) => {
    const assignment = await readModel.tasks.getAssignment(task.assignmentId);
    const issuer = (await readModel.org.get(assignment?.assignedByUnitId ?? assignment?.scopeUnitId ?? task.unitId)) ?? holder;
    await access.oversee(res, issuer, holder, `task ${task.id}`);
  };

  router.post('/api/tasks/:taskId/acknowledge', allow('acknowledgeTask'), async (req, res) => {
    const { taskId } = parse(TaskParams, req.params, 'params');
    const { task } = await findTask(res, taskId, 'acknowledgeTask');
    parse(AcknowledgeBody, req.body ?? {}, 'body');
    if (stateOf(task) === 'acknowledged') return replay(res, task);
    refuse(task, 'acknowledge');
    const done = (current: TaskRecord) => stateOf(current) === 'acknowledged';
    const after = await updateTask(deps, task, acknowledgeTask, { by: principalOf(res).name, actor: actorOf(res) }, done);
    res.json(await taskDetailView(after, readModel.directives));
  });

  router.post('/api/tasks/:taskId/decline', allow('declineTask'), async (req, res) => {
    const { taskId } = parse(TaskParams, req.params, 'params');
    const { task } = await findTask(res, taskId, 'declineTask');
    const body = parse(DeclineBody, req.body ?? {}, 'body');
    if (stateOf(task) === 'declined') return replay(res, task);
    refuse(task, 'decline');
    const done = (current: TaskRecord) => stateOf(current) === 'declined';
    const after = await updateTask(deps, task, declineTask, { ...body, by: principalOf(res).name, actor: actorOf(res) }, done);
    res.json(await taskDetailView(after, readModel.directives));
  });

  router.post('/api/tasks/:taskId/cancel', allow('decideDecline'), async (req, res) => {
    const { taskId } = parse(TaskParams, req.params, 'params');
    const { task, unit } = await findTask(res, taskId, 'decideDecline');
    await checkOversight(res, task, unit);
    const body = parse(CancelBody, req.body ?? {}, 'body');
    if (stateOf(task) === 'cancelled') return replay(res, task);
    refuse(task, 'decide');
    const done = (current: TaskRecord) => stateOf(current) === 'cancelled';
    const after = await updateTask(deps, task, cancelTask, { ...body, by: principalOf(res).name, actor: actorOf(res) }, done);
    res.json(await taskDetailView(after, readModel.directives));
  });

  router.post('/api/tasks/:taskId/reassign', allow('decideDecline'), async (req, res) => {
    const { taskId } = parse(TaskParams, req.params, 'params');
    const { task, unit } = await findTask(res, taskId, 'decideDecline');
    await checkOversight(res, task, unit);
    const body = parse(ReassignBody, req.body ?? {}, 'body');
    const target = await access.unit(res, 'decideDecline', body.unitId, 'unitId');
    const sentTo = (current: TaskRecord) => current.history?.acknowledgement?.reassignedTo?.unitId;
    // A retry of the same reassignment answers it; another unit for a task already decided is a conflict.
    if (stateOf(task) === 'reassigned' && sentTo(task) === body.unitId) return replay(res, task);
    refuse(task, 'decide');
    const refusal = reassignmentRefusal(unit, target, false);
    if (refusal) throw badField('unitId', `unitId: ${refusal}`);
    if (await readModel.acknowledgements.holdsTask(task.assignmentId, target.id)) {
      throw new HttpError(409, 'task_exists', `${target.name} (${target.id}) already holds (or held) a task of assignment ${task.assignmentId}`);
    }
    // The fan-out walks the assignment's rows in order; a row moved while it runs could be skipped.
    const assignment = await readModel.tasks.getAssignment(task.assignmentId);
    if (assignment && (await readModel.tasks.startedTaskCount(assignment.id)) < assignment.taskCount) {
      throw new HttpError(409, 'fan_out_running', `assignment ${assignment.id} is still issuing its tasks; try again shortly`);
    }
    const done = (current: TaskRecord) => stateOf(current) === 'reassigned' && sentTo(current) === body.unitId;
    const after = await updateTask(deps, task, reassignTask, { ...body, by: principalOf(res).name, actor: actorOf(res) }, done);
    if (isWithdrawn(stateOf(after) ?? 'pending') && !done(after)) throw new HttpError(409, 'not_allowed', `task ${task.id} was already decided`);
    res.json(await taskDetailView(after, readModel.directives));
  });

  return router;
}
