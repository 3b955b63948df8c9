/**
 * The state of one long-lived entity (a unit task, a petition case), kept in a class as in Temporal's
 * safe-message-handlers sample: its rules live here, and workflows/entity-runtime.ts routes messages and timers to it.
 * `version` is the one change counter: every change the read model must see calls `changed()`.
 */
export abstract class EntityState<Snapshot, Notice> {
  private changes: number;

  constructor(version = 1) {
    this.changes = version;
  }

  /** Grows with every change the read model must see; the read model drops an older one, the runtime wakes on it. */
  get version(): number {
    return this.changes;
  }

  protected changed(): void {
    this.changes += 1;
  }

  /** Nothing can change any more: the runtime's loop ends and so does the workflow. */
  get isClosed(): boolean {
    return false;
  }

  /**
   * The state an audit entry shows before and after a change, as the workflow holds it: the whole entity, or the
   * named part a change is confined to (a petition case's screening in one campaign).
   */
  abstract auditState(part?: string): unknown;

  abstract snapshot(): Snapshot;
  /** The next instant an alarm (a reminder, a deadline, the end of a review window) is due. */
  abstract nextAlarmAt(): number | undefined;
  /** Fires every alarm due by `now`; returns what to tell people. */
  abstract fireDue(now: number): Notice[];
}
