import type { AcknowledgementFacts, AcknowledgementState } from '../domain/acknowledgement';
import { isWithdrawn } from '../domain/acknowledgement';
import { subtreeRange } from '../domain/org';
import type { TaskSnapshot } from '../domain/task';
import type { Db } from './database';
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
  project(snapshot: TaskSnapshot): void {
    const ack = snapshot.history.acknowledgement;
    if (!ack) return;
    this.db
      .prepare(
        `INSERT INTO task_acknowledgements (task_id, assignment_id, directive_id, unit_id, unit_path, state, created_at,
           acknowledge_by, acknowledged_at, version)
         SELECT @taskId, @assignmentId, @directiveId, @unitId, u.path, @state, @createdAt, @acknowledgeBy, @acknowledgedAt, @version
         FROM org_units u WHERE u.id = @unitId
         ON CONFLICT (task_id) DO UPDATE SET state = excluded.state, acknowledged_at = excluded.acknowledged_at,
           acknowledge_by = excluded.acknowledge_by, version = excluded.version
         WHERE excluded.version > task_acknowledgements.version`,
      )
      .run({
        taskId: snapshot.taskId,
        assignmentId: snapshot.assignmentId,
        directiveId: snapshot.directiveId,
        unitId: snapshot.unitId,
        state: ack.state,
        createdAt: snapshot.createdAt,
        acknowledgeBy: ack.acknowledgeBy ?? null,
        acknowledgedAt: ack.acknowledgedAt ?? null,
        version: snapshot.version,
      });
    if (isWithdrawn(ack.state)) this.withdraw(snapshot, ack.state, ack.decidedAt ?? snapshot.createdAt);
  }

  /** Moves the task's row out of `tasks`, once; the assignment then counts one task fewer. */
  private withdraw(snapshot: TaskSnapshot, outcome: AcknowledgementState, at: number): void {
    const unit = this.db.prepare('SELECT name, path FROM org_units WHERE id = ?').get(snapshot.unitId) as { name: string; path: string } | undefined;
    if (!unit) return;
    this.db
      .prepare(
        `INSERT OR IGNORE INTO withdrawn_tasks (id, assignment_id, unit_id, unit_path, outcome, withdrawn_at, record_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(snapshot.taskId, snapshot.assignmentId, snapshot.unitId, unit.path, outcome, at, JSON.stringify(taskRecordOf(snapshot, unit.name)));
    const { changes } = this.db.prepare('DELETE FROM tasks WHERE id = ?').run(snapshot.taskId);
    if (changes > 0) this.db.prepare('UPDATE assignments SET task_count = task_count - 1 WHERE id = ?').run(snapshot.assignmentId);
  }

  isWithdrawn(taskId: string): boolean {
    return this.db.prepare('SELECT 1 FROM withdrawn_tasks WHERE id = ?').pluck().get(taskId) !== undefined;
  }

  /** A withdrawn task as its workflow last showed it. */
  withdrawnTask(taskId: string): TaskRecord | undefined {
    const json = this.db.prepare('SELECT record_json FROM withdrawn_tasks WHERE id = ?').pluck().get(taskId) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as TaskRecord);
  }

  /** Whether the unit holds, or held, a task of the assignment (a reassignment must go to a unit that has none). */
  holdsTask(assignmentId: string, unitId: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM tasks WHERE assignment_id = ? AND unit_id = ? UNION ALL SELECT 1 FROM withdrawn_tasks WHERE assignment_id = ? AND unit_id = ?')
        .pluck()
        .get(assignmentId, unitId, assignmentId, unitId) !== undefined
    );
  }

  /** The row of a reassigned task's successor, once; the assignment then counts one task more. */
  addReassignedTask(task: {
    taskId: string;
    assignmentId: string;
    directiveId: string;
    unitId: string;
    unitPath: string;
    createdAt: number;
    dueAt: number;
    steps: ReadonlyArray<{ id: string; title: string }>;
  }): void {
    this.db.transaction(() => {
      const { changes } = this.db
        .prepare(
          `INSERT OR IGNORE INTO tasks (id, assignment_id, directive_id, unit_id, unit_path, status, late, created_at,
             due_at, steps_total, steps_done, steps_json, version)
           VALUES (?, ?, ?, ?, ?, 'open', 0, ?, ?, ?, 0, ?, 0)`,
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
      if (changes > 0) this.db.prepare('UPDATE assignments SET task_count = task_count + 1 WHERE id = ?').run(task.assignmentId);
    })();
  }

  /** The 签收 inputs of every task in a subtree, optionally of one directive or assignment. */
  rowsInSubtree(scopePath: string, filter: { directiveId?: string | undefined; assignmentId?: string | undefined } = {}): AcknowledgementRow[] {
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
    const rows = this.db
      .prepare(
        `SELECT task_id, assignment_id, directive_id, unit_path, state, created_at, acknowledge_by, acknowledged_at
         FROM task_acknowledgements WHERE ${where.join(' AND ')}`,
      )
      .raw()
      .all(...params) as Array<[string, string, string, string, AcknowledgementState, number, number | null, number | null]>;
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
