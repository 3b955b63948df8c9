import { subtreeRange, type OrgLevel } from '../domain/org';
import type { RollupTask } from '../domain/rollup';
import type { Acceptance, StepState, TaskHistory, TaskSnapshot, TaskStateFilter, TaskStatus } from '../domain/task';
import type { Db } from './db';

export interface AssignmentRecord {
  id: string;
  directiveId: string;
  /** The directive's version it was made from (立项): its tasks' steps are that version's, whatever came after. */
  directiveVersion: number;
  scopeUnitId: string;
  /** The unit the assignment was issued at (交办单位), when known: its tasks' 延期审批, 退回 and 验收 belong there or above. */
  assignedByUnitId?: string;
  targetLevel: string;
  dueAt: number;
  createdAt: number;
  /** When the period the work is for began, if before createdAt (a recurring period issued after it opened). */
  periodStartsAt?: number;
  note?: string;
  /** Set for an event-driven task: what started it. */
  event?: { type: string; subject: string; occurredAt: number };
  /** Set for one period of a recurring assignment. */
  recurring?: { recurringId: string; periodKey: string };
  taskCount: number;
}

/** One task of an assignment being recorded; steps of its own when they depend on the unit (the rounds' villages). */
export interface NewTask {
  taskId: string;
  unitId: string;
  unitPath: string;
  steps?: ReadonlyArray<{ id: string; title: string }>;
}

export interface TaskRecord {
  id: string;
  assignmentId: string;
  directiveId: string;
  unitId: string;
  unitName: string;
  status: TaskStatus;
  late: boolean;
  createdAt: number;
  dueAt: number;
  overdueAt?: number;
  doneAt?: number;
  stepsDone: number;
  stepsTotal: number;
  steps: StepState[];
  version: number;
  originalDueAt?: number;
  history?: TaskHistory;
  /** Completed work: when its review window ends (验收 or 退回 until then). */
  reviewEndsAt?: number;
  /** Where completed work stands on acceptance, at the instant the record was read (read with one only). */
  acceptance?: Acceptance;
  /** A sub-task (分解): the task it was split from. */
  parentTaskId?: string;
}

export interface TaskQuery {
  /** Only tasks in this subtree: the reader's reach. */
  withinPath?: string;
  unitId?: string;
  assignmentId?: string;
  state?: TaskStateFilter;
  /** The instant the statuses are read at. */
  now: number;
  limit: number;
  offset: number;
}

interface TaskRow {
  id: string;
  assignment_id: string;
  directive_id: string;
  unit_id: string;
  unit_name: string;
  status: TaskStatus;
  late: number;
  created_at: number;
  due_at: number;
  overdue_at: number | null;
  done_at: number | null;
  steps_total: number;
  steps_done: number;
  steps_json: string;
  version: number;
  original_due_at: number | null;
  detail_json: string | null;
  review_ends_at: number | null;
  parent_task_id?: string | null;
  /** Read at an instant only. */
  status_at?: TaskStatus;
  acceptance_at?: Acceptance | null;
}

/**
 * domain/task.ts taskStatusAt in SQL, at the instant bound as @now: whether the task is done is the workflow's word;
 * open or overdue follows from the deadline at the instant of reading. Every view reads a task's status through this
 * (lists, progress, rollups, summaries, the overdue list), so they agree with each other and with the workflow,
 * including between a deadline and its timer's write. A statement using it binds all its parameters by name
 * (readmodel/db.ts refuses a statement mixing `?` and `@name`).
 */
export function statusAtSql(alias = 't.'): string {
  return `(CASE WHEN ${alias}status = 'done' THEN 'done' WHEN ${alias}due_at <= @now THEN 'overdue' ELSE 'open' END)`;
}

/** domain/task.ts acceptanceAt in SQL, at @now. */
const ACCEPTANCE_AT = `(CASE WHEN t.status <> 'done' THEN NULL WHEN t.accepted_at IS NOT NULL THEN 'accepted'
  WHEN t.review_ends_at > @now THEN 'awaiting' ELSE 'closed' END)`;

const TASK_COLUMNS = `t.*, u.name AS unit_name`;
/** A task's columns with its status and acceptance at @now. */
const TASK_COLUMNS_AT = `${TASK_COLUMNS}, ${statusAtSql()} AS status_at, ${ACCEPTANCE_AT} AS acceptance_at`;

function toTask(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    assignmentId: row.assignment_id,
    directiveId: row.directive_id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    status: row.status_at ?? row.status,
    late: row.late === 1,
    createdAt: row.created_at,
    dueAt: row.due_at,
    // Overdue by the rule before its timer wrote the instant: it turned overdue at its deadline.
    ...(row.overdue_at !== null ? { overdueAt: row.overdue_at } : row.status_at === 'overdue' ? { overdueAt: row.due_at } : {}),
    ...(row.done_at !== null ? { doneAt: row.done_at } : {}),
    stepsDone: row.steps_done,
    stepsTotal: row.steps_total,
    steps: JSON.parse(row.steps_json) as StepState[],
    version: row.version,
    ...(row.original_due_at !== null ? { originalDueAt: row.original_due_at } : {}),
    ...(row.detail_json !== null ? { history: JSON.parse(row.detail_json) as TaskHistory } : {}),
    ...(row.review_ends_at !== null ? { reviewEndsAt: row.review_ends_at } : {}),
    ...(row.acceptance_at ? { acceptance: row.acceptance_at } : {}),
    ...(row.parent_task_id ? { parentTaskId: row.parent_task_id } : {}),
  };
}

/**
 * domain/split.ts isCounted in SQL, for the task aliased `t`: not closed by its parent's holder, and no sub-task that
 * is not. Every report (rollups, summaries, rankings, progress, the assignment list's counts, the overdue list) reads
 * through it, so a split task is counted as its sub-tasks and never with them.
 */
// Written as NOT IN an uncorrelated list (the split tasks, few), which PostgreSQL hashes once per query (a hashed
// subplan), rather than a lookup per task row.
export const COUNTED_SQL = `t.closed_by_holder_at IS NULL AND t.id NOT IN
  (SELECT c.parent_task_id FROM tasks c WHERE c.parent_task_id IS NOT NULL AND c.closed_by_holder_at IS NULL)`;

/** A workflow's snapshot as the read model records it (the audit trail's before and after). */
export function taskRecordOf(snapshot: TaskSnapshot, unitName: string): TaskRecord {
  const row = rowOf(snapshot);
  return toTask({
    id: row.id,
    assignment_id: row.assignmentId,
    directive_id: row.directiveId,
    unit_id: row.unitId,
    unit_name: unitName,
    status: snapshot.status,
    late: row.late,
    created_at: row.createdAt,
    due_at: row.dueAt,
    overdue_at: row.overdueAt,
    done_at: row.doneAt,
    steps_total: row.stepsTotal,
    steps_done: row.stepsDone,
    steps_json: row.stepsJson,
    version: row.version,
    original_due_at: row.originalDueAt,
    detail_json: row.detailJson,
    review_ends_at: row.reviewEndsAt,
    parent_task_id: row.parentTaskId,
  });
}

/** A snapshot's columns. */
function rowOf(snapshot: TaskSnapshot) {
  return {
    id: snapshot.taskId,
    assignmentId: snapshot.assignmentId,
    directiveId: snapshot.directiveId,
    unitId: snapshot.unitId,
    status: snapshot.status,
    late: snapshot.late ? 1 : 0,
    createdAt: snapshot.createdAt,
    dueAt: snapshot.dueAt,
    overdueAt: snapshot.overdueAt ?? null,
    doneAt: snapshot.doneAt ?? null,
    stepsTotal: snapshot.steps.length,
    stepsDone: snapshot.steps.filter((s) => s.completedAt !== undefined).length,
    stepsJson: JSON.stringify(snapshot.steps),
    version: snapshot.version,
    originalDueAt: snapshot.originalDueAt ?? null,
    detailJson: snapshot.history ? JSON.stringify(snapshot.history) : null,
    acceptedAt: snapshot.history?.accepted?.at ?? null,
    reviewEndsAt: snapshot.reviewEndsAt ?? null,
    parentTaskId: snapshot.parentTaskId ?? null,
    closedByHolderAt: snapshot.history?.closedByHolder?.at ?? null,
  };
}

/** The list filters, on the status at @now (statusAtSql, written so the (status, unit_path) index serves them). */
const STATE_CONDITIONS: Record<TaskStateFilter, string> = {
  open: `t.status IN ('open', 'overdue') AND t.due_at > @now`,
  overdue: `t.status IN ('open', 'overdue') AND t.due_at <= @now`,
  done: `t.status = 'done'`,
  doneLate: `t.status = 'done' AND t.late = 1`,
  awaitingAcceptance: `${ACCEPTANCE_AT} = 'awaiting'`,
  // The workflow keeps at most one request pending (workflows/unit-task-state.ts); the history is the row's detail_json.
  extensionPending: `EXISTS (SELECT 1 FROM jsonb_array_elements(t.detail_json::jsonb -> 'extensions') AS e(value)
    WHERE e.value ->> 'status' = 'pending')`,
};

function toAssignment(row: Record<string, unknown>): AssignmentRecord {
  return {
    id: row.id as string,
    directiveId: row.directive_id as string,
    // Recorded before directives had versions: the catalog's, now version 1.
    directiveVersion: (row.directive_version as number | null) ?? 1,
    scopeUnitId: row.scope_unit_id as string,
    ...(row.assigned_by_unit_id !== null ? { assignedByUnitId: row.assigned_by_unit_id as string } : {}),
    targetLevel: row.target_level as string,
    dueAt: row.due_at as number,
    createdAt: row.created_at as number,
    ...(row.period_starts_at !== null ? { periodStartsAt: row.period_starts_at as number } : {}),
    ...(row.note !== null ? { note: row.note as string } : {}),
    ...(row.event_type !== null
      ? {
          event: {
            type: row.event_type as string,
            subject: row.event_subject as string,
            occurredAt: row.event_occurred_at as number,
          },
        }
      : {}),
    ...(row.recurring_id !== null
      ? { recurring: { recurringId: row.recurring_id as string, periodKey: row.period_key as string } }
      : {}),
    taskCount: row.task_count as number,
  };
}

/** Rows per statement in bulk inserts. */
const BULK_ROWS = 1_000;

export class TaskStore {
  /** Tasks withdrawn by a decision on a 回退 (readmodel/acknowledgement-store.ts), which getTask still finds. */
  withdrawn?: { withdrawnTask(id: string): Promise<TaskRecord | undefined> };

  constructor(private readonly db: Db) {}

  /**
   * Records an assignment with one open task per unit, all or nothing. Re-running it (an activity retry) changes
   * nothing: rows that exist are kept, so a task's later progress is never reset.
   */
  async registerAssignment(
    // Without a version (made before versions): the catalog's, version 1.
    assignment: Omit<AssignmentRecord, 'directiveVersion'> & { directiveVersion?: number },
    tasks: ReadonlyArray<NewTask>,
    steps: ReadonlyArray<{ id: string; title: string }>,
  ): Promise<void> {
    const insertAssignment = this.db.prepare(
      `INSERT INTO assignments (id, directive_id, scope_unit_id, target_level, due_at, created_at, note,
         task_count, event_type, event_subject, event_occurred_at, recurring_id, period_key, period_starts_at,
         assigned_by_unit_id, directive_version)
       VALUES (@id, @directiveId, @scopeUnitId, @targetLevel, @dueAt, @createdAt, @note, @taskCount, @eventType,
         @eventSubject, @eventOccurredAt, @recurringId, @periodKey, @periodStartsAt, @assignedByUnitId, @directiveVersion)
       ON CONFLICT DO NOTHING`,
    );
    // A province's fan-out records ~20,000 rows: a statement per thousand (arrays unnested), not a round trip per row.
    const insertTasks = this.db.prepare(
      `INSERT INTO tasks (id, assignment_id, directive_id, unit_id, unit_path, status, late, created_at,
         due_at, steps_total, steps_done, steps_json, version)
       SELECT r.id, @assignmentId, @directiveId, r.unit_id, r.unit_path, 'open', 0, @createdAt::bigint, @dueAt::bigint,
         r.steps_total, 0, r.steps_json, 0
       FROM unnest(@ids::text[], @unitIds::text[], @unitPaths::text[], @stepsTotals::int[], @stepsJsons::text[])
         AS r(id, unit_id, unit_path, steps_total, steps_json)
       ON CONFLICT DO NOTHING`,
    );
    const stepsJson = (own: ReadonlyArray<{ id: string; title: string }>) =>
      JSON.stringify(own.map((s) => ({ id: s.id, title: s.title })));
    const shared = stepsJson(steps);
    await this.db.transaction(async () => {
      await insertAssignment.run({
        id: assignment.id,
        directiveId: assignment.directiveId,
        scopeUnitId: assignment.scopeUnitId,
        targetLevel: assignment.targetLevel,
        dueAt: assignment.dueAt,
        createdAt: assignment.createdAt,
        note: assignment.note ?? null,
        taskCount: assignment.taskCount,
        eventType: assignment.event?.type ?? null,
        eventSubject: assignment.event?.subject ?? null,
        eventOccurredAt: assignment.event?.occurredAt ?? null,
        recurringId: assignment.recurring?.recurringId ?? null,
        periodKey: assignment.recurring?.periodKey ?? null,
        periodStartsAt: assignment.periodStartsAt ?? null,
        assignedByUnitId: assignment.assignedByUnitId ?? null,
        directiveVersion: assignment.directiveVersion ?? null,
      });
      for (let i = 0; i < tasks.length; i += BULK_ROWS) {
        const slice = tasks.slice(i, i + BULK_ROWS);
        await insertTasks.run({
          assignmentId: assignment.id,
          directiveId: assignment.directiveId,
          createdAt: assignment.createdAt,
          dueAt: assignment.dueAt,
          ids: slice.map((t) => t.taskId),
          unitIds: slice.map((t) => t.unitId),
          unitPaths: slice.map((t) => t.unitPath),
          stepsTotals: slice.map((t) => (t.steps ?? steps).length),
          stepsJsons: slice.map((t) => (t.steps ? stepsJson(t.steps) : shared)),
        });
      }
    });
  }

  /**
   * 分解: records a split task's sub-tasks as open rows of its assignment, each naming its parent, all or nothing.
   * Re-running it (an activity retry) changes nothing: rows that exist are kept.
   */
  async registerSubTasks(
    request: { parentTaskId: string; assignmentId: string; directiveId: string; createdAt: number; dueAt: number; steps: ReadonlyArray<{ id: string; title: string }> },
    children: ReadonlyArray<{ taskId: string; unitId: string; unitPath: string }>,
  ): Promise<void> {
    const insert = this.db.prepare(
      `INSERT INTO tasks (id, assignment_id, directive_id, unit_id, unit_path, status, late, created_at,
         due_at, steps_total, steps_done, steps_json, version, parent_task_id)
       VALUES (?, ?, ?, ?, ?, 'open', 0, ?, ?, ?, 0, ?, 0, ?)
       ON CONFLICT DO NOTHING`,
    );
    const stepsJson = JSON.stringify(request.steps.map((s) => ({ id: s.id, title: s.title })));
    await this.db.transaction(async () => {
      for (const child of children) {
        await insert.run(child.taskId, request.assignmentId, request.directiveId, child.unitId, child.unitPath, request.createdAt, request.dueAt, request.steps.length, stepsJson, request.parentTaskId);
      }
    });
  }

  /** A task's sub-tasks at `now`, in unit-path order. */
  async subTasksOf(parentTaskId: string, now: number): Promise<TaskRecord[]> {
    return (
      (await this.db
        .prepare(`SELECT ${TASK_COLUMNS_AT} FROM tasks t JOIN org_units u ON u.id = t.unit_id WHERE t.parent_task_id = @parentTaskId ORDER BY t.unit_path`)
        .all({ parentTaskId, now })) as TaskRow[]
    ).map(toTask);
  }

  async getAssignment(id: string): Promise<AssignmentRecord | undefined> {
    const row = (await this.db.prepare('SELECT * FROM assignments WHERE id = ?').get(id)) as
      | Record<string, unknown>
      | undefined;
    return row ? toAssignment(row) : undefined;
  }

  /** The assignment an event of this type about this subject at this unit started, if one was reported (the first). */
  async findEventAssignment(type: string, unitId: string, subject: string): Promise<AssignmentRecord | undefined> {
    const row = (await this.db
      .prepare('SELECT * FROM assignments WHERE event_type = ? AND scope_unit_id = ? AND event_subject = ? ORDER BY created_at, id LIMIT 1')
      .get(type, unitId, subject)) as Record<string, unknown> | undefined;
    return row ? toAssignment(row) : undefined;
  }

  /**
   * Writes workflows' snapshots unless a newer one is already there (retries and reordering cannot go back), and never
   * brings back a task withdrawn by a decision on its 回退 (an older write retried late). Returns how many it moved on.
   * One statement for any number: a fan-out writes a batch of first states at once.
   */
  async upsertTasks(snapshots: readonly TaskSnapshot[]): Promise<number> {
    if (snapshots.length === 0) return 0;
    const { changes } = await this.db
      .prepare(
        `INSERT INTO tasks (id, assignment_id, directive_id, unit_id, unit_path, status, late, created_at, due_at,
           overdue_at, done_at, steps_total, steps_done, steps_json, version, original_due_at, detail_json,
           accepted_at, review_ends_at, parent_task_id, closed_by_holder_at)
         SELECT r.id, r."assignmentId", r."directiveId", r."unitId", u.path, r.status, r.late, r."createdAt", r."dueAt",
           r."overdueAt", r."doneAt", r."stepsTotal", r."stepsDone", r."stepsJson", r.version, r."originalDueAt",
           r."detailJson", r."acceptedAt", r."reviewEndsAt", r."parentTaskId", r."closedByHolderAt"
         FROM jsonb_to_recordset(@rows::jsonb) AS r(id text, "assignmentId" text, "directiveId" text, "unitId" text,
           status text, late int, "createdAt" bigint, "dueAt" bigint, "overdueAt" bigint, "doneAt" bigint,
           "stepsTotal" int, "stepsDone" int, "stepsJson" text, version bigint, "originalDueAt" bigint,
           "detailJson" text, "acceptedAt" bigint, "reviewEndsAt" bigint, "parentTaskId" text, "closedByHolderAt" bigint)
         JOIN org_units u ON u.id = r."unitId"
         WHERE NOT EXISTS (SELECT 1 FROM withdrawn_tasks w WHERE w.id = r.id)
         ON CONFLICT (id) DO UPDATE SET
           status = excluded.status, late = excluded.late, due_at = excluded.due_at,
           overdue_at = excluded.overdue_at, done_at = excluded.done_at, steps_total = excluded.steps_total,
           steps_done = excluded.steps_done, steps_json = excluded.steps_json, version = excluded.version,
           original_due_at = excluded.original_due_at, detail_json = excluded.detail_json,
           accepted_at = excluded.accepted_at, review_ends_at = excluded.review_ends_at,
           closed_by_holder_at = excluded.closed_by_holder_at
         WHERE excluded.version > tasks.version`,
      )
      .run({ rows: JSON.stringify(snapshots.map(rowOf)) });
    return changes;
  }

  /** Writes one workflow's snapshot (upsertTasks); false when it was older than the stored one and changed nothing. */
  async upsertTask(snapshot: TaskSnapshot): Promise<boolean> {
    return (await this.upsertTasks([snapshot])) > 0;
  }

  /**
   * A task as its workflow last wrote it; with `now`, as the views show it at that instant (its status and
   * acceptance by the domain's rules).
   */
  async getTask(id: string, now?: number): Promise<TaskRecord | undefined> {
    const row = (
      now === undefined
        ? await this.db.prepare(`SELECT ${TASK_COLUMNS} FROM tasks t JOIN org_units u ON u.id = t.unit_id WHERE t.id = ?`).get(id)
        : await this.db.prepare(`SELECT ${TASK_COLUMNS_AT} FROM tasks t JOIN org_units u ON u.id = t.unit_id WHERE t.id = @id`).get({ id, now })
    ) as TaskRow | undefined;
    return row ? toTask(row) : this.withdrawn?.withdrawnTask(id);
  }

  /** One page of the tasks matching a query, at `query.now`, with how many match in all. */
  async listTasks(query: TaskQuery): Promise<{ total: number; tasks: TaskRecord[] }> {
    // Named parameters throughout: the status at @now is in the columns and the state filters.
    const where: string[] = [];
    const params: Record<string, unknown> = { now: query.now, limit: query.limit, offset: query.offset };
    if (query.withinPath !== undefined) {
      const [pathFrom, pathTo] = subtreeRange(query.withinPath);
      where.push('t.unit_path >= @pathFrom AND t.unit_path < @pathTo');
      Object.assign(params, { pathFrom, pathTo });
    }
    if (query.unitId !== undefined) {
      where.push('t.unit_id = @unitId');
      params.unitId = query.unitId;
    }
    if (query.assignmentId !== undefined) {
      where.push('t.assignment_id = @assignmentId');
      params.assignmentId = query.assignmentId;
    }
    if (query.state !== undefined) where.push(STATE_CONDITIONS[query.state]);
    const from = `FROM tasks t JOIN org_units u ON u.id = t.unit_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    // Without a filter the count has no parameter at all, and takes none.
    const total = (await this.db.prepare(`SELECT count(*) ${from}`).pluck().get(...(/@[a-z]/i.test(from) ? [params] : []))) as number;
    const rows = (await this.db
      .prepare(`SELECT ${TASK_COLUMNS_AT} ${from} ORDER BY t.due_at, t.id LIMIT @limit OFFSET @offset`)
      .all(params)) as TaskRow[];
    return { total, tasks: rows.map(toTask) };
  }

  /** A slice of an assignment's tasks in unit-path order (stable once recorded), each with the steps it was given. */
  async taskKeysOfAssignment(
    assignmentId: string,
    offset: number,
    limit: number,
  ): Promise<Array<{ taskId: string; unitId: string; steps: Array<{ id: string; title: string }> }>> {
    // Quoted aliases: PostgreSQL folds unquoted names to lower case.
    const rows = (await this.db
      .prepare(
        `SELECT id AS "taskId", unit_id AS "unitId", steps_json AS "stepsJson" FROM tasks
         WHERE assignment_id = ? AND parent_task_id IS NULL ORDER BY unit_path LIMIT ? OFFSET ?`,
      )
      .all(assignmentId, limit, offset)) as Array<{ taskId: string; unitId: string; stepsJson: string }>;
    return rows.map(({ taskId, unitId, stepsJson }) => ({
      taskId,
      unitId,
      steps: (JSON.parse(stepsJson) as StepState[]).map((s) => ({ id: s.id, title: s.title })),
    }));
  }

  /** An assignment's tasks in unit-path order, optionally only those in one subtree. */
  async tasksOfAssignment(assignmentId: string, withinPath = '/'): Promise<TaskRecord[]> {
    return (
      (await this.db
        .prepare(
          `SELECT ${TASK_COLUMNS} FROM tasks t JOIN org_units u ON u.id = t.unit_id
           WHERE t.assignment_id = ? AND t.unit_path >= ? AND t.unit_path < ? ORDER BY t.unit_path`,
        )
        .all(assignmentId, ...subtreeRange(withinPath))) as TaskRow[]
    ).map(toTask);
  }

  /** How many of an assignment's tasks in a subtree share each status (at `now`) and lateness: its totals without its rows. */
  async statusCountsOfAssignment(
    assignmentId: string,
    withinPath: string,
    now: number,
  ): Promise<Array<{ status: TaskStatus; late: boolean; count: number }>> {
    const { where, params } = subtreeWhere(withinPath, { assignmentId });
    // Ordered by the groups, as SQLite returned them.
    const rows = (await this.db
      .prepare(
        `SELECT ${statusAtSql('')}, late, count(*) FROM tasks t
         WHERE ${where.join(' AND ')} AND ${COUNTED_SQL} GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .raw()
      .all({ ...params, now })) as Array<[TaskStatus, number, number]>;
    return rows.map(([status, late, count]) => ({ status, late: late === 1, count }));
  }

  /** One page of an assignment's tasks in a subtree at `now`, in unit-path order (one task per unit, so a stable order). */
  async taskPageOfAssignment(
    assignmentId: string,
    withinPath: string,
    page: { limit: number; offset: number },
    now: number,
  ): Promise<TaskRecord[]> {
    const { where, params } = subtreeWhere(withinPath, { assignmentId }, 't.');
    return (
      (await this.db
        .prepare(
          `SELECT ${TASK_COLUMNS_AT} FROM tasks t JOIN org_units u ON u.id = t.unit_id
           WHERE ${where.join(' AND ')} AND ${COUNTED_SQL}
           ORDER BY t.unit_path LIMIT @limit OFFSET @offset`,
        )
        .all({ ...params, limit: page.limit, offset: page.offset, now })) as TaskRow[]
    ).map(toTask);
  }

  /** Marks tasks whose workflows the fan-out has started (or found already there). */
  async markStarted(taskIds: readonly string[]): Promise<void> {
    // One statement for the whole batch: one round trip, all or nothing as the transaction was.
    await this.db.prepare(`UPDATE tasks SET started = 1 WHERE id = ANY(@ids::text[])`).run({ ids: [...taskIds] });
  }

  /** How many of an assignment's registered tasks have a workflow: the fan-out's progress. */
  async startedTaskCount(assignmentId: string): Promise<number> {
    return (await this.db
      .prepare(`SELECT count(*) FROM tasks WHERE assignment_id = ? AND started = 1 AND parent_task_id IS NULL`)
      .pluck()
      .get(assignmentId)) as number;
  }

  /**
   * Overdue tasks in a subtree, the longest overdue (earliest deadline) first, with the total matching for paging.
   * `dueBefore` keeps only those overdue for at least some days; `level` only tasks of units of that level.
   */
  async overdueInSubtree(scopePath: string, filter: OverdueFilter): Promise<{ total: number; tasks: TaskRecord[] }> {
    const { where, params } = subtreeWhere(scopePath, { directiveId: filter.directiveId }, 't.');
    where.push(STATE_CONDITIONS.overdue, COUNTED_SQL);
    if (filter.level !== undefined) {
      where.push('u.level = @level');
      params.level = filter.level;
    }
    if (filter.dueBefore !== undefined) {
      where.push('t.due_at <= @dueBefore');
      params.dueBefore = filter.dueBefore;
    }
    const from = `FROM tasks t JOIN org_units u ON u.id = t.unit_id WHERE ${where.join(' AND ')}`;
    const at = { ...params, now: filter.now, limit: filter.limit, offset: filter.offset };
    // Without the level the count needs no unit: every task's unit exists (a foreign key), so the join changes no count
    // and only costs a lookup per row; without it the count reads the index of pending tasks alone.
    const counted = filter.level === undefined ? `FROM tasks t WHERE ${where.join(' AND ')}` : from;
    // The count and the page side by side on the pool. t.id last: tasks of one unit due at the same instant keep one
    // order from page to page.
    const [total, rows] = (await Promise.all([
      this.db.prepare(`SELECT count(*) ${counted}`).pluck().get(at),
      this.db.prepare(`SELECT ${TASK_COLUMNS_AT} ${from} ORDER BY t.due_at, t.unit_path, t.id LIMIT @limit OFFSET @offset`).all(at),
    ])) as [number, TaskRow[]];
    return { total, tasks: rows.map(toTask) };
  }

  /**
   * A subtree's tasks grouped by directive, child of the scope, and every input the lights read. Tasks of one
   * assignment share their window, so tens of thousands of tasks collapse to a few hundred groups, and the rules in
   * domain/rollup.ts apply to each group once, times its count.
   */
  async rollupGroups(scopePath: string, filter: { directiveId?: string }, now: number): Promise<RollupGroup[]> {
    const params: Record<string, unknown> = { scopePath, now };
    const directive = filter.directiveId === undefined ? '' : 'AND directive_id = @directiveId';
    if (filter.directiveId !== undefined) params.directiveId = filter.directiveId;
    const { where, params: subtree } = subtreeWhere(scopePath, {});
    const from = scopePath.length + 1;
    // The children's rows of the maintained roll-up (readmodel/rollup-tables.ts) and its deltas, the scope unit's own
    // tasks read directly, and minus the split tasks the roll-up holds but COUNTED_SQL does not count (a sub-task still
    // open). The status at @now is statusAtSql's rule on the roll-up's done flag and deadline. The child is the path's
    // next segment below the scope, '' for the scope unit's own tasks. Ordered by the groups, so sums (the float
    // stepsExpected among them) add up in one order.
    const rows = (await this.db
      .prepare(
        `SELECT directive_id, child, (CASE WHEN done THEN 'done' WHEN due_at <= @now THEN 'overdue' ELSE 'open' END),
           late, created_at, due_at, steps_done, steps_total, sum(n)
         FROM (
           SELECT directive_id, split_part(substr(node_path, ${from}), '/', 1) AS child, done, late, created_at, due_at,
             steps_done, steps_total, n
           FROM task_rollup WHERE parent_path = @scopePath ${directive}
           UNION ALL
           SELECT directive_id, split_part(substr(node_path, ${from}), '/', 1), done, late, created_at, due_at, steps_done,
             steps_total, n
           FROM task_rollup_delta WHERE parent_path = @scopePath ${directive}
           UNION ALL
           SELECT directive_id, '', status = 'done', late, created_at, due_at, steps_done, steps_total, 1
           FROM tasks t WHERE unit_path = @scopePath ${directive} AND ${COUNTED_SQL}
           UNION ALL
           SELECT directive_id, split_part(substr(unit_path, ${from}), '/', 1), status = 'done', late, created_at, due_at,
             steps_done, steps_total, -1
           FROM tasks t WHERE ${where.join(' AND ')} AND unit_path <> @scopePath ${directive} AND t.closed_by_holder_at IS NULL
             AND t.id IN (SELECT c.parent_task_id FROM tasks c WHERE c.parent_task_id IS NOT NULL AND c.closed_by_holder_at IS NULL)
         ) g
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
      )
      .raw()
      .all({ ...params, ...subtree })) as Array<[string, string, TaskStatus, number, number, number, number, number, number]>;
    return rows.map(([directiveId, childId, status, late, createdAt, dueAt, stepsDone, stepsTotal, count]) => ({
      directiveId,
      childId,
      unitPath: '',
      status,
      late: late === 1,
      createdAt,
      dueAt,
      stepsDone,
      stepsTotal,
      count,
    }));
  }

  /**
   * The few columns a rollup needs for every task in a subtree, optionally of one directive or assignment. Read as
   * raw rows: at province scale this is tens of thousands of rows per report.
   */
  async rollupRows(scopePath: string, filter: { directiveId?: string; assignmentId?: string }, now: number): Promise<RollupRow[]> {
    const { where, params } = subtreeWhere(scopePath, filter);
    // In one order, so the sums add up the same way on every read: SQLite's path index gave unit-path order, ties in
    // insertion order, which creation then id follows closely.
    const rows = (await this.db
      .prepare(
        `SELECT directive_id, unit_path, ${statusAtSql('')}, late, created_at, due_at, steps_done, steps_total FROM tasks t
         WHERE ${where.join(' AND ')} AND ${COUNTED_SQL} ORDER BY unit_path, created_at, id`,
      )
      .raw()
      .all({ ...params, now })) as Array<[string, string, TaskStatus, number, number, number, number, number]>;
    return rows.map(([directiveId, unitPath, status, late, createdAt, dueAt, stepsDone, stepsTotal]) => ({
      directiveId,
      unitPath,
      status,
      late: late === 1,
      createdAt,
      dueAt,
      stepsDone,
      stepsTotal,
    }));
  }
}

/**
 * The tasks of a subtree, optionally of one directive or one assignment, as a WHERE clause an index can serve, with
 * its named parameters (@pathFrom, @pathTo, @assignmentId, @directiveId): statements that read the status at @now
 * bind everything by name.
 */
function subtreeWhere(scopePath: string, filter: { directiveId?: string | undefined; assignmentId?: string }, alias = '') {
  const [pathFrom, pathTo] = subtreeRange(scopePath);
  const where = [`${alias}unit_path >= @pathFrom`, `${alias}unit_path < @pathTo`];
  const params: Record<string, unknown> = { pathFrom, pathTo };
  if (filter.assignmentId !== undefined) {
    where.push(`${alias}assignment_id = @assignmentId`);
    params.assignmentId = filter.assignmentId;
  }
  if (filter.directiveId !== undefined) {
    where.push(`${alias}directive_id = @directiveId`);
    params.directiveId = filter.directiveId;
  }
  return { where, params };
}

export interface RollupGroup extends RollupTask {
  directiveId: string;
  /** The child of the scope unit the tasks sit under; '' for tasks of the scope unit itself. */
  childId: string;
  /** How many tasks share exactly these inputs. */
  count: number;
}

export interface OverdueFilter {
  /** The instant the statuses are read at. */
  now: number;
  directiveId?: string;
  level?: OrgLevel;
  /** Only tasks due at or before this instant. */
  dueBefore?: number;
  limit: number;
  offset: number;
}

export interface RollupRow extends RollupTask {
  directiveId: string;
}
