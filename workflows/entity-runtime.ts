import {
  allHandlersFinished,
  condition,
  setHandler,
  workflowInfo,
  type QueryDefinition,
  type SignalDefinition,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor, AuditedChange } from '../contracts/audit';
import type { NotificationRequest } from '../domain/notification';
import type { EntityState } from './entity-state';
import { Notifier } from './notifications';

export interface EntityIo<Snapshot, Notice> {
  /**
   * Writes a snapshot into the read model (an idempotent activity, retried until it lands), with the audit entries
   * of the changes it carries (oldest first; none for a change nobody asked for, such as a deadline passing).
   */
  project(snapshot: Snapshot, changes: AuditedChange[]): Promise<void>;
  /** Who and what a notice concerns, as the inbox records it. */
  notification(notice: Notice): NotificationRequest;
  /** Anything else a published snapshot updates (the task's status search attribute). */
  published?(snapshot: Snapshot): void;
  /**
   * What must follow a write before the change answers, in the order of the writes (a sub-task tells its parent its
   * standing, so the parent knows of it before anyone hears the change was made).
   */
  settle?(snapshot: Snapshot): Promise<void> | undefined;
  /** An entity that never closes continues as new when its history grows. */
  continueAsNew?(): Promise<never>;
}

/** An update's rule (validator, refusing before anything is recorded) and its change, which may return notices. */
export interface Handler<Request, Notice> {
  /** The audit trail's name for the change (e.g. 'task.urge'); a change with an actor is then recorded with its state. */
  audited?: string;
  /**
   * The part of the entity the change is confined to and its audit entry shows (see AuditedChange.part): needed by a
   * change that waits midway, since others may change the rest of the entity meanwhile.
   */
  part?(request: Request): string;
  /** What the change is about (a step, a campaign), named in its audit entry. */
  stepId?(request: Request): string | undefined;
  validate?(request: Request, now: number): void;
  /**
   * Makes the change; one that waits midway (for an activity) must make its first change before its first wait, and
   * a repeated request nothing there: that first change identifies the change in the audit trail.
   */
  change(request: Request, now: number): Notice | Notice[] | void | Promise<Notice | Notice[] | void>;
}

/**
 * Routes messages and timers to an entity: each accepted update changes the state, is published to the read model
 * before the caller hears of it, then told to whom it concerns; alarms fire from the state, recomputed after every
 * change, so a moved deadline moves its timers.
 */
export class EntityRuntime<Snapshot, Notice> {
  private readonly notifier = new Notifier();
  private published: number;
  private projecting: Promise<unknown> = Promise.resolve();
  /** Changes made since the last write, each with its own before and after, for the next write to record. */
  private recorded: AuditedChange[] = [];

  /** `publishedVersion`: the version the read model already holds as the workflow starts (written by its starter). */
  constructor(
    private readonly entity: EntityState<Snapshot, Notice>,
    private readonly io: EntityIo<Snapshot, Notice>,
    query: QueryDefinition<Snapshot>,
    { publishedVersion = 0 }: { publishedVersion?: number } = {},
  ) {
    this.published = publishedVersion;
    setHandler(query, () => entity.snapshot());
  }

  update<Request>(
    definition: UpdateDefinition<Snapshot, [Request]>,
    { audited, part, stepId, validate, change }: Handler<Request, Notice>,
  ): void {
    setHandler(
      definition,
      async (request: Request) => {
        const before = this.entity.version;
        const now = Date.now();
        const { actor } = request as { actor?: Actor };
        const step = stepId?.(request);
        const shown = part?.(request);
        const audit: AuditedChange | undefined =
          audited && actor
            ? { action: audited, actor, at: now, ...(shown !== undefined ? { part: shown } : {}), ...(step !== undefined ? { stepId: step } : {}) }
            : undefined;
        const stateBefore = audit && this.entity.auditState(shown);
        const pending = change(request, now);
        // The change counter once the change is made, before any other handler runs, is the change's own key. Only a
        // change that happened is recorded: a repeated request changes nothing and leaves no entry.
        const changedTo = this.entity.version;
        const record = () => {
          if (!audit || changedTo === before) return;
          this.recorded.push({ ...audit, state: { version: changedTo, before: stateBefore, after: this.entity.auditState(shown) } });
        };
        // A synchronous change is whole now: its entry takes its after now, in the workflow's order. One that waits
        // midway shows only its part, which no other change touches, as it stands when the change ends (or fails:
        // what it made before stays made, and a repeat finishing it is no change of its own).
        const waits = pending instanceof Promise;
        if (!waits) record();
        let notices: Awaited<typeof pending>;
        try {
          notices = await pending;
        } finally {
          if (waits) record();
        }
        await this.publish();
        await this.tell(notices);
        return this.entity.snapshot();
      },
      validate ? { validator: (request: Request) => validate(request, Date.now()) } : {},
    );
  }

  signal<Request>(definition: SignalDefinition<[Request]>, change: (request: Request, now: number) => void): void {
    setHandler(definition, async (request: Request) => {
      change(request, Date.now());
      await this.publish();
    });
  }

  /**
   * Writes the state into the read model if it changed since the last write, or changes were recorded since (a change
   * that waited midway ends after its state was written), with those changes, and returns once the write that covers
   * this version has landed (a repeated request waits for the first one's write instead of answering ahead of it).
   * Writes land one after another, so the audit trail lists changes in the order they ended.
   */
  async publish(): Promise<void> {
    if (this.entity.version > this.published || this.recorded.length > 0) {
      const snapshot = this.entity.snapshot();
      const changes = this.recorded;
      this.recorded = [];
      this.published = this.entity.version;
      this.io.published?.(snapshot);
      this.projecting = this.projecting.then(() => this.io.project(snapshot, changes)).then(() => this.io.settle?.(snapshot));
    }
    await this.projecting;
  }

  private async tell(notices: Notice | Notice[] | void): Promise<void> {
    const list = notices === undefined ? [] : Array.isArray(notices) ? notices : [notices];
    await Promise.all(list.map((notice) => this.notifier.send(this.io.notification(notice))));
  }

  /**
   * The alarm loop: fire what is due, publish, tell; then sleep until the next alarm or until anything changes.
   * Alarms already due at the start (a case imported past its deadline) fire before the first write, so the entity
   * reaches the read model once, already marked. Ends when the entity closes, after its handlers and deliveries.
   */
  async run(): Promise<void> {
    for (;;) {
      const notices = this.entity.fireDue(Date.now());
      await this.publish();
      await this.tell(notices);
      if (this.entity.isClosed) break;

      if (this.io.continueAsNew && workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        await this.notifier.settled();
        await this.io.continueAsNew();
      }

      const seen = this.entity.version;
      const next = this.entity.nextAlarmAt();
      if (next === undefined) await condition(() => this.entity.version !== seen || this.entity.isClosed);
      else if (next > Date.now()) await condition(() => this.entity.version !== seen || this.entity.isClosed, next - Date.now());
    }
    await condition(allHandlersFinished);
    await this.notifier.settled();
  }
}
