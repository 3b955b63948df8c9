import { getExternalWorkflowHandle, patched, proxyActivities, proxyLocalActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { taskWorkflowId } from '../domain/ids';
import { TaskStatusKey } from '../contracts/search-attributes';
import { taskId as successorTaskId } from '../domain/ids';
import {
  acceptTask,
  acknowledgeTask,
  cancelTask,
  declineTask,
  reassignTask,
  closeSubTask,
  completeStep,
  decideExtension,
  getTask,
  requestExtension,
  returnTask,
  splitTask,
  subTaskStanding,
  urge,
  type UnitTaskInput,
  type UnitTaskWorkflow,
} from '../contracts/unit-task';
import type { SubTaskStanding } from '../domain/split';
import type { TaskSnapshot } from '../domain/task';
import { EntityRuntime } from './entity-runtime';
import { standingOf, UnitTask } from './unit-task-state';

const { startSubTasks } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  // Recording and starting sub-tasks is idempotent (start-once by id), so a retry finishes what a crash left.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const projection = {
  startToCloseTimeout: '30 seconds',
  // The read model may be briefly unavailable; projection is idempotent, so retry for as long as it takes.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

const { projectTask, startReassignedTask } = proxyActivities<ReturnType<typeof createActivities>>(projection);

// A projection is one short idempotent write: as a local activity it runs in the workflow task that made the change,
// and the change answers in that task — no activity task through the server, a third of the history events, and a
// step completion waits for one round trip instead of three.
const { projectTask: projectTaskLocally } = proxyLocalActivities<ReturnType<typeof createActivities>>(projection);

/** The patch that moved projections to a local activity; workflows started before it keep the activity. */
const LOCAL_PROJECTION_PATCH = 'local-projection';

/**
 * One unit's task for one assignment: steps to complete and a deadline, with the engine following up — reminders
 * before the deadline, progress checks, overdue at the deadline (the parent unit's supervisor told), escalation to
 * the leader later; extensions move the deadline, returned work is open again. Completed work stays open to be
 * returned until it is accepted or the review window passes; then the task is closed and the workflow ends.
 */
export const unitTaskWorkflow: UnitTaskWorkflow = async (input: UnitTaskInput) => {
  const task = new UnitTask(input);
  // The start sets the status attribute to open (contracts/unit-task.ts); a starter that wrote the first state leaves
  // nothing to publish until the first change.
  let publishedStatus: string | undefined = input.firstStateWritten ? 'open' : undefined;
  // 分解: a sub-task tells its parent each change of its standing as it is written, before the change answers, so the
  // parent knows it first; a parent that has ended has nothing left to block.
  const parent = input.parentTaskId === undefined ? undefined : getExternalWorkflowHandle(taskWorkflowId(input.parentTaskId));
  let toldParent: SubTaskStanding = 'open';
  const tellParent = async (snapshot: TaskSnapshot) => {
    const standing = standingOf(snapshot);
    if (!parent || standing === toldParent) return;
    toldParent = standing;
    await parent.signal(subTaskStanding, { taskId: input.taskId, standing }).catch(() => undefined);
  };
  const runtime = new EntityRuntime(
    task,
    {
      project: (snapshot, changes) => (patched(LOCAL_PROJECTION_PATCH) ? projectTaskLocally : projectTask)(snapshot, changes),
      settle: tellParent,
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
    { publishedVersion: input.firstStateWritten ? task.version : 0 },
  );

  runtime.update(completeStep, { audited: 'task.completeStep', stepId: (r) => r.stepId, validate: (r, now) => task.validateCompletion(r, now), change: (r, now) => void task.completeStep(r, now) });
  runtime.update(urge, { audited: 'task.urge', validate: () => task.validateUrge(), change: (r, now) => task.urge(r, now) });
  runtime.update(requestExtension, { audited: 'task.requestExtension', validate: (r, now) => task.validateExtensionRequest(r, now), change: (r, now) => task.requestExtension(r, now) });
  runtime.update(decideExtension, { audited: 'task.decideExtension', validate: (r) => task.validateExtensionDecision(r), change: (r, now) => task.decideExtension(r, now) });
  runtime.update(returnTask, { audited: 'task.returnWork', validate: (r) => task.validateReturn(r), change: (r, now) => task.returnWork(r, now) });
  runtime.update(splitTask, {
    audited: 'task.split',
    validate: (r) => task.validateSplit(r),
    change: async (r, now) => {
      const added = task.split(r, now);
      if (added.length === 0) return;
      const { taskId, assignmentId, directiveId, periodStartsAt } = input;
      await startSubTasks({
        parentTaskId: taskId,
        assignmentId,
        directiveId,
        createdAt: now,
        dueAt: r.dueAt,
        steps: task.stepsFor(r.stepIds),
        children: added.map((s) => ({ taskId: s.taskId, unitId: s.unitId })),
        ...(periodStartsAt !== undefined ? { periodStartsAt } : {}),
      });
    },
  });
  runtime.signal(subTaskStanding, (notice) => task.recordSubTaskStanding(notice));
  runtime.update(closeSubTask, { audited: 'task.closeSubTask', validate: () => task.validateCloseSubTask(), change: (r, now) => task.closeByHolder(r, now) });
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
