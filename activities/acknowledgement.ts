import { ApplicationFailure } from '@temporalio/common';
import { acknowledgeByFor, DEFAULT_ACKNOWLEDGE_WORKING_DAYS } from '../domain/acknowledgement';
import { taskId } from '../domain/ids';
import { ROUNDS_DIRECTIVE_ID, visitSteps } from '../domain/rounds';
import { policyFor } from '../domain/task-policy';
import { UNIT_TASK_WORKFLOW, unitTaskStartOptions } from '../contracts/unit-task';
import { startOnce } from '../platform/start-once';
import type { ActivityDeps } from './index';

/** A declined task's successor at another unit (改派): the same work and deadline, issued at the reassignment. */
export interface ReassignedTaskInput {
  fromTaskId: string;
  assignmentId: string;
  directiveId: string;
  unitId: string;
  createdAt: number;
  dueAt: number;
  steps: Array<{ id: string; title: string }>;
  /** The period the work is for began then (visits count from it), as it did for the declined task. */
  periodStartsAt: number;
}

export function createAcknowledgementActivities({ readModel, client, taskQueue, acknowledgeWorkingDays = DEFAULT_ACKNOWLEDGE_WORKING_DAYS }: ActivityDeps) {
  return {
    /**
     * Records the successor's task row and starts its workflow, once (its id from the assignment and the new unit):
     * a retry meets the row and the workflow it made. Its 签收 window counts from the reassignment.
     */
    async startReassignedTask(input: ReassignedTaskInput): Promise<{ taskId: string }> {
      // The version the assignment was made from, as for every task of it.
      const assignment = await readModel.tasks.getAssignment(input.assignmentId);
      const directive = await readModel.directives.of(input.directiveId, assignment?.directiveVersion);
      const unit = await readModel.org.get(input.unitId);
      if (!directive || !unit) throw ApplicationFailure.nonRetryable(`cannot reassign ${input.fromTaskId} to ${input.unitId}`, 'UnknownUnit');
      const id = taskId(input.assignmentId, unit.id);
      // The rounds have a step per village of the unit; any other directive's steps are the task's own.
      const steps = directive.id === ROUNDS_DIRECTIVE_ID ? visitSteps(await readModel.org.children(unit.id)) : input.steps;
      await readModel.acknowledgements.addReassignedTask({ taskId: id, assignmentId: input.assignmentId, directiveId: input.directiveId, unitId: unit.id, unitPath: unit.path, createdAt: input.createdAt, dueAt: input.dueAt, steps });
      await startOnce(client, {
        workflowType: UNIT_TASK_WORKFLOW,
        options: {
          taskQueue,
          ...unitTaskStartOptions({
            taskId: id,
            assignmentId: input.assignmentId,
            directiveId: input.directiveId,
            unitId: unit.id,
            createdAt: input.createdAt,
            dueAt: input.dueAt,
            steps,
            policy: policyFor(directive, input.createdAt, input.dueAt),
            periodStartsAt: input.periodStartsAt,
            acknowledgeBy: acknowledgeByFor(input.createdAt, acknowledgeWorkingDays, await readModel.workCalendar()),
          }),
        },
      });
      await readModel.tasks.markStarted([id]);
      return { taskId: id };
    },
  };
}
