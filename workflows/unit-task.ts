import { allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { NotificationRequest } from '../domain/notification';
import type { createActivities } from '../activities';
import { TaskStatusKey } from '../contracts/search-attributes';
import {
  acceptTask,
  completeStep,
  decideExtension,
  getTask,
  requestExtension,
  returnTask,
  urge,
  type AcceptRequest,
  type ExtensionDecision,
  type ExtensionRequest,
  type ReturnRequest,
  type UnitTaskInput,
  type UnitTaskWorkflow,
  type UrgeRequest,
} from '../contracts/unit-task';
import { Notifier } from './notifications';
import { UnitTask, type Notice } from './unit-task-state';

const { projectTask } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // The read model may be briefly unavailable; projection is idempotent, so retry for as long as it takes.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One unit's task for one assignment: steps to complete and a deadline, with the engine following up — reminders
 * before the deadline, progress checks, overdue at the deadline (the parent unit's supervisor told), escalation to
 * the leader later; extensions move the deadline, returned work is open again. Completed work stays open to be
 * returned until it is accepted or the review window passes.
 */
export const unitTaskWorkflow: UnitTaskWorkflow = async (input: UnitTaskInput) => {
  const task = new UnitTask(input);
  let publishedStatus: string | undefined;
  const notifier = new Notifier();

  // Every change is written to the read model before the caller hears of it, so reports read their own writes.
  async function publish(): Promise<void> {
    const snapshot = task.snapshot();
    if (snapshot.status !== publishedStatus) {
      upsertSearchAttributes([{ key: TaskStatusKey, value: snapshot.status }]);
      publishedStatus = snapshot.status;
    }
    await projectTask(snapshot);
  }

  async function tell(notice: Notice): Promise<void> {
    const request: NotificationRequest = {
      ...notice,
      subjectType: 'task',
      subjectId: input.taskId,
      unitId: input.unitId,
      directiveId: input.directiveId,
      assignmentId: input.assignmentId,
      at: notice.at ?? Date.now(),
      dueAt: task.dueAt,
    };
    await notifier.send(request);
  }

  setHandler(getTask, () => task.snapshot());
  setHandler(
    completeStep,
    async (request) => {
      if (task.completeStep(request, Date.now())) await publish();
      return task.snapshot();
    },
    { validator: (request) => task.validateCompletion(request) },
  );

  // Each action changes the task, writes it to the read model, then tells whom it concerns.
  const act = <R>(change: (request: R, now: number) => Notice | void) => async (request: R) => {
    const notice = change(request, Date.now());
    await publish();
    if (notice) await tell(notice);
    return task.snapshot();
  };
  setHandler(urge, act((r: UrgeRequest, now) => task.urge(r, now)), { validator: (_r) => task.validateUrge() });
  setHandler(requestExtension, act((r: ExtensionRequest, now) => task.requestExtension(r, now)), {
    validator: (r) => task.validateExtensionRequest(r, Date.now()),
  });
  setHandler(decideExtension, act((r: ExtensionDecision, now) => task.decideExtension(r, now)), {
    validator: (r) => task.validateExtensionDecision(r),
  });
  setHandler(returnTask, act((r: ReturnRequest, now) => task.returnWork(r, now)), {
    validator: (r) => task.validateReturn(r),
  });
  setHandler(acceptTask, act((r: AcceptRequest, now) => task.accept(r, now)), { validator: (_r) => task.validateAccept() });

  await publish();
  await followUpUntilClosed(task, publish, tell);
  await notifier.settled();
  await condition(allHandlersFinished);
  return task.snapshot();
};

/**
 * The follow-up loop: sleep until the next alarm or until anything changes (a step, an extension, a return), then
 * look again. Alarms are recomputed from the state each time, so a moved deadline moves its timers.
 */
async function followUpUntilClosed(
  task: UnitTask,
  publish: () => Promise<void>,
  tell: (notice: Notice) => Promise<void>,
): Promise<void> {
  for (;;) {
    const seen = task.changeCount;
    if (task.isDone) {
      if (task.isAccepted) return;
      const reviewLeft = (task.completedAt as number) + task.policy.reviewDays * DAY_MS - Date.now();
      if (reviewLeft <= 0) return;
      await condition(() => task.changeCount !== seen, reviewLeft);
      continue;
    }
    const alarm = task.nextAlarm();
    const wait = alarm ? alarm.at - Date.now() : undefined;
    if (wait === undefined) {
      await condition(() => task.changeCount !== seen);
      continue;
    }
    if (wait > 0 && (await condition(() => task.changeCount !== seen, wait))) continue;
    const before = task.changeCount;
    const notice = task.fire(alarm as NonNullable<typeof alarm>, Date.now());
    if (task.changeCount !== before) await publish();
    if (notice) await tell(notice);
  }
}
