import type { NotificationKind } from '../domain/notification';
import { pendingAlarms, type Alarm, type TaskPolicy } from '../domain/task-policy';
import {
  isLate,
  taskStatusAt,
  type ExtensionRecord,
  type StepState,
  type TaskHistory,
  type TaskSnapshot,
  type TaskStatus,
} from '../domain/task';
import { invalidField, notAllowed, notFound } from '../contracts/refusals';
import { visitRecordRefusal } from '../domain/rounds';
import { acknowledgementRefusal, isAcknowledgementOverdue, isWithdrawn, type AcknowledgementRecord } from '../domain/acknowledgement';
import type { SubTaskRef, SubTaskStanding } from '../domain/split';
import { EntityState } from './entity-state';
import type {
  AcceptRequest,
  AcknowledgeRequest,
  CancelRequest,
  CloseSubTaskRequest,
  DeclineRequest,
  ReassignRequest,
  CompleteStepRequest,
  ExtensionDecision,
  ExtensionRequest,
  ReturnRequest,
  SplitRequest,
  SubTaskStandingNotice,
  UnitTaskInput,
  UrgeRequest,
} from '../contracts/unit-task';

/** Something to tell people about, in the task's own terms; the workflow adds who and what it is about. */
export interface Notice {
  key: string;
  kind: NotificationKind;
  /** When it happened, if not now: an alarm's own instant. */
  at?: number;
  by?: string;
  reason?: string;
  newDueAt?: number;
  progress?: { done: number; total: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a sub-task tells its parent of itself: closed by the holder, done, or open work. */
export function standingOf(snapshot: TaskSnapshot): SubTaskStanding {
  if (snapshot.history.closedByHolder !== undefined) return 'closed';
  return snapshot.status === 'done' ? 'done' : 'open';
}

/** The state of one unit task; the entity runtime routes messages and timers to it. */
export class UnitTask extends EntityState<TaskSnapshot, Notice> {
  private readonly steps: StepState[];
  private status: TaskStatus = 'open';
  private overdueAt?: number;
  private doneAt?: number;
  /** When the review window passed with the work not returned: nothing can change any more. */
  private closedAt?: number;
  private due: number;
  private dueSetAt?: number;
  private readonly fired = new Set<string>();
  private readonly history: TaskHistory = { extensions: [], urges: [], returns: [] };
  /** 分解: the sub-tasks this task was split into, with their standing as they last told it. */
  private readonly subTasks: SubTaskRef[] = [];
  readonly policy: TaskPolicy;
  /** 签收/回退: its own field beside the status (see the block at the end). */
  private readonly ack: AcknowledgementRecord;

  constructor(private readonly input: UnitTaskInput) {
    super();
    this.ack = { state: 'pending', ...(input.acknowledgeBy !== undefined ? { acknowledgeBy: input.acknowledgeBy } : {}) };
    this.steps = input.steps.map((s) => ({ id: s.id, title: s.title }));
    this.due = input.dueAt;
    this.policy = input.policy;
  }

  get isAccepted(): boolean {
    return this.history.accepted !== undefined;
  }

  /** 验收 closes the work at once; otherwise it closes when its review window passes without a return. */
  override get isClosed(): boolean {
    return this.isAccepted || this.closedAt !== undefined || this.isWithdrawn || this.history.closedByHolder !== undefined;
  }

  get dueAt(): number {
    return this.due;
  }

  /** Completed work waits for its review window to pass; open work for its next reminder, check or deadline. */
  nextAlarmAt(): number | undefined {
    if (this.isClosed) return undefined;
    const acknowledgement = this.acknowledgementAlarmAt();
    const work = this.workAlarmAt();
    return acknowledgement === undefined ? work : work === undefined ? acknowledgement : Math.min(acknowledgement, work);
  }

  private workAlarmAt(): number | undefined {
    if (this.doneAt !== undefined) return this.doneAt + this.policy.reviewDays * DAY_MS;
    return this.nextAlarm()?.at;
  }

  fireDue(now: number): Notice[] {
    const notices: Notice[] = this.fireAcknowledgementReminder(now);
    if (this.doneAt !== undefined) {
      if (!this.isClosed && now >= (this.nextAlarmAt() as number)) this.closedAt = now;
      return notices;
    }
    for (let alarm = this.nextAlarm(); alarm && alarm.at <= now; alarm = this.nextAlarm()) {
      const notice = this.fire(alarm, now);
      if (notice) notices.push(notice);
    }
    return notices;
  }

  private nextAlarm(): Alarm | undefined {
    return pendingAlarms(
      { createdAt: this.input.createdAt, dueAt: this.due, status: this.status, ...(this.dueSetAt !== undefined ? { dueSetAt: this.dueSetAt } : {}) },
      this.policy,
      this.fired,
    )[0];
  }

  /** Runs an alarm whose time has come; returns what to tell people, if anything. */
  private fire(alarm: Alarm, now: number): Notice | undefined {
    this.fired.add(alarm.key);
    const { key, at } = alarm;
    switch (alarm.type) {
      case 'reminder':
        return { key, at, kind: 'reminder' };
      case 'checkpoint': {
        const progress = this.progress();
        return progress.done * 100 < alarm.belowPercent * progress.total ? { key, at, kind: 'progressCheck', progress } : undefined;
      }
      case 'deadline':
        return this.markOverdue(now) ? { key, at, kind: 'overdue' } : undefined;
      case 'escalation':
        return this.status === 'overdue' ? { key, at, kind: 'escalation' } : undefined;
    }
  }

  /**
   * Throws for a step the task does not have, and for a first completion without the record its directive needs;
   * completing a step twice is allowed (and changes nothing).
   */
  validateCompletion(request: CompleteStepRequest, now: number): void {
    const step = this.steps.find((s) => s.id === request.stepId);
    if (!step) throw notFound(`task ${this.input.taskId} has no step ${request.stepId}`);
    if (step.completedAt !== undefined) return;
    this.refuseAcknowledgementStep('work');
    if (this.steps.every((s) => s === step || s.completedAt !== undefined)) this.refuseWhileSubTasksOpen('its last step');
    const period = { startsAt: this.input.periodStartsAt ?? this.input.createdAt, dueAt: this.due };
    const refusal = visitRecordRefusal(this.input.directiveId, request.visit, period, now);
    if (refusal) throw invalidField(refusal.field, refusal.message);
  }

  /** Returns false when the step was already complete: a repeated request has no second effect. */
  completeStep(request: CompleteStepRequest, now: number): boolean {
    this.validateCompletion(request, now);
    const step = this.steps.find((s) => s.id === request.stepId) as StepState;
    if (step.completedAt !== undefined) return false;
    step.completedAt = now;
    step.completedBy = request.by;
    if (request.note !== undefined) step.note = request.note;
    if (request.evidence !== undefined) step.evidence = [...request.evidence];
    if (request.visit !== undefined) step.visit = { ...request.visit };
    this.acknowledgeByWork(request.by, now);
    if (this.steps.every((s) => s.completedAt !== undefined)) this.doneAt = now;
    this.settleStatus(now);
    this.changed();
    return true;
  }

  /** Called by the deadline timer; a task already done stays done. */
  markOverdue(now: number): boolean {
    if (this.status !== 'open') return false;
    if (this.settleStatus(now) !== 'overdue') return false;
    this.changed();
    return true;
  }

  /**
   * The status by the one rule (domain/task.ts taskStatusAt) after any change: overdueAt is when it first turned
   * overdue this time round (kept while overdue and once done late), cleared when the task is open again.
   */
  private settleStatus(now: number): TaskStatus {
    this.status = taskStatusAt({ doneAt: this.doneAt, dueAt: this.due }, now);
    if (this.status === 'overdue') this.overdueAt ??= now;
    if (this.status === 'open') this.overdueAt = undefined;
    return this.status;
  }

  validateUrge(): void {
    if (this.status === 'done') throw notAllowed('the task is complete; there is nothing to urge');
  }

  urge(request: UrgeRequest, now: number): Notice {
    this.validateUrge();
    const history = this.history;
    history.urges.push({ at: now, by: request.by, ...(request.note !== undefined ? { note: request.note } : {}) });
    this.changed();
    return { key: `urge-${history.urges.length}`, kind: 'urge', by: request.by, ...(request.note !== undefined ? { reason: request.note } : {}) };
  }

  /** 延期 is asked for before the deadline, for a later date, one request at a time, within the policy's limit. */
  validateExtensionRequest(request: ExtensionRequest, now: number): void {
    const history = this.history;
    if (this.status === 'done') throw notAllowed('the task is complete');
    if (now >= this.due) throw notAllowed('an extension must be requested before the deadline');
    if (request.dueAt <= this.due) throw notAllowed('the requested date must be after the current deadline');
    if (history.extensions.some((e) => e.status === 'pending')) throw notAllowed('an extension request is already pending');
    const approved = history.extensions.filter((e) => e.status === 'approved').length;
    if (approved >= this.policy.maxExtensions) throw notAllowed(`at most ${this.policy.maxExtensions} extensions may be granted`);
  }

  requestExtension(request: ExtensionRequest, now: number): Notice {
    this.validateExtensionRequest(request, now);
    const history = this.history;
    history.extensions.push({
      requestedAt: now,
      requestedBy: request.by,
      reason: request.reason,
      requestedDueAt: request.dueAt,
      status: 'pending',
    });
    this.changed();
    return {
      key: `extension-${history.extensions.length}`,
      kind: 'extensionRequested',
      by: request.by,
      reason: request.reason,
      newDueAt: request.dueAt,
    };
  }

  validateExtensionDecision(decision: ExtensionDecision): void {
    const pending = this.pendingExtension();
    if (!pending) throw notAllowed('there is no pending extension request');
    if (!decision.approve && decision.dueAt !== undefined) throw notAllowed('a date is given only with an approval');
    if (decision.approve && (decision.dueAt ?? pending.requestedDueAt) <= this.due) {
      throw notAllowed('the granted date must be after the current deadline');
    }
  }

  /**
   * On approval the deadline moves: the timer follows it, the task is open again if it had turned overdue while
   * the request waited, and lateness is judged against the granted date.
   */
  decideExtension(decision: ExtensionDecision, now: number): Notice {
    this.validateExtensionDecision(decision);
    const history = this.history;
    const pending = this.pendingExtension() as ExtensionRecord;
    pending.status = decision.approve ? 'approved' : 'rejected';
    pending.decidedAt = now;
    pending.decidedBy = decision.by;
    if (decision.note !== undefined) pending.note = decision.note;
    if (decision.approve) {
      pending.grantedDueAt = decision.dueAt ?? pending.requestedDueAt;
      this.due = pending.grantedDueAt;
      this.dueSetAt = now;
      this.settleStatus(now);
    }
    this.changed();
    return {
      key: `extension-${history.extensions.length}-decided`,
      kind: decision.approve ? 'extensionApproved' : 'extensionRejected',
      by: decision.by,
      ...(decision.note !== undefined ? { reason: decision.note } : {}),
      ...(decision.approve ? { newDueAt: this.due } : {}),
    };
  }

  validateReturn(request: ReturnRequest): void {
    if (this.status !== 'done') throw notAllowed('only completed work can be returned');
    if (this.isAccepted) throw notAllowed('the work was accepted and is closed');
    if (this.isClosed) throw notAllowed('the review window has passed; the task is closed');
    const unknown = request.stepIds?.find((id) => !this.steps.some((s) => s.id === id));
    if (unknown !== undefined) {
      throw notFound(`task ${this.input.taskId} has no step ${unknown}`);
    }
  }

  /**
   * 退回: the named steps (or all) are open again, their completion records cleared (the audit trail keeps them: the
   * return's entry holds the task before). Past its deadline the task is overdue at once, whatever it was before
   * (done on time or late); if its deadline had not been marked yet, the overdue notice goes out now.
   */
  returnWork(request: ReturnRequest, now: number): Notice[] {
    this.validateReturn(request);
    const history = this.history;
    const stepIds = request.stepIds?.length ? [...new Set(request.stepIds)] : this.steps.map((s) => s.id);
    for (const step of this.steps) {
      if (stepIds.includes(step.id)) {
        delete step.completedAt;
        delete step.completedBy;
        delete step.note;
        delete step.evidence;
        delete step.visit;
      }
    }
    history.returns.push({ at: now, by: request.by, reason: request.reason, stepIds });
    this.status = 'open';
    this.doneAt = undefined;
    // Reminders and checks that came due while the work was complete are past; the deadline itself still counts.
    for (let alarm = this.nextAlarm(); alarm && alarm.at <= now && alarm.type !== 'deadline'; alarm = this.nextAlarm()) {
      this.fired.add(alarm.key);
    }
    const notices: Notice[] = [{ key: `return-${history.returns.length}`, kind: 'returned', by: request.by, reason: request.reason }];
    const deadline = this.nextAlarm();
    if (this.settleStatus(now) === 'overdue' && deadline?.type === 'deadline' && deadline.at <= now) {
      this.fired.add(deadline.key);
      notices.push({ key: deadline.key, at: deadline.at, kind: 'overdue' });
    }
    this.changed();
    return notices;
  }

  validateAccept(): void {
    if (this.status !== 'done') throw notAllowed('only completed work can be accepted');
    this.refuseWhileSubTasksOpen('accepted');
    if (this.isAccepted) throw notAllowed('the work was already accepted');
    if (this.isClosed) throw notAllowed('the review window has passed; the task is closed');
  }

  /** 验收/销号: a supervisor accepts completed work, which closes the task. */
  accept(request: AcceptRequest, now: number): void {
    this.validateAccept();
    this.history.accepted = { at: now, by: request.by, ...(request.note !== undefined ? { note: request.note } : {}) };
    this.changed();
  }

  /** A task's audit entries show the task as the workflow holds it, each change its own before and after. */
  override auditState(): TaskSnapshot {
    return this.snapshot();
  }

  snapshot(): TaskSnapshot {
    const { taskId, assignmentId, directiveId, unitId, createdAt } = this.input;
    const { history } = this;
    return {
      taskId,
      assignmentId,
      directiveId,
      unitId,
      createdAt,
      dueAt: this.due,
      status: this.status,
      late: this.doneAt !== undefined && isLate(this.doneAt, this.due),
      ...(this.overdueAt !== undefined ? { overdueAt: this.overdueAt } : {}),
      ...(this.doneAt !== undefined ? { doneAt: this.doneAt } : {}),
      steps: this.steps.map((s) => ({
        ...s,
        ...(s.evidence ? { evidence: [...s.evidence] } : {}),
        ...(s.visit ? { visit: { ...s.visit } } : {}),
      })),
      version: this.version,
      ...(this.due !== this.input.dueAt ? { originalDueAt: this.input.dueAt } : {}),
      ...(this.doneAt !== undefined ? { reviewEndsAt: this.doneAt + this.policy.reviewDays * DAY_MS } : {}),
      history: {
        extensions: history.extensions.map((e) => ({ ...e })),
        urges: history.urges.map((u) => ({ ...u })),
        returns: history.returns.map((r) => ({ ...r, stepIds: [...r.stepIds] })),
        ...(history.accepted ? { accepted: { ...history.accepted } } : {}),
        acknowledgement: { ...this.ack, ...(this.ack.reassignedTo ? { reassignedTo: { ...this.ack.reassignedTo } } : {}) },
        ...(history.splits ? { splits: history.splits.map((r) => ({ ...r, unitIds: [...r.unitIds], stepIds: [...r.stepIds] })) } : {}),
        ...(history.closedByHolder ? { closedByHolder: { ...history.closedByHolder } } : {}),
      },
      ...(this.input.parentTaskId !== undefined ? { parentTaskId: this.input.parentTaskId } : {}),
      ...(this.subTasks.length > 0 ? { subTasks: this.subTasks.map((s) => ({ ...s, stepIds: [...s.stepIds] })) } : {}),
    };
  }

  private progress(): { done: number; total: number } {
    return { done: this.steps.filter((s) => s.completedAt !== undefined).length, total: this.steps.length };
  }

  private pendingExtension(): ExtensionRecord | undefined {
    return this.history.extensions.find((e) => e.status === 'pending');
  }

  // ---- 签收 and 回退 (domain/acknowledgement.ts) -------------------------------------------------------------------

  get acknowledgement(): Readonly<AcknowledgementRecord> {
    return this.ack;
  }

  /** Reassigned or cancelled by the issuing leader: the task is no longer its unit's, and the workflow ends. */
  get isWithdrawn(): boolean {
    return isWithdrawn(this.ack.state);
  }

  /** The 签收 reminder is due at the end of the window, once, while the task waits for 签收. */
  private acknowledgementAlarmAt(): number | undefined {
    if (this.ack.state !== 'pending' || this.ack.remindedAt !== undefined) return undefined;
    return this.ack.acknowledgeBy;
  }

  private fireAcknowledgementReminder(now: number): Notice[] {
    const at = this.acknowledgementAlarmAt();
    if (at === undefined || !isAcknowledgementOverdue(this.ack, now)) return [];
    this.ack.remindedAt = at;
    this.changed();
    return [{ key: `acknowledgement-reminder@${at}`, at, kind: 'acknowledgementReminder' }];
  }

  private refuseAcknowledgementStep(step: 'acknowledge' | 'decline' | 'decide' | 'work'): void {
    const refusal = acknowledgementRefusal(this.ack.state, step);
    if (refusal) throw notAllowed(refusal);
  }

  /** Doing the work is acknowledging it: the first completed step of a task waiting for 签收 acknowledges it. */
  private acknowledgeByWork(by: string, now: number): void {
    if (this.ack.state !== 'pending') return;
    Object.assign(this.ack, { state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: by, byWork: true });
  }

  validateAcknowledge(): void {
    this.refuseAcknowledgementStep('acknowledge');
  }

  /** 签收; a repeat changes nothing. */
  acknowledge(request: AcknowledgeRequest, now: number): void {
    this.validateAcknowledge();
    if (this.ack.state === 'acknowledged') return;
    Object.assign(this.ack, { state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: request.by });
    this.changed();
  }

  validateDecline(): void {
    this.refuseAcknowledgementStep('decline');
  }

  /** 回退: sent back to the issuing leader with the reason; a repeat changes nothing and tells nobody again. */
  decline(request: DeclineRequest, now: number): Notice | undefined {
    this.validateDecline();
    if (this.ack.state === 'declined') return undefined;
    Object.assign(this.ack, { state: 'declined', declinedAt: now, declinedBy: request.by, reason: request.reason });
    this.changed();
    return { key: `declined@${now}`, kind: 'declined', by: request.by, reason: request.reason };
  }

  validateDecision(request: CancelRequest | ReassignRequest): void {
    this.refuseAcknowledgementStep('decide');
    if ('unitId' in request && request.unitId === this.input.unitId) throw invalidField('unitId', 'the task is already at this unit; choose another');
  }

  /** 撤销: the issuing leader withdraws the declined task; the workflow ends. */
  cancel(request: CancelRequest, now: number): void {
    this.validateDecision(request);
    this.decide('cancelled', request, now);
  }

  /**
   * 改派: the declined task is withdrawn from this unit and goes to `taskId` at another (the workflow starts that task
   * right after this change, before the update answers); this workflow then ends.
   */
  reassign(request: ReassignRequest, taskId: string, now: number): void {
    this.validateDecision(request);
    this.decide('reassigned', request, now);
    this.ack.reassignedTo = { unitId: request.unitId, taskId };
  }

  private decide(outcome: 'cancelled' | 'reassigned', request: CancelRequest | ReassignRequest, now: number): void {
    Object.assign(this.ack, { state: outcome, decidedAt: now, decidedBy: request.by, ...(request.note !== undefined ? { note: request.note } : {}) });
    this.changed();
  }

  /** What a reassigned task's successor starts from: the same work and deadline, at the new unit, issued now. */
  successorOf(unitId: string, now: number) {
    const { assignmentId, directiveId, steps, periodStartsAt, createdAt } = this.input;
    return { assignmentId, directiveId, unitId, createdAt: now, dueAt: this.due, steps, periodStartsAt: periodStartsAt ?? createdAt };
  }

  // 分解/逐级再分派 (domain/split.ts): splitting, the sub-tasks' standing, and closing a sub-task with a reason.

  /** The parent cannot be completed or accepted while a sub-task is open; its holder closes it first (关闭). */
  private refuseWhileSubTasksOpen(what: string): void {
    const open = this.subTasks.filter((s) => s.standing === 'open');
    if (open.length === 0) return;
    throw notAllowed(
      `the task cannot be completed (${what}) while its sub-tasks are open: ${open.map((s) => s.taskId).join(', ')}; they finish, or the holder closes them with a reason`,
    );
  }

  /**
   * A split names children not yet split to, or exactly the ones an earlier split made with the same terms (a retry,
   * which changes nothing). Completed or closed work is not split; the API checks the units and the field rules.
   */
  validateSplit(request: SplitRequest): void {
    if (this.isClosed) throw notAllowed('the task is closed');
    if (this.status === 'done') throw notAllowed('the task is complete; there is nothing to hand down');
    if (request.dueAt > this.due) throw invalidField('dueAt', 'dueAt: a sub-task is due no later than its parent task');
    const unknown = request.stepIds.find((id) => !this.steps.some((s) => s.id === id));
    if (unknown !== undefined) throw invalidField('stepIds', `stepIds: the task has no step ${unknown}`);
    const known = request.children.map((c) => this.subTasks.find((s) => s.unitId === c.unitId));
    if (known.every((k) => k === undefined)) return;
    const same = (k: SubTaskRef | undefined) =>
      k !== undefined && k.dueAt === request.dueAt && k.stepIds.length === request.stepIds.length && k.stepIds.every((id, i) => id === request.stepIds[i]);
    if (!known.every(same)) {
      const taken = request.children.filter((_, i) => known[i] !== undefined).map((c) => c.unitId);
      throw notAllowed(`the task was already split to ${taken.join(', ')}; a unit gets one sub-task`);
    }
  }

  /** Records the new sub-tasks (open until they say otherwise); returns them, none for a repeated request. */
  split(request: SplitRequest, now: number): SubTaskRef[] {
    this.validateSplit(request);
    const added = request.children
      .filter((c) => !this.subTasks.some((s) => s.unitId === c.unitId))
      .map((c): SubTaskRef => ({ taskId: c.taskId, unitId: c.unitId, dueAt: request.dueAt, stepIds: [...request.stepIds], standing: 'open' }));
    if (added.length === 0) return added;
    this.subTasks.push(...added);
    (this.history.splits ??= []).push({ at: now, by: request.by, unitIds: added.map((s) => s.unitId), dueAt: request.dueAt, stepIds: [...request.stepIds] });
    this.changed();
    return added;
  }

  /** The steps a sub-task gets: the named ones, in the parent's order. */
  stepsFor(stepIds: readonly string[]): Array<{ id: string; title: string }> {
    return this.steps.filter((s) => stepIds.includes(s.id)).map((s) => ({ id: s.id, title: s.title }));
  }

  /** A sub-task told its standing; signals from one sub-task arrive in the order it sent them. */
  recordSubTaskStanding(notice: SubTaskStandingNotice): void {
    const sub = this.subTasks.find((s) => s.taskId === notice.taskId);
    if (!sub || sub.standing === notice.standing) return;
    sub.standing = notice.standing;
    this.changed();
  }

  /** 关闭 applies to an open sub-task whose own sub-tasks, if any, are all closed. */
  validateCloseSubTask(): void {
    if (this.input.parentTaskId === undefined) throw notAllowed('only a sub-task is closed by its parent\'s holder');
    if (this.history.closedByHolder !== undefined) return;
    if (this.status === 'done') throw notAllowed('the sub-task is complete; there is nothing to close');
    if (this.isClosed) throw notAllowed('the sub-task is closed');
    // Its own sub-tasks must all be closed first, so closing never leaves work under it counted (domain/split.ts); one
    // whose sub-tasks are done is completed instead.
    const standing = this.subTasks.filter((s) => s.standing !== 'closed');
    if (standing.length > 0) {
      throw notAllowed(`the sub-task has sub-tasks of its own not closed: ${standing.map((s) => s.taskId).join(', ')}; their holder closes the open ones first, and work done below is completed, not closed`);
    }
  }

  /** Ends the sub-task with the reason; a repeated request changes nothing. */
  closeByHolder(request: CloseSubTaskRequest, now: number): void {
    this.validateCloseSubTask();
    if (this.history.closedByHolder !== undefined) return;
    this.history.closedByHolder = { at: now, by: request.by, reason: request.reason };
    this.changed();
  }
}
