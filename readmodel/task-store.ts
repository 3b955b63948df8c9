import { subtreeRange, type OrgLevel } from '../domain/org';
import type { RollupTask } from '../domain/rollup';
import type { Acceptance, StepState, TaskHistory, TaskSnapshot, TaskStateFilter, TaskStatus } from '../domain/task';
import type { Db } from './database';

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
  /** Read at an instant only. */
  status_at?: TaskStatus;
  acceptance_at?: Acceptance | null;
}

/**
 * domain/task.ts taskStatusAt in SQL, at the instant bound as @now: whether the task is done is the workflow's word;
 * open or overdue follows from the deadline at the instant of reading. Every view reads a task's status through this
 * (lists, progress, rollups, summaries, the overdue list), so they agree with each other and with the workflow,
 * including between a deadline and its timer's write.
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
  };
}

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
  extensionPending: `EXISTS (SELECT 1 FROM json_each(t.detail_json, '$.extensions') e WHERE json_extract(e.value, '$.status') = 'pending')`,
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

export class TaskStore {
  constructor(private readonly db: Db) {}

  /**
   * Records an assignment with one open task per unit, all or nothing. Re-running it (an activity retry) changes
   * nothing: rows that exist are kept, so a task's later progress is never reset.
   */
  registerAssignment(
    // Without a version (made before versions): the catalog's, version 1.
    assignment: Omit<AssignmentRecord, 'directiveVersion'> & { directiveVersion?: number },
    tasks: ReadonlyArray<NewTask>,
    steps: ReadonlyArray<{ id: string; title: string }>,
  ): void {
    const insertAssignment = this.db.prepare(
      `INSERT OR IGNORE INTO assignments (id, directive_id, scope_unit_id, target_level, due_at, created_at, note,
         task_count, event_type, event_subject, event_occurred_at, recurring_id, period_key, period_starts_at,
         assigned_by_unit_id, directive_version)
       VALUES (@id, @directiveId, @scopeUnitId, @targetLevel, @dueAt, @createdAt, @note, @taskCount, @eventType,
         @eventSubject, @eventOccurredAt, @recurringId, @periodKey, @periodStartsAt, @assignedByUnitId, @directiveVersion)`,
    );
    const insertTask = this.db.prepare(
      `INSERT OR IGNORE INTO tasks (id, assignment_id, directive_id, unit_id, unit_path, status, late, created_at,
         due_at, steps_total, steps_done, steps_json, version)
       VALUES (?, ?, ?, ?, ?, 'open', 0, ?, ?, ?, 0, ?, 0)`,
    );
    const stepsJson = (own: ReadonlyArray<{ id: string; title: string }>) =>
      JSON.stringify(own.map((s) => ({ id: s.id, title: s.title })));
    const shared = stepsJson(steps);
    this.db.transaction(() => {
      insertAssignment.run({
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
      for (const task of tasks) {
        insertTask.run(
          task.taskId,
          assignment.id,
          assignment.directiveId,
          task.unitId,
          task.unitPath,
          assignment.createdAt,
          assignment.dueAt,
          (task.steps ?? steps).length,
          task.steps ? stepsJson(task.steps) : shared,
        );
      }
    })();
  }

  getAssignment(id: string): AssignmentRecord | undefined {
    const row = this.db.prepare('SELECT * FROM assignments WHERE id = ?').get(id) as
      | Record<string, unknown>
      | undefined;
    return row ? toAssignment(row) : undefined;
  }

  /** The assignment an event of this type about this subject at this unit started, if one was reported (the first). */
  findEventAssignment(type: string, unitId: string, subject: string): AssignmentRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM assignments WHERE event_type = ? AND scope_unit_id = ? AND event_subject = ? ORDER BY created_at, id LIMIT 1')
      .get(type, unitId, subject) as Record<string, unknown> | undefined;
    return row ? toAssignment(row) : undefined;
  }

  /** Writes a workflow's snapshot unless a newer one is already there: retries and reordering cannot go back. */
  /** Returns false when the snapshot was older than (or the same as) the stored one and changed nothing. */
  upsertTask(snapshot: TaskSnapshot): boolean {
    const { changes } = this.db
      .prepare(
        `INSERT INTO tasks (id, assignment_id, directive_id, unit_id, unit_path, status, late, created_at, due_at,
           overdue_at, done_at, steps_total, steps_done, steps_json, version, original_due_at, detail_json,
           accepted_at, review_ends_at)
         SELECT @id, @assignmentId, @directiveId, @unitId, u.path, @status, @late, @createdAt, @dueAt,
           @overdueAt, @doneAt, @stepsTotal, @stepsDone, @stepsJson, @version, @originalDueAt, @detailJson,
           @acceptedAt, @reviewEndsAt
         FROM org_units u WHERE u.id = @unitId
         ON CONFLICT (id) DO UPDATE SET
           status = excluded.status, late = excluded.late, due_at = excluded.due_at,
           overdue_at = excluded.overdue_at, done_at = excluded.done_at, steps_total = excluded.steps_total,
           steps_done = excluded.steps_done, steps_json = excluded.steps_json, version = excluded.version,
           original_due_at = excluded.original_due_at, detail_json = excluded.detail_json,
           accepted_at = excluded.accepted_at, review_ends_at = excluded.review_ends_at
         WHERE excluded.version > tasks.version`,
      )
      .run(rowOf(snapshot));
    return changes > 0;
  }

  /**
   * A task as its workflow last wrote it; with `now`, as the views show it at that instant (its status and
   * acceptance by the domain's rules).
   */
  getTask(id: string, now?: number): TaskRecord | undefined {
    const row = (
      now === undefined
        ? this.db.prepare(`SELECT ${TASK_COLUMNS} FROM tasks t JOIN org_units u ON u.id = t.unit_id WHERE t.id = ?`).get(id)
        : this.db.prepare(`SELECT ${TASK_COLUMNS_AT} FROM tasks t JOIN org_units u ON u.id = t.unit_id WHERE t.id = ?`).get(id, { now })
    ) as TaskRow | undefined;
    return row ? toTask(row) : undefined;
  }

  /** One page of the tasks matching a query, at `query.now`, with how many match in all. */
  listTasks(query: TaskQuery): { total: number; tasks: TaskRecord[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.withinPath !== undefined) {
      where.push('t.unit_path >= ? AND t.unit_path < ?');
      params.push(...subtreeRange(query.withinPath));
    }
    if (query.unitId !== undefined) {
      where.push('t.unit_id = ?');
      params.push(query.unitId);
    }
    if (query.assignmentId !== undefined) {
      where.push('t.assignment_id = ?');
      params.push(query.assignmentId);
    }
    if (query.state !== undefined) where.push(STATE_CONDITIONS[query.state]);
    const from = `FROM tasks t JOIN org_units u ON u.id = t.unit_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const at = { now: query.now };
    const total = this.db.prepare(`SELECT count(*) ${from}`).pluck().get(...params, at) as number;
    const rows = this.db
      .prepare(`SELECT ${TASK_COLUMNS_AT} ${from} ORDER BY t.due_at, t.id LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset, at) as TaskRow[];
    return { total, tasks: rows.map(toTask) };
  }

  /** A slice of an assignment's tasks in unit-path order (stable once recorded), each with the steps it was given. */
  taskKeysOfAssignment(
    assignmentId: string,
    offset: number,
    limit: number,
  ): Array<{ taskId: string; unitId: string; steps: Array<{ id: string; title: string }> }> {
    const rows = this.db
      .prepare(
        `SELECT id AS taskId, unit_id AS unitId, steps_json AS stepsJson FROM tasks WHERE assignment_id = ?
         ORDER BY unit_path LIMIT ? OFFSET ?`,
      )
      .all(assignmentId, limit, offset) as Array<{ taskId: string; unitId: string; stepsJson: string }>;
    return rows.map(({ taskId, unitId, stepsJson }) => ({
      taskId,
      unitId,
      steps: (JSON.parse(stepsJson) as StepState[]).map((s) => ({ id: s.id, title: s.title })),
    }));
  }

  /** An assignment's tasks in unit-path order, optionally only those in one subtree. */
  tasksOfAssignment(assignmentId: string, withinPath = '/'): TaskRecord[] {
    return (
      this.db
        .prepare(
          `SELECT ${TASK_COLUMNS} FROM tasks t JOIN org_units u ON u.id = t.unit_id
           WHERE t.assignment_id = ? AND t.unit_path >= ? AND t.unit_path < ? ORDER BY t.unit_path`,
        )
        .all(assignmentId, ...subtreeRange(withinPath)) as TaskRow[]
    ).map(toTask);
  }

  /** How many of an assignment's tasks in a subtree share each status (at `now`) and lateness: its totals without its rows. */
  statusCountsOfAssignment(assignmentId: string, withinPath: string, now: number): Array<{ status: TaskStatus; late: boolean; count: number }> {
    const rows = this.db
      .prepare(
        `SELECT ${statusAtSql('')}, late, count(*) FROM tasks
         WHERE assignment_id = ? AND unit_path >= ? AND unit_path < ? GROUP BY 1, 2`,
      )
      .raw()
      .all(assignmentId, ...subtreeRange(withinPath), { now }) as Array<[TaskStatus, number, number]>;
    return rows.map(([status, late, count]) => ({ status, late: late === 1, count }));
  }

  /** One page of an assignment's tasks in a subtree at `now`, in unit-path order (one task per unit, so a stable order). */
  taskPageOfAssignment(assignmentId: string, withinPath: string, page: { limit: number; offset: number }, now: number): TaskRecord[] {
    return (
      this.db
        .prepare(
          `SELECT ${TASK_COLUMNS_AT} FROM tasks t JOIN org_units u ON u.id = t.unit_id
           WHERE t.assignment_id = ? AND t.unit_path >= ? AND t.unit_path < ? ORDER BY t.unit_path LIMIT ? OFFSET ?`,
        )
        .all(assignmentId, ...subtreeRange(withinPath), page.limit, page.offset, { now }) as TaskRow[]
    ).map(toTask);
  }

  /** Marks tasks whose workflows the fan-out has started (or found already there). */
  markStarted(taskIds: readonly string[]): void {
    const mark = this.db.prepare(`UPDATE tasks SET started = 1 WHERE id = ?`);
    this.db.transaction(() => taskIds.forEach((id) => mark.run(id)))();
  }

  /** How many of an assignment's registered tasks have a workflow: the fan-out's progress. */
  startedTaskCount(assignmentId: string): number {
    return this.db.prepare(`SELECT count(*) FROM tasks WHERE assignment_id = ? AND started = 1`).pluck().get(assignmentId) as number;
  }

  /**
   * Overdue tasks in a subtree, the longest overdue (earliest deadline) first, with the total matching for paging.
   * `dueBefore` keeps only those overdue for at least some days; `level` only tasks of units of that level.
   */
  overdueInSubtree(scopePath: string, filter: OverdueFilter): { total: number; tasks: TaskRecord[] } {
    const { where, params } = subtreeWhere(scopePath, { directiveId: filter.directiveId }, 't.');
    where.push(STATE_CONDITIONS.overdue);
    if (filter.level !== undefined) {
      where.push('u.level = ?');
      params.push(filter.level);
    }
    if (filter.dueBefore !== undefined) {
      where.push('t.due_at <= ?');
      params.push(filter.dueBefore);
    }
    const from = `FROM tasks t JOIN org_units u ON u.id = t.unit_id WHERE ${where.join(' AND ')}`;
    const at = { now: filter.now };
    const total = this.db.prepare(`SELECT count(*) ${from}`).pluck().get(...params, at) as number;
    const rows = this.db
      .prepare(`SELECT ${TASK_COLUMNS_AT} ${from} ORDER BY t.due_at, t.unit_path LIMIT ? OFFSET ?`)
      .all(...params, filter.limit, filter.offset, at) as TaskRow[];
    return { total, tasks: rows.map(toTask) };
  }

  /**
   * A subtree's tasks grouped by directive, child of the scope, and every input the lights read. Tasks of one
   * assignment share their window, so tens of thousands of tasks collapse to a few hundred groups, and the rules in
   * domain/rollup.ts apply to each group once, times its count.
   */
  rollupGroups(scopePath: string, filter: { directiveId?: string }, now: number): RollupGroup[] {
    const { where, params } = subtreeWhere(scopePath, filter);
    const from = scopePath.length + 1;
    const rows = this.db
      .prepare(
        `SELECT directive_id, substr(unit_path, ${from}, instr(substr(unit_path, ${from}), '/') - 1) AS child,
           ${statusAtSql('')}, late, created_at, due_at, steps_done, steps_total, count(*)
         FROM tasks WHERE ${where.join(' AND ')}
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
      )
      .raw()
      .all(...params, { now }) as Array<[string, string, TaskStatus, number, number, number, number, number, number]>;
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
  rollupRows(scopePath: string, filter: { directiveId?: string; assignmentId?: string }, now: number): RollupRow[] {
    const { where, params } = subtreeWhere(scopePath, filter);
    const rows = this.db
      .prepare(
        `SELECT directive_id, unit_path, ${statusAtSql('')}, late, created_at, due_at, steps_done, steps_total FROM tasks
         WHERE ${where.join(' AND ')}`,
      )
      .raw()
      .all(...params, { now }) as Array<[string, string, TaskStatus, number, number, number, number, number]>;
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

/** The tasks of a subtree, optionally of one directive or one assignment, as a WHERE clause an index can serve. */
function subtreeWhere(scopePath: string, filter: { directiveId?: string | undefined; assignmentId?: string }, alias = '') {
  const where = [`${alias}unit_path >= ?`, `${alias}unit_path < ?`];
  const params: unknown[] = [...subtreeRange(scopePath)];
  if (filter.assignmentId !== undefined) {
    where.push(`${alias}assignment_id = ?`);
    params.push(filter.assignmentId);
  }
  if (filter.directiveId !== undefined) {
    where.push(`${alias}directive_id = ?`);
    params.push(filter.directiveId);
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
