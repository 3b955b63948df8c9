import type { OrgLevel, OrgUnit, UnitKind } from '../domain/org';
import { subtreeRange, unitPath } from '../domain/org';
import { emptyCounts, unitChanged, type ImportCounts } from '../domain/org-import';
import type { Db } from './db';

interface UnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  level: OrgLevel;
  kind: UnitKind | null;
  path: string;
  demo: number;
  has_station: number;
}

export interface StoredUnit extends OrgUnit {
  path: string;
}

function toUnit(row: UnitRow): StoredUnit {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    level: row.level,
    ...(row.kind ? { kind: row.kind } : {}),
    ...(row.has_station ? { hasStation: true } : {}),
    ...(row.demo ? { demo: true } : {}),
    path: row.path,
  };
}

/**
 * The advisory lock an import or insert of units holds until it commits (readmodel/db.ts): each reads what is stored
 * (parents' paths, the next ord) before it writes, which SQLite's one writer at a time made safe by itself.
 */
export const ORG_LOCK = 'org';

export class OrgStore {
  constructor(private readonly db: Db) {}

  /**
   * A unit's row, its path from its parent's — given earlier in the same batch (`paths`) or already stored — and
   * recorded in `paths` for its own children.
   */
  private async rowFor(unit: OrgUnit, ord: number, paths: Map<string, string>) {
    const parentPath = unit.parentId === null ? null : (paths.get(unit.parentId) ?? (await this.get(unit.parentId))?.path);
    if (unit.parentId !== null && parentPath === undefined) {
      throw new Error(`unit ${unit.id}: parent ${unit.parentId} is not known`);
    }
    const path = unitPath(parentPath ?? null, unit.id);
    paths.set(unit.id, path);
    return {
      id: unit.id,
      parentId: unit.parentId,
      name: unit.name,
      level: unit.level,
      kind: unit.kind ?? null,
      path,
      demo: unit.demo ? 1 : 0,
      hasStation: unit.hasStation ? 1 : 0,
      ord,
    };
  }

  /** Replaces nothing: units are inserted parents first; an existing id is left as it is. */
  async insertUnits(units: readonly OrgUnit[]): Promise<number> {
    const paths = new Map<string, string>();
    const insert = this.db.prepare(
      `INSERT INTO org_units (id, parent_id, name, level, kind, path, demo, has_station, ord)
       VALUES (@id, @parentId, @name, @level, @kind, @path, @demo, @hasStation, @ord)
       ON CONFLICT DO NOTHING`,
    );
    let inserted = 0;
    // Under the org's lock, as an import: parents' paths are read, then children written.
    await this.db.transaction(async () => {
      for (const [ord, unit] of units.entries()) {
        inserted += (await insert.run(await this.rowFor(unit, ord, paths))).changes;
      }
    }, ORG_LOCK);
    return inserted;
  }

  /**
   * An org import, all or nothing in one transaction: units are given parents first (as parseOrgFile returns them);
   * new ids are inserted after their stored siblings, stored ones get the file's name, type and station. A stored
   * unit keeps its parent and level — a unit that would move throws, and nothing is written. The file's root may be
   * a stored unit with a parent (the file then adds below it). Demo flags of stored units are left as they are.
   */
  async applyImport(units: readonly OrgUnit[]): Promise<ImportCounts> {
    const counts = emptyCounts();
    const insert = this.db.prepare(
      `INSERT INTO org_units (id, parent_id, name, level, kind, path, demo, has_station, ord)
       VALUES (@id, @parentId, @name, @level, @kind, @path, @demo, @hasStation, @ord)`,
    );
    const update = this.db.prepare(
      'UPDATE org_units SET name = @name, kind = @kind, has_station = @hasStation WHERE id = @id',
    );
    // Under the org's lock: the next ord and the stored units are read, then written, with no other import between.
    await this.db.transaction(async () => {
      let ord = (((await this.db.prepare('SELECT max(ord) FROM org_units').pluck().get()) as number | null) ?? -1) + 1;
      const paths = new Map<string, string>();
      for (const unit of units) {
        const stored = await this.get(unit.id);
        if (stored) {
          if (stored.level !== unit.level || (unit.parentId !== null && stored.parentId !== unit.parentId)) {
            throw new Error(
              `unit ${unit.id}: stored as ${stored.level} under ${stored.parentId}; ` +
                `an import cannot make it ${unit.level} under ${unit.parentId}`,
            );
          }
          paths.set(unit.id, stored.path);
          if (unitChanged(stored, unit)) {
            await update.run({ id: unit.id, name: unit.name, kind: unit.kind ?? null, hasStation: unit.hasStation ? 1 : 0 });
            counts[unit.level].updated += 1;
          } else {
            counts[unit.level].unchanged += 1;
          }
          continue;
        }
        await insert.run(await this.rowFor(unit, ord++, paths));
        counts[unit.level].added += 1;
      }
    }, ORG_LOCK);
    return counts;
  }

  /** Every unit without a parent, in insertion order; a healthy read model has one. */
  async roots(): Promise<StoredUnit[]> {
    return ((await this.db.prepare('SELECT * FROM org_units WHERE parent_id IS NULL ORDER BY ord').all()) as UnitRow[]).map(
      toUnit,
    );
  }

  async count(): Promise<number> {
    return (await this.db.prepare('SELECT count(*) FROM org_units').pluck().get()) as number;
  }

  /** Units flagged demo (generated demo data): the demo org has them, an imported real one none. */
  async demoCount(): Promise<number> {
    return (await this.db.prepare('SELECT count(*) FROM org_units WHERE demo = 1').pluck().get()) as number;
  }

  async root(): Promise<StoredUnit | undefined> {
    const row = await this.db.prepare('SELECT * FROM org_units WHERE parent_id IS NULL ORDER BY ord LIMIT 1').get();
    return row ? toUnit(row as UnitRow) : undefined;
  }

  async get(id: string): Promise<StoredUnit | undefined> {
    const row = await this.db.prepare('SELECT * FROM org_units WHERE id = ?').get(id);
    return row ? toUnit(row as UnitRow) : undefined;
  }

  /** The stored units among these ids, by id (one query for many, as an import's check reads them). */
  async getMany(ids: readonly string[]): Promise<Map<string, StoredUnit>> {
    const rows = (await this.db.prepare('SELECT * FROM org_units WHERE id = ANY(@ids::text[])').all({ ids: [...ids] })) as UnitRow[];
    return new Map(rows.map((row) => [row.id, toUnit(row)]));
  }

  async children(id: string): Promise<StoredUnit[]> {
    return ((await this.db.prepare('SELECT * FROM org_units WHERE parent_id = ? ORDER BY ord').all(id)) as UnitRow[]).map(
      toUnit,
    );
  }

  /** Every unit of a level in the subtree under (and including) the given unit, in tree order. */
  async unitsAtLevel(rootId: string, level: OrgLevel): Promise<StoredUnit[]> {
    const root = await this.get(rootId);
    if (!root) return [];
    return (
      (await this.db
        .prepare('SELECT * FROM org_units WHERE level = ? AND path >= ? AND path < ? ORDER BY path')
        .all(level, ...subtreeRange(root.path))) as UnitRow[]
    ).map(toUnit);
  }
}
