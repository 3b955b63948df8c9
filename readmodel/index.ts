import { AttestationStore } from './attestation-store';
import { AuditStore } from './audit-store';
import { openDatabase, type Db } from './database';
import { EvidenceStore } from './evidence-store';
import { NotificationStore } from './notification-store';
import { OrgStore } from './org-store';
import { PetitionStore } from './petition-store';
import { RecurringStore } from './recurring-store';
import { TaskStore } from './task-store';

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
