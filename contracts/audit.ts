import type { Principal } from '../domain/access';

/** Who asked for a change, as the API authenticated them, and the request it came in (留痕). */
export interface Actor extends Principal {
  requestId: string;
}

/**
 * The change that made a snapshot, for the audit trail: the projection writes the entry with the state, in one
 * transaction, and only when the state moved on, so a retried write or a repeated request records nothing twice.
 */
export interface AuditedChange {
  /** e.g. 'task.completeStep'. */
  action: string;
  actor: Actor;
  at: number;
  /**
   * The part of the subject the entry shows when not the whole (a petition case's screening, by campaign id), with
   * its state before the change as the workflow held it: such a change may reach the read model in more than one
   * write (the screening, then its follow-up), and its entry is written with the last.
   */
  part?: { id: string; before?: unknown };
  /** The step the change is about (a step's completion), named in the entry. */
  stepId?: string;
  /**
   * The entity as the workflow held it just before and just after this change, and its change counter after it:
   * the entry shows this change alone, however many changes one write carries (concurrent updates share one).
   */
  state?: { version: number; before: unknown; after: unknown };
}
