/**
 * Maintained roll-ups for the unit summary (GET /api/units/:id/summary): a summary at a scope reads its children's
 * rows here — a few hundred — instead of grouping every task of its subtree (a province's 100,000 took hundreds of
 * milliseconds on every request).
 *
 * Each task (and each task's 签收) counts once in a row of every unit on its path, itself included, keyed by the
 * unit's path, its parent's path, and the inputs the figures read that do not depend on the instant of reading (a
 * task's status at an instant follows from done-or-not and its deadline, both in the key). Statement-level triggers
 * with transition tables keep them exact under every INSERT, UPDATE and DELETE of the source table — a bulk insert of a
 * fan-out is one statement per thousand tasks, an update that changes no key (a fan-out's first projection, the
 * started mark) writes nothing. A trigger does not update the shared rows itself (every task of a province fan-out
 * would then hold the province's row from its write to its commit, and projections ran 4× slower 10 at a time): it
 * appends its statement's changes to a `_delta` table, and a deferred trigger folds them into the table at commit,
 * one committing transaction at a time, so the rows are held only for the fold and the commit. At rest the deltas are
 * empty and the table is a function of the source rows alone (rows at zero are deleted), so a rebuild gives the same
 * rows; readers add the deltas all the same (none are visible once folded). The tables are projections: dropped with
 * the schema and refilled by the triggers as readmodel/rebuild.ts re-projects (the migration fills them from what
 * exists).
 *
 * What the triggers cannot see row by row is left to the reader: a task split into sub-tasks stops counting while it
 * has a sub-task not closed (readmodel/task-store.ts COUNTED_SQL), which depends on other rows; the reader subtracts
 * those few parents. Closed-by-holder tasks are never in the roll-up.
 */

interface Column {
  name: string;
  type: string;
  /** The value from a source row aliased `$` (replaced by the transition table's alias). */
  expr: string;
}

interface Rollup {
  table: string;
  source: string;
  /** The source's primary key, to pair old and new rows of an update. */
  id: string;
  keys: Column[];
  /** Summed. */
  values: Column[];
  /** Whether a source row counts at all. */
  counts: string;
}

const TASKS: Rollup = {
  table: 'task_rollup',
  source: 'tasks',
  id: 'id',
  keys: [
    { name: 'directive_id', type: 'TEXT', expr: '$.directive_id' },
    { name: 'done', type: 'BOOLEAN', expr: `$.status = 'done'` },
    { name: 'late', type: 'INTEGER', expr: '$.late' },
    { name: 'created_at', type: 'BIGINT', expr: '$.created_at' },
    { name: 'due_at', type: 'BIGINT', expr: '$.due_at' },
    { name: 'steps_done', type: 'INTEGER', expr: '$.steps_done' },
    { name: 'steps_total', type: 'INTEGER', expr: '$.steps_total' },
  ],
  values: [{ name: 'n', type: 'BIGINT', expr: '1' }],
  counts: '$.closed_by_holder_at IS NULL',
};

// domain/acknowledgement.ts tallyAcknowledgement skips tasks without a window and withdrawn ones: so does the roll-up.
// On time is domain/task.ts isLate's rule: acknowledged at or before the window's end.
const ACKNOWLEDGEMENTS: Rollup = {
  table: 'task_acknowledgement_rollup',
  source: 'task_acknowledgements',
  id: 'task_id',
  keys: [
    { name: 'directive_id', type: 'TEXT', expr: '$.directive_id' },
    { name: 'state', type: 'TEXT', expr: '$.state' },
    { name: 'acknowledge_by', type: 'BIGINT', expr: '$.acknowledge_by' },
    { name: 'acknowledged', type: 'BOOLEAN', expr: '$.acknowledged_at IS NOT NULL' },
    { name: 'on_time', type: 'BOOLEAN', expr: '$.acknowledged_at IS NOT NULL AND $.acknowledged_at <= $.acknowledge_by' },
  ],
  values: [
    { name: 'n', type: 'BIGINT', expr: '1' },
    { name: 'waited_ms', type: 'BIGINT', expr: 'coalesce($.acknowledged_at - $.created_at, 0)' },
  ],
  counts: `$.acknowledge_by IS NOT NULL AND $.state NOT IN ('reassigned', 'cancelled')`,
};

const as = (expr: string, alias: string) => expr.replaceAll('$.', `${alias}.`);

function rollupSql(r: Rollup): string {
  const keyNames = ['parent_path', 'node_path', ...r.keys.map((k) => k.name)];
  const valueNames = r.values.map((v) => v.name);
  // One signed contribution per source row of a transition table.
  const rows = (alias: string, table: string, sign: '' | '-', extra = '') =>
    `SELECT ${alias}.unit_path, ${r.keys.map((k) => `${as(k.expr, alias)} AS ${k.name}`).join(', ')},
       ${r.values.map((v) => `${sign}(${as(v.expr, alias)}) AS ${v.name}`).join(', ')}
     FROM ${table} ${alias} WHERE ${as(r.counts, alias)}${extra}`;
  // An update whose rows keep their contribution (path, keys, values, counting) changes nothing: skipped early.
  const contribution = (alias: string) => `(${[`${alias}.unit_path`, as(r.counts, alias), ...r.keys.map((k) => as(k.expr, alias)), ...r.values.map((v) => as(v.expr, alias))].join(', ')})`;
  const changed = (alias: string, other: string) =>
    ` AND NOT EXISTS (SELECT 1 FROM ${other} p WHERE p.${r.id} = ${alias}.${r.id} AND ${contribution('p')} IS NOT DISTINCT FROM ${contribution(alias)})`;
  const delta = {
    insert: rows('n', 'new_rows', ''),
    delete: rows('o', 'old_rows', '-'),
    update: `${rows('n', 'new_rows', '', changed('n', 'old_rows'))} UNION ALL ${rows('o', 'old_rows', '-', changed('o', 'new_rows'))}`,
  };
  const expanded = (d: string) =>
    `SELECT a.parent_path, a.node_path, ${r.keys.map((k) => `d.${k.name}`).join(', ')}, ${valueNames.map((v) => `sum(d.${v}) AS ${v}`).join(', ')}
     FROM (${d}) d CROSS JOIN LATERAL rollup_nodes(d.unit_path) a
     GROUP BY ${keyNames.map((_, i) => i + 1).join(', ')}
     HAVING ${valueNames.map((v) => `sum(d.${v}) <> 0`).join(' OR ')}`;
  const trigger = (op: 'insert' | 'update' | 'delete') => {
    const referencing = op === 'insert' ? 'NEW TABLE AS new_rows' : op === 'delete' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
    return `
    CREATE FUNCTION ${r.table}_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- An upsert that changed nothing still fires its statement's triggers: nothing to do then.
        IF NOT EXISTS (SELECT 1 FROM ${op === 'delete' ? 'old_rows' : 'new_rows'}) THEN RETURN NULL; END IF;
        INSERT INTO ${r.table}_delta (${[...keyNames, ...valueNames].join(', ')}) ${expanded(delta[op])};
        -- The fold at commit is queued by this transaction's first deltas only (the deferred trigger's WHEN).
        IF FOUND THEN PERFORM set_config('duban.${r.table}_queued', '1', true); END IF;
        RETURN NULL;
      END $$;
    CREATE TRIGGER ${r.table}_${op} AFTER ${op.toUpperCase()} ON ${r.source} REFERENCING ${referencing}
      FOR EACH STATEMENT EXECUTE FUNCTION ${r.table}_${op}();`;
  };
  const keys = keyNames.join(', ');
  return `
    CREATE TABLE ${r.table} (
      parent_path TEXT NOT NULL,
      node_path TEXT NOT NULL,
      ${[...r.keys, ...r.values].map((c) => `${c.name} ${c.type} NOT NULL`).join(',\n      ')},
      PRIMARY KEY (${keys})
    );
    CREATE INDEX ${r.table}_zero ON ${r.table} ((1)) WHERE n = 0;
    -- What each statement of a transaction changed, until its commit folds it.
    CREATE TABLE ${r.table}_delta (
      parent_path TEXT NOT NULL,
      node_path TEXT NOT NULL,
      ${[...r.keys, ...r.values].map((c) => `${c.name} ${c.type} NOT NULL`).join(',\n      ')}
    );
    CREATE INDEX ${r.table}_delta_parent ON ${r.table}_delta (parent_path);
    -- Moves the deltas it sees (its transaction's own, and any left behind) into the table. Its caller holds the
    -- table's advisory lock, so one folds at a time and the rows are locked in one order.
    CREATE FUNCTION ${r.table}_fold() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        WITH moved AS (DELETE FROM ${r.table}_delta RETURNING *)
        INSERT INTO ${r.table} AS r (${[...keyNames, ...valueNames].join(', ')})
        SELECT ${keys}, ${valueNames.map((v) => `sum(${v})`).join(', ')} FROM moved GROUP BY ${keys}
          HAVING ${valueNames.map((v) => `sum(${v}) <> 0`).join(' OR ')} ORDER BY ${keys}
        ON CONFLICT (${keys}) DO UPDATE SET ${valueNames.map((v) => `${v} = r.${v} + excluded.${v}`).join(', ')};
        DELETE FROM ${r.table} WHERE n = 0;
      END $$;
    -- At commit, once per transaction (queued by its first statement's deltas; the first call folds, the rest find the
    -- flag), one transaction at a time: the shared rows are locked only from then until the commit, not while the transaction goes on.
    CREATE FUNCTION ${r.table}_fold_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('duban.${r.table}_folded', true) = '1' THEN RETURN NULL; END IF;
        PERFORM set_config('duban.${r.table}_folded', '1', true);
        PERFORM pg_advisory_xact_lock(hashtextextended('${r.table}', 0));
        PERFORM ${r.table}_fold();
        RETURN NULL;
      END $$;
    CREATE CONSTRAINT TRIGGER ${r.table}_delta_fold AFTER INSERT ON ${r.table}_delta DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (current_setting('duban.${r.table}_queued', true) IS DISTINCT FROM '1')
      EXECUTE FUNCTION ${r.table}_fold_at_commit();
    ${trigger('insert')}
    ${trigger('update')}
    ${trigger('delete')}
    INSERT INTO ${r.table} (${[...keyNames, ...valueNames].join(', ')})
      ${expanded(rows('s', r.source, ''))};`;
}

/** The migration creating both roll-ups, their triggers, and their rows for what the projection holds. */
export const ROLLUP_TABLES = `
  -- A path's units as (parent's path, unit's path), root first: '/a/b/' gives ('/', '/a/') and ('/a/', '/a/b/').
  CREATE FUNCTION rollup_nodes(path TEXT) RETURNS TABLE (parent_path TEXT, node_path TEXT) LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN i = 1 THEN '/' ELSE '/' || array_to_string(x.s[1:i - 1], '/') || '/' END,
      '/' || array_to_string(x.s[1:i], '/') || '/'
    FROM (SELECT string_to_array(trim(both '/' from path), '/') AS s) x, generate_series(1, cardinality(x.s)) AS i
  $$;
  ${rollupSql(TASKS)}
  ${rollupSql(ACKNOWLEDGEMENTS)}`;
