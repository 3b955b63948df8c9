import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { TaskSnapshot } from '../domain/task';
import type { createActivities } from '../activities';
import { TaskStatusKey } from './search-attributes';
import { UnitTask, type CompleteStepRequest, type UnitTaskInput } from './unit-task-state';

export type { CompleteStepRequest, UnitTaskInput } from './unit-task-state';

const { projectTask } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // The read model may be briefly unavailable; projection is idempotent, so retry for as long as it takes.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export const getTask = defineQuery<TaskSnapshot>('getTask');
/** A staff member completes one step, with an optional note and evidence. Completing it again changes nothing. */
export const completeStep = defineUpdate<TaskSnapshot, [CompleteStepRequest]>('completeStep');

/** One unit's task for one assignment: steps to complete, a deadline that marks it overdue, late completion kept. */
export async function unitTaskWorkflow(input: UnitTaskInput): Promise<TaskSnapshot> {
  const task = new UnitTask(input);
  let publishedStatus: string | undefined;

  // Every change is written to the read model before the caller hears of it, so reports read their own writes.
  async function publish(): Promise<void> {
    const snapshot = task.snapshot();
    if (snapshot.status !== publishedStatus) {
      upsertSearchAttributes([{ key: TaskStatusKey, value: snapshot.status }]);
      publishedStatus = snapshot.status;
    }
    await projectTask(snapshot);
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

  await publish();

  const remaining = task.dueAt - Date.now();
  const doneInTime = remaining > 0 && (await condition(() => task.isDone, remaining));
  if (!doneInTime && task.markOverdue(Date.now())) await publish();

  // Overdue work stays completable: the task ends only when every step is done.
  await condition(() => task.isDone);
  await condition(allHandlersFinished);
  return task.snapshot();
}
