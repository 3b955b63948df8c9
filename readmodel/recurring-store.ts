import type { Cadence } from '../domain/catalog/types';
import type { HolidayWindow } from '../domain/recurrence';
import type { Db } from './db';

/** A directive assigned to a part of the org tree for every period of its cadence, for as long as it runs. */
export interface RecurringRecord {
  id: string;
  directiveId: string;
  /** The directive's version the duty was made from (立项): every period it issues takes that version's steps. */
  directiveVersion: number;
  scopeUnitId: string;
  targetLevel: string;
  cadence: Cadence;
  /** Holiday windows other than the defaults, for a holiday cadence. */
  windows?: HolidayWindow[];
  note?: string;
  createdAt: number;
}

export interface PeriodRow {
  assignmentId: string;
  periodKey: string;
  dueAt: number;
  createdAt: number;
  taskCount: number;
}

interface Row {
  id: string;
  directive_id: string;
  directive_version: number | null;
  scope_unit_id: string;
  target_level: string;
  cadence_json: string;
  policy_json: string;
  note: string | null;
  created_at: number;
}

function toRecord(row: Row): RecurringRecord {
  const policy = JSON.parse(row.policy_json) as { windows?: HolidayWindow[] };
  return {
    id: row.id,
    directiveId: row.directive_id,
    // Made before directives had versions: the catalog's, now version 1.
    directiveVersion: row.directive_version ?? 1,
    scopeUnitId: row.scope_unit_id,
    targetLevel: row.target_level,
    cadence: JSON.parse(row.cadence_json) as Cadence,
    ...(policy.windows ? { windows: policy.windows } : {}),
    ...(row.note !== null ? { note: row.note } : {}),
    createdAt: row.created_at,
  };
}

export class RecurringStore {
  constructor(private readonly db: Db) {}

  /** Returns false when the id exists already (a retried create); the first record stands. */
  async insert(r: Omit<RecurringRecord, 'directiveVersion'> & { directiveVersion?: number }): Promise<boolean> {
    const result = await this.db
      .prepare(
        `INSERT INTO recurring_assignments
           (id, directive_id, scope_unit_id, target_level, cadence_json, policy_json, note, created_at, directive_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(
        r.id,
        r.directiveId,
        r.scopeUnitId,
        r.targetLevel,
        JSON.stringify(r.cadence),
        JSON.stringify(r.windows ? { windows: r.windows } : {}),
        r.note ?? null,
        r.createdAt,
        r.directiveVersion ?? null,
      );
    return result.changes === 1;
  }

  async get(id: string): Promise<RecurringRecord | undefined> {
    const row = (await this.db.prepare('SELECT * FROM recurring_assignments WHERE id = ?').get(id)) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  async list(filter: { scopeUnitId?: string; directiveId?: string }): Promise<RecurringRecord[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.scopeUnitId !== undefined) {
      where.push('scope_unit_id = ?');
      params.push(filter.scopeUnitId);
    }
    if (filter.directiveId !== undefined) {
      where.push('directive_id = ?');
      params.push(filter.directiveId);
    }
    const sql = `SELECT * FROM recurring_assignments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`;
    return ((await this.db.prepare(sql).all(...params)) as Row[]).map(toRecord);
  }

  /** The periods started so far, newest first. */
  async periods(id: string): Promise<PeriodRow[]> {
    return (await this.db
      .prepare(
        `SELECT id AS "assignmentId", period_key AS "periodKey", due_at AS "dueAt", created_at AS "createdAt", task_count AS "taskCount"
         FROM assignments WHERE recurring_id = ? ORDER BY due_at DESC`,
      )
      .all(id)) as PeriodRow[];
  }
}
