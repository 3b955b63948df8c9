import type { AcknowledgementFacts, AcknowledgementGroup, AcknowledgementState } from '../domain/acknowledgement';
import { isWithdrawn } from '../domain/acknowledgement';
import { subtreeRange } from '../domain/org';
import type { TaskSnapshot } from '../domain/task';
import type { Db } from './db';
import { taskRecordOf, type TaskRecord } from './task-store';

/** The 签收 inputs of one task with where it sits, for the figures of a subtree (domain/acknowledgement.ts). */
export interface AcknowledgementRow extends AcknowledgementFacts {
  taskId: string;
  assignmentId: string;
  directiveId: string;
  unitPath: string;
}

/**
 * 签收 and 回退 in the read model: each task's acknowledgement (a projection of its workflow, for the figures), and
 * tasks withdrawn from their unit by a leader's decision on a 回退 (reassigned or cancelled). A withdrawn task's row
 * leaves `tasks` — it is no longer the assignment's work, so no list, count or roll-up sees it — and is kept here as
 * the workflow last showed it, so the task page and its audit trail still answer.
 */
export class AcknowledgementStore {
  constructor(private readonly db: Db) {}

  /** Writes a task's acknowledgement from its snapshot (a newer version wins); a withdrawn task leaves `tasks`. */
  async project(snapshot: TaskSnapshot): Promise<void> {
    await this.projectAll([snapshot]);
    const ack = snapshot.history.acknowledgement;
    if (ack && isWithdrawn(ack.state)) await this.withdraw(snapshot, ack.state, ack.decidedAt ?? snapshot.createdAt);
  }

  /** The acknowledgements of many snapshots in one statement (a fan-out's first states); withdrawal is project's. */
  async projectAll(snapshots: readonly TaskSnapshot[]): Promise<void> {
    const rows = snapshots.flatMap((snapshot) => {
      const ack = snapshot.history.acknowledgement;
      return ack
        ? [{
            taskId: snapshot.taskId,
            assignmentId: snapshot.assignmentId,
            directiveId: snapshot.directiveId,
            unitId: snapshot.unitId,
            state: ack.state,
            createdAt: snapshot.createdAt,
            acknowledgeBy: ack.acknowledgeBy ?? null,
            acknowledgedAt: ack.acknowledgedAt ?? null,
            version: snapshot.version,
          }]
        : [];
    });
    if (rows.length === 0) return;
    await this.db
      .prepare(
        `INSERT INTO task_acknowledgements (task_id, assignment_id, directive_id, unit_id, unit_path, state, created_at,
           acknowledge_by, acknowledged_at, version)
         SELECT r."taskId", r."assignmentId", r."directiveId", r."unitId", u.path, r.state, r."createdAt",
           r."acknowledgeBy", r."acknowledgedAt", r.version
         FROM jsonb_to_recordset(@rows::jsonb) AS r("taskId" text, "assignmentId" text, "directiveId" text,
           "unitId" text, state text, "createdAt" bigint, "acknowledgeBy" bigint, "acknowledgedAt" bigint, version bigint)
         JOIN org_units u ON u.id = r."unitId"
         ON CONFLICT (task_id) DO UPDATE SET state = excluded.state, acknowledged_at = excluded.acknowledged_at,
           acknowledge_by = excluded.acknowledge_by, version = excluded.version
         WHERE excluded.version > task_acknowledgements.version`,
      )
      .run({ rows: JSON.stringify(rows) });
  }

  /** Moves the task's row out of `tasks`, once; the assignment then counts one task fewer. */
  private async withdraw(snapshot: TaskSnapshot, outcome: AcknowledgementState, at: number): Promise<void> {
    const unit = (await this.db.prepare('SELECT name, path FROM org_units WHERE id = ?').get(snapshot.unitId)) as
      | { name: string; path: string }
      | undefined;
    if (!unit) return;
    await this.db
      .prepare(
        `INSERT INTO withdrawn_tasks (id, assignment_id, unit_id, unit_path, outcome, withdrawn_at, record_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(snapshot.taskId, snapshot.assignmentId, snapshot.unitId, unit.path, outcome, at, JSON.stringify(taskRecordOf(snapshot, unit.name)));
    const { changes } = await this.db.prepare('DELETE FROM tasks WHERE id = ?').run(snapshot.taskId);
    if (changes > 0) await this.db.prepare('UPDATE assignments SET task_count = task_count - 1 WHERE id = ?').run(snapshot.assignmentId);
  }

  async isWithdrawn(taskId: string): Promise<boolean> {
    return (await this.db.prepare('SELECT 1 FROM withdrawn_tasks WHERE id = ?').pluck().get(taskId)) !== undefined;
  }

  /** A withdrawn task as its workflow last showed it. */
  async withdrawnTask(taskId: string): Promise<TaskRecord | undefined> {
    const json = (await this.db.prepare('SELECT record_json FROM withdrawn_tasks WHERE id = ?').pluck().get(taskId)) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as TaskRecord);
  }

  /** Whether the unit holds, or held, a task of the assignment (a reassignment must go to a unit that has none). */
  async holdsTask(assignmentId: string, unitId: string): Promise<boolean> {
    return (
      (await this.db
        .prepare('SELECT 1 FROM tasks WHERE assignment_id = ? AND unit_id = ? UNION ALL SELECT 1 FROM withdrawn_tasks WHERE assignment_id = ? AND unit_id = ?')
        .pluck()
        .get(assignmentId, unitId, assignmentId, unitId)) !== undefined
    );
  }

  /** The row of a reassigned task's successor, once; the assignment then counts one task more. */
  async addReassignedTask(task: {
    taskId: string;
    assignmentId: string;
    directiveId: string;
    unitId: string;
    unitPath: string;
    createdAt: number;
    dueAt: number;
    steps: ReadonlyArray<{ id: string; title: string }>;
  }): Promise<void> {
    await this.db.transaction(async () => {
      const { changes } = await this.db
        .prepare(
          `INSERT INTO tasks (id, assignment_id, directive_id, unit_id, unit_path, status, late, created_at,
             due_at, steps_total, steps_done, steps_json, version)
           VALUES (?, ?, ?, ?, ?, 'open', 0, ?, ?, ?, 0, ?, 0)
           ON CONFLICT DO NOTHING`,
        )
        .run(
          task.taskId,
          task.assignmentId,
          task.directiveId,
          task.unitId,
          task.unitPath,
          task.createdAt,
          task.dueAt,
          task.steps.length,
          JSON.stringify(task.steps.map((s) => ({ id: s.id, title: s.title }))),
        );
      if (changes > 0) await this.db.prepare('UPDATE assignments SET task_count = task_count + 1 WHERE id = ?').run(task.assignmentId);
    });
  }

  /**
   * The 签收 inputs of a subtree's tasks as groups (domain/acknowledgement.ts AcknowledgementGroup) by directive and
   * child of the scope ('' for the scope unit's own): the figures of a summary without a row per task. The children's
   * groups are the maintained roll-up's rows and deltas (readmodel/rollup-tables.ts, which holds only the tasks the
   * figures count); the scope unit's own tasks are read directly, on time by domain/task.ts isLate's rule in SQL.
   */
  async groupsInSubtree(
    scopePath: string,
    filter: { directiveId?: string | undefined } = {},
  ): Promise<Array<AcknowledgementGroup & { directiveId: string; childId: string }>> {
    const params: Record<string, unknown> = { scopePath };
    const directive = filter.directiveId === undefined ? '' : 'AND directive_id = @directiveId';
    if (filter.directiveId !== undefined) params.directiveId = filter.directiveId;
    const rows = (await this.db
      .prepare(
        `SELECT directive_id, child, state, acknowledge_by, acknowledged, on_time, sum(n), sum(waited_ms)
         FROM (
           SELECT directive_id, split_part(substr(node_path, ${scopePath.length + 1}), '/', 1) AS child, state, acknowledge_by,
             acknowledged, on_time, n, waited_ms
           FROM task_acknowledgement_rollup WHERE parent_path = @scopePath ${directive}
           UNION ALL
           SELECT directive_id, split_part(substr(node_path, ${scopePath.length + 1}), '/', 1), state, acknowledge_by, acknowledged,
             on_time, n, waited_ms
           FROM task_acknowledgement_rollup_delta WHERE parent_path = @scopePath ${directive}
           UNION ALL
           SELECT directive_id, '', state, acknowledge_by, acknowledged_at IS NOT NULL,
             acknowledged_at IS NOT NULL AND (acknowledge_by IS NULL OR acknowledged_at <= acknowledge_by),
             1, coalesce(acknowledged_at - created_at, 0)
           FROM task_acknowledgements WHERE unit_path = @scopePath ${directive}
         ) g
         GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0`,
      )
      .raw()
      .all(params)) as Array<[string, string, AcknowledgementState, number | null, boolean, boolean, number, number]>;
    return rows.map(([directiveId, childId, state, acknowledgeBy, acknowledged, onTime, count, waitedMs]) => ({
      directiveId,
      childId,
      state,
      ...(acknowledgeBy !== null ? { acknowledgeBy } : {}),
      acknowledged,
      onTime,
      count,
      waitedMs,
    }));
  }

  /** The 签收 inputs of every task in a subtree, optionally of one directive or assignment. */
  async rowsInSubtree(
    scopePath: string,
    filter: { directiveId?: string | undefined; assignmentId?: string | undefined } = {},
  ): Promise<AcknowledgementRow[]> {
    const where = ['unit_path >= ?', 'unit_path < ?'];
    const params: unknown[] = [...subtreeRange(scopePath)];
    if (filter.directiveId !== undefined) {
      where.push('directive_id = ?');
      params.push(filter.directiveId);
    }
    if (filter.assignmentId !== undefined) {
      where.push('assignment_id = ?');
      params.push(filter.assignmentId);
    }
    // In one order, so the figures' sums add up the same way on every read: SQLite's path index gave unit-path order,
    // ties in insertion order, which creation then task id follows closely.
    const rows = (await this.db
      .prepare(
        `SELECT task_id, assignment_id, directive_id, unit_path, state, created_at, acknowledge_by, acknowledged_at
         FROM task_acknowledgements WHERE ${where.join(' AND ')} ORDER BY unit_path, created_at, task_id`,
      )
      .raw()
      .all(...params)) as Array<[string, string, string, string, AcknowledgementState, number, number | null, number | null]>;
    return rows.map(([taskId, assignmentId, directiveId, unitPath, state, createdAt, acknowledgeBy, acknowledgedAt]) => ({
      taskId,
      assignmentId,
      directiveId,
      unitPath,
      state,
      createdAt,
      ...(acknowledgeBy !== null ? { acknowledgeBy } : {}),
      ...(acknowledgedAt !== null ? { acknowledgedAt } : {}),
    }));
  }
}
