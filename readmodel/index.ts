import { AttestationStore } from './attestation-store';
import { AuditStore } from './audit-store';
// The seeds of the directives' first versions, which DirectiveStore.seed stores; every lookup goes through it.
// eslint-disable-next-line no-restricted-imports
import { CATALOG } from '../domain/catalog';
import { DirectiveStore } from './directive-store';
import { openDatabase, type Db } from './database';
import { EvidenceStore } from './evidence-store';
import { NotificationStore } from './notification-store';
import { OrgStore } from './org-store';
import { caseRecordOf, PetitionStore } from './petition-store';
import { RecurringStore } from './recurring-store';
import type { AuditedChange } from '../contracts/audit';
import type { PetitionCaseAuditView, PetitionCaseSnapshot } from '../contracts/petition-case';
import type { TaskSnapshot } from '../domain/task';
import { TaskStore, taskRecordOf } from './task-store';

export type { AssignmentRecord, OverdueFilter, RollupRow, TaskQuery, TaskRecord } from './task-store';
export type { StoredUnit } from './org-store';
export type { DirectiveActor, DirectiveSummary, DirectiveVersionRecord, VersionedDirective } from './directive-store';
export type { PeriodRow, RecurringRecord } from './recurring-store';
export type { AttestationRecord } from './attestation-store';
export type { AuditEntry, AuditSubjectType, NewAuditEntry } from './audit-store';
export type { EvidenceBlob, EvidenceUpload, NewEvidenceUpload } from './evidence-store';
export type { MonthlyCount, NewNotification, NotificationQuery, NotificationRecord, WebhookStatus } from './notification-store';

/** The SQL read model that every report reads. */
export class ReadModel {
  readonly org: OrgStore;
  readonly tasks: TaskStore;
  readonly attestations: AttestationStore;
  readonly notifications: NotificationStore;
  readonly petitions: PetitionStore;
  readonly recurring: RecurringStore;
  readonly audit: AuditStore;
  readonly evidence: EvidenceStore;
  /** 立项: the directives, versioned; the one lookup of a directive by id. */
  readonly directives: DirectiveStore;

  constructor(readonly db: Db) {
    this.org = new OrgStore(db);
    this.tasks = new TaskStore(db);
    this.attestations = new AttestationStore(db);
    this.notifications = new NotificationStore(db);
    this.petitions = new PetitionStore(db);
    this.recurring = new RecurringStore(db);
    this.audit = new AuditStore(db);
    this.evidence = new EvidenceStore(db);
    this.directives = new DirectiveStore(db);
    // The 68 directives of the speeches are the seeded first versions; existing ones are left as they are.
    this.directives.seed(CATALOG, Date.now());
  }

  /**
   * Writes a task's latest state and the audit entries (留痕) of the people's changes it carries, in one transaction,
   * each shown as the read model shows a task (appendChanges).
   */
  projectTask(snapshot: TaskSnapshot, changes: readonly AuditedChange[] = []): void {
    this.db.transaction(() => {
      const before = this.tasks.getTask(snapshot.taskId);
      const moved = this.tasks.upsertTask(snapshot);
      const after = this.tasks.getTask(snapshot.taskId);
      if (!after) return;
      const subject = { type: 'task' as const, id: snapshot.taskId, unitId: after.unitId };
      const shown = (value: unknown) => taskRecordOf(value as TaskSnapshot, after.unitName);
      this.appendChanges(subject, changes, shown, { moved, version: snapshot.version, before, after });
    })();
  }

  /**
   * Writes a petition case's latest state (its person apart) and the audit entries (留痕) of the people's changes it
   * carries, in one transaction, as projectTask does: a change to the case shows it as the case is stored, from the
   * workflow's view without the petitioner (caseAuditView); a screening shows that screening. Never the person.
   */
  projectPetitionCase(snapshot: PetitionCaseSnapshot, changes: readonly AuditedChange[] = []): void {
    this.db.transaction(() => {
      const before = this.petitions.getCase(snapshot.caseId);
      const moved = this.petitions.upsertCase(snapshot);
      const after = this.petitions.getCase(snapshot.caseId);
      if (!after) return;
      const subject = { type: 'petitionCase' as const, id: snapshot.caseId, unitId: after.unitId };
      const shown = (value: unknown, change: AuditedChange) =>
        change.part === undefined ? caseRecordOf(value as PetitionCaseAuditView, after.unitName) : value;
      this.appendChanges(subject, changes, shown, { moved, version: snapshot.version, before, after });
    })();
  }

  /**
   * The audit entries of the changes one write of an entity carries. Each shows its own change: the entity (or the
   * part it changed) as the workflow held it just before and just after, keyed by the entity and the change's own
   * counter, so it is written once however often it is retried, even when a newer write has landed first. A change
   * without its own states (sent by a workflow started before they existed) shows the stored record before and after
   * this write, and only when the write moved it on; one confined to a part, nothing (the record is not that part).
   */
  private appendChanges(
    subject: { type: 'task' | 'petitionCase'; id: string; unitId: string },
    changes: readonly AuditedChange[],
    shown: (value: unknown, change: AuditedChange) => unknown,
    stored: { moved: boolean; version: number; before: unknown; after: unknown },
  ): void {
    for (const change of changes) {
      const { state } = change;
      if (state) {
        this.appendChange(change, { ...subject, version: state.version }, shown(state.before, change), shown(state.after, change));
      } else if (stored.moved && stored.before && change.part === undefined) {
        this.appendChange(change, { ...subject, version: stored.version }, stored.before, stored.after);
      }
    }
  }

  /** The audit entry of one change to an entity, keyed by the entity and its change counter so it is written once. */
  private appendChange(
    change: AuditedChange,
    subject: { type: 'task' | 'petitionCase'; id: string; unitId: string; version: number },
    before: unknown,
    after: unknown,
  ): void {
    const { requestId, ...actor } = change.actor;
    this.audit.append({
      at: change.at,
      requestId,
      actor,
      action: change.action,
      subjectType: subject.type,
      subjectId: subject.id,
      unitId: subject.unitId,
      unitPath: this.org.get(subject.unitId)?.path ?? '',
      before,
      after,
      ...(change.stepId !== undefined ? { stepId: change.stepId } : {}),
      changeKey: `${subject.type}/${subject.id}@${subject.version}`,
    });
  }

  static open(file: string): ReadModel {
    return new ReadModel(openDatabase(file));
  }

  ping(): boolean {
    return this.db.prepare('SELECT 1').pluck().get() === 1;
  }

  close(): void {
    this.db.close();
  }
}
