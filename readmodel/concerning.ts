import { subtreeRange } from '../domain/org';
import type { Db } from './db';

/** Things spread over a subtree and listed by who they concern: assignments and re-screening campaigns. */
export type ScopedTable = 'assignments' | 'petition_campaigns';

export interface ConcerningQuery {
  /** The reader's unit: what is ordered inside its subtree or above it concerns them (domain/access `concerns`). */
  homePath: string;
  scopeUnitId?: string;
  directiveId?: string;
  limit: number;
  offset: number;
}

/**
 * One page of ids, newest first (then id, for a stable order), with the total that match. The rule is
 * domain/access `concerns` in SQL: the scope lies in the reader's subtree (a path range) or is one of the reader's
 * own ancestors, itself included (ids taken from the reader's path).
 */
export async function concerningIds(db: Db, table: ScopedTable, query: ConcerningQuery): Promise<{ total: number; ids: string[] }> {
  const ancestors = query.homePath.split('/').filter(Boolean);
  const where = [`((o.path >= ? AND o.path < ?) OR x.scope_unit_id IN (${ancestors.map(() => '?').join(', ') || "''"}))`];
  const params: unknown[] = [...subtreeRange(query.homePath), ...ancestors];
  if (query.scopeUnitId !== undefined) {
    where.push('x.scope_unit_id = ?');
    params.push(query.scopeUnitId);
  }
  if (query.directiveId !== undefined && table === 'assignments') {
    where.push('x.directive_id = ?');
    params.push(query.directiveId);
  }
  const from = `FROM ${table} x JOIN org_units o ON o.id = x.scope_unit_id WHERE ${where.join(' AND ')}`;
  const total = (await db.prepare(`SELECT count(*) ${from}`).pluck().get(...params)) as number;
  const ids = (await db
    .prepare(`SELECT x.id ${from} ORDER BY x.created_at DESC, x.id LIMIT ? OFFSET ?`)
    .pluck()
    .all(...params, query.limit, query.offset)) as string[];
  return { total, ids };
}
