import type { OrgLevel, OrgUnit, UnitKind } from '../domain/org';
import { subtreeRange, unitPath } from '../domain/org';
import type { Db } from './database';

interface UnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  level: OrgLevel;
  kind: UnitKind | null;
  path: string;
  demo: number;
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
    ...(row.demo ? { demo: true } : {}),
    path: row.path,
  };
}

export class OrgStore {
  constructor(private readonly db: Db) {}

  /** Replaces nothing: units are inserted parents first; an existing id is left as it is. */
  insertUnits(units: readonly OrgUnit[]): number {
    const paths = new Map<string, string>();
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO org_units (id, parent_id, name, level, kind, path, demo, ord)
       VALUES (@id, @parentId, @name, @level, @kind, @path, @demo, @ord)`,
    );
    let inserted = 0;
    this.db.transaction(() => {
      units.forEach((unit, ord) => {
        const parentPath = unit.parentId === null ? null : (paths.get(unit.parentId) ?? this.get(unit.parentId)?.path);
        if (unit.parentId !== null && parentPath === undefined) {
          throw new Error(`unit ${unit.id}: parent ${unit.parentId} is not known`);
        }
        const path = unitPath(parentPath ?? null, unit.id);
        paths.set(unit.id, path);
        inserted += insert.run({
          id: unit.id,
          parentId: unit.parentId,
          name: unit.name,
          level: unit.level,
          kind: unit.kind ?? null,
          path,
          demo: unit.demo ? 1 : 0,
          ord,
        }).changes;
      });
    })();
    return inserted;
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM org_units').pluck().get() as number;
  }

  root(): StoredUnit | undefined {
    const row = this.db.prepare('SELECT * FROM org_units WHERE parent_id IS NULL ORDER BY ord LIMIT 1').get();
    return row ? toUnit(row as UnitRow) : undefined;
  }

  get(id: string): StoredUnit | undefined {
    const row = this.db.prepare('SELECT * FROM org_units WHERE id = ?').get(id);
    return row ? toUnit(row as UnitRow) : undefined;
  }

  children(id: string): StoredUnit[] {
    return (this.db.prepare('SELECT * FROM org_units WHERE parent_id = ? ORDER BY ord').all(id) as UnitRow[]).map(
      toUnit,
    );
  }

  /** Every unit of a level in the subtree under (and including) the given unit, in tree order. */
  unitsAtLevel(rootId: string, level: OrgLevel): StoredUnit[] {
    const root = this.get(rootId);
    if (!root) return [];
    return (
      this.db
        .prepare('SELECT * FROM org_units WHERE level = ? AND path >= ? AND path < ? ORDER BY path')
        .all(level, ...subtreeRange(root.path)) as UnitRow[]
    ).map(toUnit);
  }
}
