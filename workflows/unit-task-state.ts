import { ApplicationFailure } from '@temporalio/common';
import { isLate, type StepState, type TaskSnapshot, type TaskStatus } from '../domain/task';

export type UnitTaskInput = Pick<TaskSnapshot, 'taskId' | 'assignmentId' | 'directiveId' | 'unitId' | 'createdAt' | 'dueAt'> & {
  steps: Array<{ id: string; title: string }>;
};

export interface CompleteStepRequest {
  stepId: string;
  note?: string;
  evidence?: string[];
}

/** The failure type a rejected update carries, so the API can answer 404 for a step that does not exist. */
export const UNKNOWN_STEP = 'UnknownStep';

/** The state of one unit task; the workflow function routes messages and timers to it. */
export class UnitTask {
  private readonly steps: StepState[];
  private status: TaskStatus = 'open';
  private overdueAt?: number;
  private doneAt?: number;
  private version = 1;

  constructor(private readonly input: UnitTaskInput) {
    this.steps = input.steps.map((s) => ({ id: s.id, title: s.title }));
  }

  get isDone(): boolean {
    return this.status === 'done';
  }

  get dueAt(): number {
    return this.input.dueAt;
  }

  /** Throws for a step the task does not have; completing a step twice is allowed (and changes nothing). */
  validateCompletion(request: CompleteStepRequest): void {
    if (!this.steps.some((s) => s.id === request.stepId)) {
      throw ApplicationFailure.create({
        type: UNKNOWN_STEP,
        message: `task ${this.input.taskId} has no step ${request.stepId}`,
        nonRetryable: true,
      });
    }
  }

  /** Returns false when the step was already complete: a repeated request has no second effect. */
  completeStep(request: CompleteStepRequest, now: number): boolean {
    this.validateCompletion(request);
    const step = this.steps.find((s) => s.id === request.stepId) as StepState;
    if (step.completedAt !== undefined) return false;
    step.completedAt = now;
    if (request.note !== undefined) step.note = request.note;
    if (request.evidence !== undefined) step.evidence = [...request.evidence];
    if (this.steps.every((s) => s.completedAt !== undefined)) {
      this.status = 'done';
      this.doneAt = now;
    }
    this.version += 1;
    return true;
  }

  /** Called by the deadline timer; a task already done stays done. */
  markOverdue(now: number): boolean {
    if (this.status !== 'open') return false;
    this.status = 'overdue';
    this.overdueAt = now;
    this.version += 1;
    return true;
  }

  snapshot(): TaskSnapshot {
    const { taskId, assignmentId, directiveId, unitId, createdAt, dueAt } = this.input;
    return {
      taskId,
      assignmentId,
      directiveId,
      unitId,
      createdAt,
      dueAt,
      status: this.status,
      late: this.doneAt !== undefined && isLate(this.doneAt, dueAt),
      ...(this.overdueAt !== undefined ? { overdueAt: this.overdueAt } : {}),
      ...(this.doneAt !== undefined ? { doneAt: this.doneAt } : {}),
      steps: this.steps.map((s) => ({ ...s, ...(s.evidence ? { evidence: [...s.evidence] } : {}) })),
      version: this.version,
    };
  }
}
