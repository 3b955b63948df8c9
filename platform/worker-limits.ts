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
}

/**
 * One worker stays under what the embedded dev server drains (about 100 starts/s by the bench), so a province's
 * 20,000 starts take minutes instead of burying the server in a backlog it cannot clear after a fault. The slots are
 * the SDK's defaults, named so they can be lowered where a small server is shared.
 */
export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  fanOut: { startsPerSecond: 60, startsInFlight: 50 },
  workflowTaskSlots: 40,
  activitySlots: 100,
};
