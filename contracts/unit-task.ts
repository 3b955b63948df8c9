import type { WorkflowStartOptions } from '@temporalio/client';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { taskWorkflowId } from '../domain/ids';
import type { SubTaskStanding } from '../domain/split';
import type { TaskPolicy } from '../domain/task-policy';
import type { TaskSnapshot, VisitRecord } from '../domain/task';
import type { Actor } from './audit';
import { AssignmentIdKey, DirectiveIdKey, DueAtKey, TaskStatusKey, UnitIdKey } from './search-attributes';

/** One unit's task: what the assignment's fan-out starts it with. */
export type UnitTaskInput = Pick<TaskSnapshot, 'taskId' | 'assignmentId' | 'directiveId' | 'unitId' | 'createdAt' | 'dueAt'> & {
  steps: Array<{ id: string; title: string }>;
  /** Reminders, checks and escalation. */
  policy: TaskPolicy;
  /** When the period the work is for began, if before createdAt (a recurring period issued after it opened). */
  periodStartsAt?: number;
  /**
   * 签收 is due by then (domain/acknowledgement.ts acknowledgeByFor, computed outside the workflow from the holiday
   * calendar): unacknowledged after it, the unit is reminded. Absent: the task still waits for 签收, unreminded.
   */
  acknowledgeBy?: number;
  /** A sub-task (分解): the task it was split from, which it tells of its standing. */
  parentTaskId?: string;
  /**
   * The starter wrote the task's first state (version 1, domain/task.ts firstTaskSnapshot) into the read
   * model before starting it, as a fan-out does for thousands at once: the workflow's first write is its first change.
   */
  firstStateWritten?: boolean;
};

/** Who changes a task: the name its history shows, and the person and request its audit entry records. */
interface Attributed {
  by: string;
  /** Sent by the API; a change without it (a test, an operator's tool) leaves no audit entry. */
  actor?: Actor;
}

export interface CompleteStepRequest extends Attributed {
  stepId: string;
  note?: string;
  evidence?: string[];
  visit?: VisitRecord;
}

export interface UrgeRequest extends Attributed {
  note?: string;
}

export interface ExtensionRequest extends Attributed {
  reason: string;
  /** The last instant of the day asked for. */
  dueAt: number;
}

export interface ExtensionDecision extends Attributed {
  approve: boolean;
  /** Another date than the one asked for; only with an approval. */
  dueAt?: number;
  note?: string;
}

export interface ReturnRequest extends Attributed {
  reason: string;
  /** The steps to redo; all of them when absent. */
  stepIds?: string[];
}

export interface AcceptRequest extends Attributed {
  /** The supervisor's remark on the accepted work (验收意见). */
  note?: string;
}

// 签收 and 回退 (domain/acknowledgement.ts).
export type AcknowledgeRequest = Attributed;

export interface DeclineRequest extends Attributed {
  /** 回退理由: why the task is not this unit's. */
  reason: string;
}

export interface CancelRequest extends Attributed {
  note?: string;
}

export interface ReassignRequest extends Attributed {
  /** The unit the task goes to instead (same level); its task is started before the update answers. */
  unitId: string;
  note?: string;
}

/** 签收: the unit acknowledges the task. Again changes nothing. */
export const acknowledgeTask = defineUpdate<TaskSnapshot, [AcknowledgeRequest]>('acknowledgeTask');
/** 回退: the unit sends the task back as wrongly assigned, with a reason, to the issuing leader. Again changes nothing. */
export const declineTask = defineUpdate<TaskSnapshot, [DeclineRequest]>('declineTask');
/** The issuing leader cancels a declined task (撤销): the workflow ends. */
export const cancelTask = defineUpdate<TaskSnapshot, [CancelRequest]>('cancelTask');
/** The issuing leader reassigns a declined task to another unit (改派): its task is started, this one ends. */
export const reassignTask = defineUpdate<TaskSnapshot, [ReassignRequest]>('reassignTask');
// 分解 (domain/split.ts): kept apart from the other messages.

/** The sub-tasks to start: one per child unit, with the deadline and the steps (a subset of the parent's) they get. */
export interface SplitRequest extends Attributed {
  children: Array<{ taskId: string; unitId: string }>;
  dueAt: number;
  stepIds: string[];
}

export interface CloseSubTaskRequest extends Attributed {
  reason: string;
}

/** What a sub-task tells its parent whenever its standing changes; its parent keeps the last one. */
export interface SubTaskStandingNotice {
  taskId: string;
  standing: SubTaskStanding;
}

/** 分解: the holder hands the task down to child units; answers once the sub-tasks are recorded and started. */
export const splitTask = defineUpdate<TaskSnapshot, [SplitRequest]>('splitTask');
/** 关闭: the parent's holder ends an open sub-task with a reason (sent to the sub-task). */
export const closeSubTask = defineUpdate<TaskSnapshot, [CloseSubTaskRequest]>('closeSubTask');
/** A sub-task's standing, signalled to its parent (a durable command of the sub-task's history). */
export const subTaskStanding = defineSignal<[SubTaskStandingNotice]>('subTaskStanding');

export const getTask = defineQuery<TaskSnapshot>('getTask');
/** A staff member completes one step, with an optional note, evidence and visit record. Completing it again changes nothing. */
export const completeStep = defineUpdate<TaskSnapshot, [CompleteStepRequest]>('completeStep');
/** 催办: a supervisor urges the unit; recorded and sent to the unit. */
export const urge = defineUpdate<TaskSnapshot, [UrgeRequest]>('urge');
/** 延期申请: before the deadline, a reason and a later date. */
export const requestExtension = defineUpdate<TaskSnapshot, [ExtensionRequest]>('requestExtension');
/** A leader approves (the deadline moves) or rejects a pending extension. */
export const decideExtension = defineUpdate<TaskSnapshot, [ExtensionDecision]>('decideExtension');
/** 退回: a supervisor sends completed work back for rework, with a reason. */
export const returnTask = defineUpdate<TaskSnapshot, [ReturnRequest]>('returnTask');
/** 验收: a supervisor accepts completed work, which closes the task. */
export const acceptTask = defineUpdate<TaskSnapshot, [AcceptRequest]>('acceptTask');

/** The workflow type callers start by name (workflows/index.ts exports it under this name). */
export const UNIT_TASK_WORKFLOW = 'unitTaskWorkflow';
export type UnitTaskWorkflow = (input: UnitTaskInput) => Promise<TaskSnapshot>;

/**
 * How every unit task is started, whoever starts it: its id from the business key (so a second start meets the
 * first), its search attributes, and a reuse policy that never restarts a finished task.
 */
export function unitTaskStartOptions(input: UnitTaskInput) {
  return {
    workflowId: taskWorkflowId(input.taskId),
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: AssignmentIdKey, value: input.assignmentId },
      { key: DirectiveIdKey, value: input.directiveId },
      { key: UnitIdKey, value: input.unitId },
      { key: TaskStatusKey, value: 'open' },
      { key: DueAtKey, value: new Date(input.dueAt) },
    ],
    args: [input] as [UnitTaskInput],
  } satisfies Partial<WorkflowStartOptions>;
}
