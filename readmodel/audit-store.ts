import type { Principal } from '../domain/access';
import { subtreeRange } from '../domain/org';
import type { Db } from './db';

/** What kind of thing an audited action changed. */
export type AuditSubjectType = 'task' | 'assignment' | 'recurring' | 'unit' | 'petitionCase' | 'campaign' | 'notification' | 'evidence' | 'org' | 'token' | 'directive' | 'calendar' | 'bulletin';

/** One line of the audit trail (留痕): who, in which role at which unit, did what to what, when, and the change. */
export interface AuditEntry {
  seq: number;
  at: number;
  requestId: string;
  actor: Principal;
  action: string;
  subjectType: AuditSubjectType;
  subjectId: string;
  /** The unit the subject belongs to; per-unit trails read its subtree. */
  unitId: string;
  before: unknown;
  after: unknown;
  /** The step the change was about (a step's completion). */
  stepId?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq'> & {
  unitPath: string;
  /** Identifies the change (a workflow's id and change counter): a second entry with the same key is not written. */
  changeKey?: string;
};

interface Row {
  seq: number;
  at: number;
  request_id: string;
  actor_subject: string;
  actor_name: string;
  actor_role: Principal['role'];
  actor_unit_id: string;
  actor_issued_by: string | null;
  action: string;
  subject_type: AuditSubjectType;
  subject_id: string;
  unit_id: string;
  before_json: string | null;
  after_json: string | null;
  step_id: string | null;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
const parsed = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown));

/** Append-only: there is no method to change or remove an entry, and the table's triggers refuse it too. */
export class AuditStore {
  constructor(private readonly db: Db) {}

  /**
   * Appends the entry and returns its seq; 0 when nothing was written, because an entry with its change key is
   * there already.
   */
  async append(entry: NewAuditEntry): Promise<number> {
    const row = (await this.db
      .prepare(
        `INSERT INTO audit_log (at, request_id, actor_subject, actor_name, actor_role, actor_unit_id,
           actor_issued_by, action, subject_type, subject_id, unit_id, unit_path, before_json, after_json, step_id, change_key)
         VALUES (@at, @requestId, @subject, @name, @role, @actorUnitId, @issuedBy, @action, @subjectType, @subjectId,
           @unitId, @unitPath, @before, @after, @stepId, @changeKey)
         ON CONFLICT DO NOTHING RETURNING seq`,
      )
      .get({
        at: entry.at,
        requestId: entry.requestId,
        subject: entry.actor.subject,
        name: entry.actor.name,
        role: entry.actor.role,
        actorUnitId: entry.actor.unitId,
        issuedBy: entry.actor.issuedBy ?? null,
        action: entry.action,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        unitId: entry.unitId,
        unitPath: entry.unitPath,
        before: json(entry.before),
        after: json(entry.after),
        stepId: entry.stepId ?? null,
        changeKey: entry.changeKey ?? null,
      })) as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** A subject's trail, oldest first. */
  async ofSubject(
    subjectType: AuditSubjectType,
    subjectId: string,
    page: { limit: number; offset: number },
  ): Promise<{ total: number; entries: AuditEntry[] }> {
    const where = 'subject_type = ? AND subject_id = ?';
    const total = (await this.db.prepare(`SELECT count(*) FROM audit_log WHERE ${where}`).pluck().get(subjectType, subjectId)) as number;
    const rows = (await this.db
      .prepare(`SELECT * FROM audit_log WHERE ${where} ORDER BY seq LIMIT ? OFFSET ?`)
      .all(subjectType, subjectId, page.limit, page.offset)) as Row[];
    return { total, entries: rows.map(toEntry) };
  }

  /** Everything done to things in a subtree, newest first; `without` leaves out entries about those kinds of subject. */
  async inSubtree(
    path: string,
    page: { limit: number; offset: number },
    without: readonly AuditSubjectType[] = [],
  ): Promise<{ total: number; entries: AuditEntry[] }> {
    const range = subtreeRange(path);
    const excluded = without.length ? ` AND subject_type NOT IN (${without.map(() => '?').join(', ')})` : '';
    const where = `unit_path >= ? AND unit_path < ?${excluded}`;
    const params = [...range, ...without];
    const total = (await this.db.prepare(`SELECT count(*) FROM audit_log WHERE ${where}`).pluck().get(...params)) as number;
    const rows = (await this.db
      .prepare(`SELECT * FROM audit_log WHERE ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`)
      .all(...params, page.limit, page.offset)) as Row[];
    return { total, entries: rows.map(toEntry) };
  }

  /**
   * The person a subject was first seen as — acting in an entry, or named by a token issued through the API — or
   * undefined for a subject never seen. A subject stays one person: a token for it names that person again.
   */
  async personOf(subject: string): Promise<Pick<Principal, 'name' | 'role' | 'unitId'> | undefined> {
    const row = (await this.db
      .prepare(
        `SELECT name, role, "unitId" FROM (
           SELECT * FROM (SELECT seq, actor_name AS name, actor_role AS role, actor_unit_id AS "unitId" FROM audit_log
             WHERE actor_subject = ? ORDER BY seq LIMIT 1) acted
           UNION ALL
           SELECT * FROM (SELECT seq, (after_json::jsonb #>> '{name}'), (after_json::jsonb #>> '{role}'),
               (after_json::jsonb #>> '{unitId}') FROM audit_log
             WHERE subject_type = 'token' AND subject_id = ? AND action = 'token.issue' ORDER BY seq LIMIT 1) named
         ) seen ORDER BY seq LIMIT 1`,
      )
      .get(subject, subject)) as Pick<Principal, 'name' | 'role' | 'unitId'> | undefined;
    return row;
  }

  async count(): Promise<number> {
    return (await this.db.prepare('SELECT count(*) FROM audit_log').pluck().get()) as number;
  }
}

function toEntry(row: Row): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    requestId: row.request_id,
    actor: {
      subject: row.actor_subject,
      name: row.actor_name,
      role: row.actor_role,
      unitId: row.actor_unit_id,
      ...(row.actor_issued_by !== null ? { issuedBy: row.actor_issued_by } : {}),
    },
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    unitId: row.unit_id,
    before: parsed(row.before_json),
    after: parsed(row.after_json),
    ...(row.step_id !== null ? { stepId: row.step_id } : {}),
  };
}
