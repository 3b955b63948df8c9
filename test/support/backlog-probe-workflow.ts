/** A workflow that does nothing: its one workflow task is what test/activities/backlog-gate.test.ts queues up. */
export async function backlogProbe(): Promise<void> {}
