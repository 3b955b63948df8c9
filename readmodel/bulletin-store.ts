import type { Principal } from '../domain/access';
import type { Db } from './db';

/**
 * A 通报 as issued: a record, not a projection (nothing rebuilds it from Temporal). Its figures are kept as they were
 * at `asOf`, whatever happens to the work afterwards.
 */
export interface BulletinRecord<F = unknown> {
  id: string;
  scopeUnitId: string;
  period: string;
  /** The instant its figures are as at (when it was made). */
  asOf: number;
  /** A person's request, or the monthly Schedule (domain/bulletin.ts scheduleActor). */
  createdBy: Principal;
  source: 'request' | 'schedule';
  figures: F;
}

interface Row {
  id: string;
  scope_unit_id: string;
  period: string;
  as_of: number;
  created_by_json: string;
  source: BulletinRecord['source'];
  figures_json: string;
}

function toRecord(row: Row): BulletinRecord {
  return {
    id: row.id,
    scopeUnitId: row.scope_unit_id,
    period: row.period,
    asOf: row.as_of,
    createdBy: JSON.parse(row.created_by_json) as Principal,
    source: row.source,
    figures: JSON.parse(row.figures_json) as unknown,
  };
}

export class BulletinStore {
  constructor(private readonly db: Db) {}

  /** False when the scope already has a bulletin for the period (a retry, a second request): the first stands. */
  async insert(b: BulletinRecord, scopePath: string): Promise<boolean> {
    const result = await this.db
      .prepare(
        `INSERT INTO bulletins (id, scope_unit_id, scope_path, period, as_of, created_by_json, source, figures_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(b.id, b.scopeUnitId, scopePath, b.period, b.asOf, JSON.stringify(b.createdBy), b.source, JSON.stringify(b.figures));
    return result.changes === 1;
  }

  async get(id: string): Promise<BulletinRecord | undefined> {
    const row = (await this.db.prepare('SELECT * FROM bulletins WHERE id = ?').get(id)) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  async find(scopeUnitId: string, period: string): Promise<BulletinRecord | undefined> {
    const row = (await this.db.prepare('SELECT * FROM bulletins WHERE scope_unit_id = ? AND period = ?').get(scopeUnitId, period)) as
      | Row
      | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** A scope's bulletins, the latest period first; without their figures, which a list does not show. */
  async list(scopeUnitId: string): Promise<Array<Omit<BulletinRecord, 'figures'>>> {
    return (
      (await this.db
        .prepare(`SELECT id, scope_unit_id, period, as_of, created_by_json, source, '{}' AS figures_json FROM bulletins WHERE scope_unit_id = ? ORDER BY period DESC, as_of DESC`)
        .all(scopeUnitId)) as Row[]
    ).map((row) => {
      const { figures: _figures, ...rest } = toRecord(row);
      return rest;
    });
  }
}
