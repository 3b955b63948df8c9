import { AcknowledgementStore } from './acknowledgement-store';
import { AttestationStore } from './attestation-store';
import { AuditStore } from './audit-store';
// The seeds of the directives' first versions, which DirectiveStore.seed stores; every lookup goes through it.
// eslint-disable-next-line no-restricted-imports
import { CATALOG } from '../domain/catalog';
import { DirectiveStore } from './directive-store';
import { CalendarArrangementStore } from './calendar-arrangement-store';
import { BulletinStore, type BulletinRecord } from './bulletin-store';
import { openDatabase } from './database';
import type { Db } from './db';
import { EvidenceStore } from './evidence-store';
import { NotificationStore } from './notification-store';
import { OrgStore, type StoredUnit } from './org-store';
import { caseRecordOf, PetitionStore } from './petition-store';
import { RecurringStore } from './recurring-store';
import type { AuditedChange } from '../contracts/audit';
import type { PetitionCaseAuditView, PetitionCaseSnapshot } from '../contracts/petition-case';
import type { TaskSnapshot } from '../domain/task';
import { WorkCalendar } from '../domain/work-calendar';
import { logger } from '../platform/logger';
import { TaskStore, taskRecordOf } from './task-store';

export type { AssignmentRecord, OverdueFilter, RollupRow, TaskQuery, TaskRecord } from './task-store';
export type { StoredUnit } from './org-store';
export type { DirectiveActor, DirectiveSummary, DirectiveVersionRecord, VersionedDirective } from './directive-store';
export type { AcknowledgementRow } from './acknowledgement-store';
export type { PeriodRow, RecurringRecord } from './recurring-store';
export type { AttestationRecord } from './attestation-store';
export type { BulletinRecord } from './bulletin-store';
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
  /** A record: annual holiday arrangements entered from the State Council's notice. */
  readonly arrangements: CalendarArrangementStore;
  readonly acknowledgements: AcknowledgementStore;
  readonly bulletins: BulletinStore;

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
    this.arrangements = new CalendarArrangementStore(db);
    this.acknowledgements = new AcknowledgementStore(db);
    this.tasks.withdrawn = this.acknowledgements;
    this.bulletins = new BulletinStore(db);
  }

  private calendar?: { entries: number; calendar: WorkCalendar };

  /**
   * The working-day calendar in use: the library's arrangement plus the arrangements admins entered (the one place
   * the API and activities get it; workflows get its entries in their input). Rebuilt when an entry is added — the
   * table is append-only, so its row count says so — and each year the library and an entered notice disagree on
   * is logged then: the disagreement is reported, never resolved silently (domain/work-calendar.ts).
   */
  async workCalendar(): Promise<WorkCalendar> {
    const { entries } = (await this.db.prepare('SELECT COUNT(*) AS entries FROM calendar_arrangements').get()) as { entries: number };
    if (this.calendar?.entries === entries) return this.calendar.calendar;
    const calendar = new WorkCalendar(await this.arrangements.latest());
    for (const entered of calendar.entered) {
      const { disagreement, basis, reason } = calendar.arrangement(entered.year);
      if (disagreement.length) {
        logger.warn({ year: entered.year, basis, days: disagreement.map((d) => d.date), reason }, 'holiday arrangement: the library and the entered notice disagree');
      }
    }
    this.calendar = { entries, calendar };
    return calendar;
  }

  /**
   * Writes a task's latest state and the audit entries (留痕) of the people's changes it carries, in one transaction,
   * each shown as the read model shows a task (appendChanges).
   */
  async projectTask(snapshot: TaskSnapshot, changes: readonly AuditedChange[] = []): Promise<void> {
    // Under the task's lock: what was stored before this write is read, then written over, by one writer at a time.
    await this.db.transaction(async () => {
      const before = await this.tasks.getTask(snapshot.taskId);
      // A task withdrawn by a decision on its 回退 has left `tasks`; an older write retried late must not bring it back.
      const moved = await this.tasks.upsertTask(snapshot);
      await this.acknowledgements.project(snapshot);
      const after = await this.tasks.getTask(snapshot.taskId);
      if (!after) return;
      const subject = { type: 'task' as const, id: snapshot.taskId, unitId: after.unitId };
      const shown = (value: unknown) => taskRecordOf(value as TaskSnapshot, after.unitName);
      await this.appendChanges(subject, changes, shown, { moved, version: snapshot.version, before, after });
    }, `task:${snapshot.taskId}`);
  }

  /**
   * The first states (version 1) of tasks about to be started, written by their starter in one transaction for the
   * batch: nothing to audit (nobody changed anything), a newer state already written is kept.
   */
  async projectFirstStates(snapshots: readonly TaskSnapshot[]): Promise<void> {
    await this.db.transaction(async () => {
      await this.tasks.upsertTasks(snapshots);
      await this.acknowledgements.projectAll(snapshots);
    });
  }

  /**
   * Writes a petition case's latest state (its person apart) and the audit entries (留痕) of the people's changes it
   * carries, in one transaction, as projectTask does: a change to the case shows it as the case is stored, from the
   * workflow's view without the petitioner (caseAuditView); a screening shows that screening. Never the person.
   */
  async projectPetitionCase(snapshot: PetitionCaseSnapshot, changes: readonly AuditedChange[] = []): Promise<void> {
    await this.db.transaction(async () => {
      const before = await this.petitions.getCase(snapshot.caseId);
      const moved = await this.petitions.upsertCase(snapshot);
      const after = await this.petitions.getCase(snapshot.caseId);
      if (!after) return;
      const subject = { type: 'petitionCase' as const, id: snapshot.caseId, unitId: after.unitId };
      const shown = (value: unknown, change: AuditedChange) =>
        change.part === undefined ? caseRecordOf(value as PetitionCaseAuditView, after.unitName) : value;
      await this.appendChanges(subject, changes, shown, { moved, version: snapshot.version, before, after });
    }, `petitionCase:${snapshot.caseId}`);
  }

  /**
   * The audit entries of the changes one write of an entity carries. Each shows its own change: the entity (or the
   * part it changed) as the workflow held it just before and just after, keyed by the entity and the change's own
   * counter, so it is written once however often it is retried, even when a newer write has landed first. A change
   * without its own states (sent by a workflow started before they existed) shows the stored record before and after
   * this write, and only when the write moved it on; one confined to a part, nothing (the record is not that part).
   */
  private async appendChanges(
    subject: { type: 'task' | 'petitionCase'; id: string; unitId: string },
    changes: readonly AuditedChange[],
    shown: (value: unknown, change: AuditedChange) => unknown,
    stored: { moved: boolean; version: number; before: unknown; after: unknown },
  ): Promise<void> {
    for (const change of changes) {
      const { state } = change;
      if (state) {
        await this.appendChange(change, { ...subject, version: state.version }, shown(state.before, change), shown(state.after, change));
      } else if (stored.moved && stored.before && change.part === undefined) {
        await this.appendChange(change, { ...subject, version: stored.version }, stored.before, stored.after);
      }
    }
  }

  /** The audit entry of one change to an entity, keyed by the entity and its change counter so it is written once. */
  private async appendChange(
    change: AuditedChange,
    subject: { type: 'task' | 'petitionCase'; id: string; unitId: string; version: number },
    before: unknown,
    after: unknown,
  ): Promise<void> {
    const { requestId, ...actor } = change.actor;
    await this.audit.append({
      at: change.at,
      requestId,
      actor,
      action: change.action,
      subjectType: subject.type,
      subjectId: subject.id,
      unitId: subject.unitId,
      unitPath: (await this.org.get(subject.unitId))?.path ?? '',
      before,
      after,
      ...(change.stepId !== undefined ? { stepId: change.stepId } : {}),
      changeKey: `${subject.type}/${subject.id}@${subject.version}`,
    });
  }

  /**
   * Records a bulletin and its audit entry in one transaction, once per scope and period: false (nothing written)
   * when that scope's bulletin for the period exists already.
   */
  async recordBulletin(bulletin: BulletinRecord, scope: StoredUnit, requestId: string): Promise<boolean> {
    return this.db.transaction(async () => {
      if (!(await this.bulletins.insert(bulletin, scope.path))) return false;
      await this.audit.append({
        at: bulletin.asOf,
        requestId,
        actor: bulletin.createdBy,
        action: 'bulletin.issue',
        subjectType: 'bulletin',
        subjectId: bulletin.id,
        unitId: scope.id,
        unitPath: scope.path,
        before: null,
        after: { id: bulletin.id, scopeUnitId: bulletin.scopeUnitId, period: bulletin.period, source: bulletin.source, asOf: bulletin.asOf },
      });
      return true;
    });
  }

  /** Opens (and migrates) the database at `url` and seeds the catalog's directives. */
  static async open(url: string): Promise<ReadModel> {
    const db = await openDatabase(url);
    const readModel = new ReadModel(db);
    try {
      // The 68 directives of the speeches are the seeded first versions; existing ones are left as they are.
      await readModel.directives.seed(CATALOG, Date.now());
    } catch (err) {
      await db.close();
      throw err;
    }
    return readModel;
  }

  async ping(): Promise<boolean> {
    return (await this.db.prepare('SELECT 1').pluck().get()) === 1;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
