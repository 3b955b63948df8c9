import { ApplicationFailure } from '@temporalio/common';
import { findDirective } from '../domain/catalog';
import { taskId } from '../domain/ids';
import type { TaskSnapshot } from '../domain/task';
import type { ReadModel } from '../readmodel';
import type { AssignmentInput } from '../workflows/assignment';

export interface AssignmentPlan {
  tasks: Array<{ taskId: string; unitId: string }>;
  steps: Array<{ id: string; title: string }>;
}

export interface ActivityDeps {
  readModel: ReadModel;
}

export function createActivities({ readModel }: ActivityDeps) {
  return {
    /** Resolves an assignment's target units and records it with its open tasks, idempotently. */
    async registerAssignment(input: AssignmentInput): Promise<AssignmentPlan> {
      const directive = findDirective(input.directiveId);
      if (!directive) {
        throw ApplicationFailure.nonRetryable(`unknown directive ${input.directiveId}`, 'UnknownDirective');
      }
      if (!readModel.org.get(input.scopeUnitId)) {
        throw ApplicationFailure.nonRetryable(`unknown unit ${input.scopeUnitId}`, 'UnknownUnit');
      }
      const units = readModel.org.unitsAtLevel(input.scopeUnitId, directive.targetLevel);
      const tasks = units.map((u) => ({ taskId: taskId(input.assignmentId, u.id), unitId: u.id, unitPath: u.path }));
      const steps = directive.steps.map((s) => ({ id: s.id, title: s.title.zh }));
      readModel.tasks.registerAssignment(
        {
          id: input.assignmentId,
          directiveId: directive.id,
          scopeUnitId: input.scopeUnitId,
          targetLevel: directive.targetLevel,
          dueAt: input.dueAt,
          createdAt: input.createdAt,
          ...(input.note !== undefined ? { note: input.note } : {}),
          taskCount: tasks.length,
        },
        tasks,
        steps,
      );
      return { tasks: tasks.map(({ taskId: id, unitId }) => ({ taskId: id, unitId })), steps };
    },

    /** Writes a task's latest state into the read model; older or repeated snapshots are ignored. */
    async projectTask(snapshot: TaskSnapshot): Promise<void> {
      readModel.tasks.upsertTask(snapshot);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
