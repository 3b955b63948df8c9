/**
 * How work is started exactly once, whoever starts it (a request, its retry, an activity and its retry): a running
 * workflow with the same id is met rather than duplicated, and one that has ended is never started again.
 * platform/start-once.ts applies it to every start from a client; the features' start options carry it for
 * workflow code, which starts a child with its reuse policy (a child has no conflict policy).
 */
export const ONCE_POLICIES = { workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE' } as const;
