/** How much one worker takes on at once: its fan-out's start rate and its Temporal task slots. */
export interface WorkerLimits {
  fanOut: FanOutLimits;
  /** Workflow tasks this worker runs at once (the SDK's maxConcurrentWorkflowTaskExecutions). */
  workflowTaskSlots: number;
  /** Activities this worker runs at once (maxConcurrentActivityTaskExecutions). */
  activitySlots: number;
}

export interface FanOutLimits {
  /** Task workflow starts per second this worker makes at most, over all its fan-outs; 0: unlimited. */
  startsPerSecond: number;
  /** Start requests in flight at once. */
  startsInFlight: number;
  /**
   * Workflow tasks waiting on the task queue above which a fan-out holds its next batch of starts until the workers
   * have run them down (activities/backlog-gate.ts); 0: not checked.
   */
  maxBacklog: number;
}

/**
 * Back-pressure is two closed loops. The starts in flight: each start waits for the server's answer, so a worker starts
 * tasks as fast as the server takes them and slows with it. The backlog: the server takes starts faster than workers
 * run each new task's first workflow task, so a fan-out also waits while more than `maxBacklog` of those are queued
 * (a few hundred keep every worker's slots full). A fixed rate is for a server shared with other work: set it below
 * what that server drains (0: none). The slots are the SDK's defaults, named so they can be lowered on a small server.
 */
export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  fanOut: { startsPerSecond: 0, startsInFlight: 100, maxBacklog: 200 },
  workflowTaskSlots: 40,
  activitySlots: 100,
};
