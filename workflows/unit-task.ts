import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { TaskStatusKey } from '../contracts/search-attributes';
import { taskId as successorTaskId } from '../domain/ids';
import {
  acceptTask,
  acknowledgeTask,
  cancelTask,
  declineTask,
  reassignTask,
  completeStep,
  decideExtension,
  getTask,
  requestExtension,
  returnTask,
  urge,
  type UnitTaskInput,
  type UnitTaskWorkflow,
} from '../contracts/unit-task';
import { EntityRuntime } from './entity-runtime';
import { UnitTask } from './unit-task-state';

const { projectTask, startReassignedTask } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // The read model may be briefly unavailable; projection is idempotent, so retry for as long as it takes.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * One unit's task for one assignment: steps to complete and a deadline, with the engine following up — reminders
 * before the deadline, progress checks, overdue at the deadline (the parent unit's supervisor told), escalation to
 * the leader later; extensions move the deadline, returned work is open again. Completed work stays open to be
 * returned until it is accepted or the review window passes; then the task is closed and the workflow ends.
 */
export const unitTaskWorkflow: UnitTaskWorkflow = async (input: UnitTaskInput) => {
  const task = new UnitTask(input);
  let publishedStatus: string | undefined;
  const runtime = new EntityRuntime(
    task,
    {
      project: projectTask,
      published(snapshot) {
        if (snapshot.status === publishedStatus) return;
        upsertSearchAttributes([{ key: TaskStatusKey, value: snapshot.status }]);
        publishedStatus = snapshot.status;
      },
      notification: (notice) => ({
        ...notice,
        subjectType: 'task',
        subjectId: input.taskId,
        unitId: input.unitId,
        directiveId: input.directiveId,
        assignmentId: input.assignmentId,
        at: notice.at ?? Date.now(),
        dueAt: task.dueAt,
      }),
    },
    getTask,
  );

  runtime.update(completeStep, { audited: 'task.completeStep', stepId: (r) => r.stepId, validate: (r, now) => task.validateCompletion(r, now), change: (r, now) => void task.completeStep(r, now) });
  runtime.update(urge, { audited: 'task.urge', validate: () => task.validateUrge(), change: (r, now) => task.urge(r, now) });
  runtime.update(requestExtension, { audited: 'task.requestExtension', validate: (r, now) => task.validateExtensionRequest(r, now), change: (r, now) => task.requestExtension(r, now) });
  runtime.update(decideExtension, { audited: 'task.decideExtension', validate: (r) => task.validateExtensionDecision(r), change: (r, now) => task.decideExtension(r, now) });
  runtime.update(returnTask, { audited: 'task.returnWork', validate: (r) => task.validateReturn(r), change: (r, now) => task.returnWork(r, now) });
  runtime.update(acceptTask, { audited: 'task.acceptWork', validate: () => task.validateAccept(), change: (r, now) => task.accept(r, now) });

  // 签收 and 回退 (domain/acknowledgement.ts); a reassignment starts the successor task before it answers.
  runtime.update(acknowledgeTask, { audited: 'task.acknowledge', validate: () => task.validateAcknowledge(), change: (r, now) => task.acknowledge(r, now) });
  runtime.update(declineTask, { audited: 'task.decline', validate: () => task.validateDecline(), change: (r, now) => task.decline(r, now) });
  runtime.update(cancelTask, { audited: 'task.cancel', validate: (r) => task.validateDecision(r), change: (r, now) => task.cancel(r, now) });
  runtime.update(reassignTask, {
    audited: 'task.reassign',
    validate: (r) => task.validateDecision(r),
    change: async (r, now) => {
      task.reassign(r, successorTaskId(input.assignmentId, r.unitId), now);
      await startReassignedTask({ fromTaskId: input.taskId, ...task.successorOf(r.unitId, now) });
    },
  });

  await runtime.run();
  return task.snapshot();
};
