import { AttestationStore } from './attestation-store';
import { AuditStore } from './audit-store';
import { openDatabase, type Db } from './database';
import { EvidenceStore } from './evidence-store';
import { NotificationStore } from './notification-store';
import { OrgStore } from './org-store';
import { PetitionStore, type PetitionCaseRecord } from './petition-store';
import { RecurringStore } from './recurring-store';
import type { AuditedChange } from '../contracts/audit';
import type { PetitionCaseSnapshot } from '../contracts/petition-case';
import type { TaskSnapshot } from '../domain/task';
import { TaskStore, taskRecordOf } from './task-store';

export type { AssignmentRecord, OverdueFilter, RollupRow, TaskQuery, TaskRecord } from './task-store';
export type { StoredUnit } from './org-store';
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

  constructor(readonly db: Db) {
    this.org = new OrgStore(db);
    this.tasks = new TaskStore(db);
    this.attestations = new AttestationStore(db);
    this.notifications = new NotificationStore(db);
    this.petitions = new PetitionStore(db);
    this.recurring = new RecurringStore(db);
    this.audit = new AuditStore(db);
    this.evidence = new EvidenceStore(db);
  }

  /**
   * Writes a task's latest state and the audit entries (留痕) of the people's changes it carries, in one
   * transaction. Each entry shows its own change: the task as the workflow held it just before and just after, keyed
   * by the task and the change counter after it, so it is written once however often it is retried, even when a
   * newer snapshot has landed first. A change without its own states (sent by a workflow started before they
   * existed) shows the stored row before and after this write, and only when the write moved it on.
   */
  projectTask(snapshot: TaskSnapshot, changes: readonly AuditedChange[] = []): void {
    this.db.transaction(() => {
      const before = this.tasks.getTask(snapshot.taskId);
      const moved = this.tasks.upsertTask(snapshot);
      const after = this.tasks.getTask(snapshot.taskId);
      if (!after) return;
      const subject = { type: 'task' as const, id: snapshot.taskId, unitId: after.unitId };
      for (const change of changes) {
        const { state } = change;
        if (state) {
          const shown = (value: unknown) => taskRecordOf(value as TaskSnapshot, after.unitName);
          this.appendChange(change, { ...subject, version: state.version }, shown(state.before), shown(state.after));
        } else if (moved && before) {
          this.appendChange(change, { ...subject, version: snapshot.version }, before, after);
        }
      }
    })();
  }

  /**
   * Writes a petition case's latest state and, when a person's change made it, that change's audit entry (留痕), in
   * one transaction, as projectTask does: keyed by the case and its change counter, written only when the row moved
   * on. The entry holds the stored case before and after, or the one screening the change is about (its before as
   * the workflow held it); the API shows them as it shows cases and screenings. Never the petitioner: the person
   * is kept apart and is not in these records.
   */
  projectPetitionCase(snapshot: PetitionCaseSnapshot, change?: AuditedChange): void {
    const caseId = snapshot.caseId;
    this.db.transaction(() => {
      const before = change?.part ? change.part.before : this.petitions.getCase(caseId);
      if (!this.petitions.upsertCase(snapshot) || !change || (!change.part && !before)) return;
      const record = this.petitions.getCase(caseId) as PetitionCaseRecord;
      const after = change.part ? this.petitions.getScreening(change.part.id, caseId) : record;
      this.appendChange(change, { type: 'petitionCase', id: caseId, unitId: record.unitId, version: snapshot.version }, before, after);
    })();
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
