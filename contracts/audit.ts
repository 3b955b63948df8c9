import type { Principal } from '../domain/access';

/** Who asked for a change, as the API authenticated them, and the request it came in (留痕). */
export interface Actor extends Principal {
  requestId: string;
}

/**
 * A person's change, for the audit trail: the projection writes its entry with the state, in one transaction, keyed
 * by the change, so a retried write records nothing twice; a repeated request changes nothing and sends none.
 */
export interface AuditedChange {
  /** e.g. 'task.completeStep'. */
  action: string;
  actor: Actor;
  at: number;
  /**
   * The part of the subject its states show when not the whole (a petition case's screening, by campaign id): such
   * a change may take more than one write (the screening, then its follow-up), and its states are its part's alone.
   */
  part?: string;
  /** What the change is about, named in the entry: a task's step, a petition case's step or screening campaign. */
  stepId?: string;
  /**
   * The entity (or its part) as the workflow held it just before and just after this change, and its change counter
   * once the change was made (for a change that continues after a wait, once its first part was): the entry shows
   * this change alone, however many changes one write carries (concurrent updates share one).
   */
  state?: { version: number; before: unknown; after: unknown };
}
