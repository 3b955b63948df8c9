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
 * Back-pressure is the starts in flight: each start waits for the server's answer, so a worker starts tasks as fast as
 * the server takes them and slows with it when it is struggling or recovering (a closed loop, sized by the bench:
 * 100 in flight reach ~0.9 of the bare SDK's start rate; the 200 of the bench's raw clients add nothing). Since a
 * task's first run no longer writes to the read model (its fan-out writes its first state), what a start leaves the
 * server is one workflow task and a timer. A fixed rate is for a server shared with other work: set it below what
 * that server drains (0: none). The slots are the SDK's defaults, named so they can be lowered on a small server.
 */
export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  fanOut: { startsPerSecond: 0, startsInFlight: 100 },
  workflowTaskSlots: 40,
  activitySlots: 100,
};
