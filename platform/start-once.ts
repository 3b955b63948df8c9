import {
  ScheduleAlreadyRunning,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  type Client,
  type ScheduleOptions,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, type UpdateDefinition } from '@temporalio/common';
import { ONCE_POLICIES } from '../contracts/start-once';

export interface OnceRequest<A, R> {
  /** The workflow type, by its name in contracts/. */
  workflowType: string;
  /**
   * Id, arguments, search attributes (the feature's start options in contracts/, which type the arguments) and the
   * task queue. Whatever id policies they name, this module's apply.
   */
  options: WorkflowStartOptions;
  /** Asked of the workflow as it starts (or of the running one): its answer is the start's answer. */
  firstUpdate?: UpdateDefinition<A, []>;
  /**
   * Start and first update in one call (update-with-start), the default; false sends them one after the other,
   * for callers that also run against the time-skipping test server, which lacks update-with-start.
   */
  updateWithStart?: boolean;
  /** What the work recorded, if it ran before: looked up first, so a retry does not even reach Temporal. */
  recorded?: () => Promise<R | undefined>;
}

export type Once<A, R> =
  /** Started now, or met running: the first update's answer. */
  | { started: true; answer: A }
  /** Ran before: what it recorded (undefined when nothing was, e.g. no `recorded` was given). */
  | { started: false; record: R | undefined };

/**
 * The one way work is started exactly once from a client, whoever starts it (a request, its retry, an activity and
 * its retry): the workflow id comes from the business key, and contracts/start-once.ts's policies apply: a running
 * workflow with that id is met rather than duplicated, one that has ended is never started again.
 */
export async function startOnce<A = undefined, R = never>(client: Client, request: OnceRequest<A, R>): Promise<Once<A, R>> {
  const earlier = await request.recorded?.();
  if (earlier !== undefined) return { started: false, record: earlier };
  const options = { ...request.options, ...ONCE_POLICIES };
  const { firstUpdate } = request;
  try {
    if (firstUpdate && request.updateWithStart !== false) {
      const startWorkflowOperation = new WithStartWorkflowOperation(request.workflowType, options);
      return { started: true, answer: await client.workflow.executeUpdateWithStart(firstUpdate, { startWorkflowOperation }) };
    }
    await client.workflow.start(request.workflowType, options);
    const answer = firstUpdate ? await client.workflow.getHandle(options.workflowId).executeUpdate(firstUpdate) : undefined;
    return { started: true, answer: answer as A };
  } catch (err) {
    // Ended before this start (or, one call after the other, between the start and the update): it ran once,
    // which is all that was asked; the caller answers from what it recorded.
    if (err instanceof WorkflowExecutionAlreadyStartedError || (err instanceof WorkflowNotFoundError && firstUpdate)) {
      return { started: false, record: await request.recorded?.() };
    }
    throw err;
  }
}

/** A Schedule created once: false when one with that id exists already (a retried create), which is what was asked. */
export async function scheduleOnce(client: Client, options: ScheduleOptions): Promise<boolean> {
  try {
    await client.schedule.create(options);
    return true;
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}
