import type { AcknowledgementRecord } from './acknowledgement';
import type { SplitRecord, SubTaskClosure, SubTaskRef } from './split';

/**
 * A unit's task for one assignment: its life is open → (overdue) → done. A task completed after its deadline is
 * done *and* late; it never stops being completable.
 */
export type TaskStatus = 'open' | 'overdue' | 'done';

/**
 * What a task list can be filtered by: the statuses, doneLate for done-but-late, awaitingAcceptance (待验收) for
 * completed work not yet accepted whose review window is still open, and extensionPending for tasks with an extension
 * request (延期申请) waiting for a decision (the leaders' 延期审批 queue).
 */
export const TASK_STATE_FILTERS = ['open', 'overdue', 'done', 'doneLate', 'awaitingAcceptance', 'extensionPending'] as const;
export type TaskStateFilter = (typeof TASK_STATE_FILTERS)[number];

/**
 * The one rule for whether a deadline has passed at `now`. The deadline timer fires at the deadline instant itself,
 * so that instant already counts (lights and timers agree); completing at it is still on time (isLate).
 */
export function isPastDue(dueAt: number, now: number): boolean {
  return now >= dueAt;
}

/**
 * The one rule for a task's status at an instant: done once every step is done (doneAt set); otherwise overdue from
 * its deadline on and open before it — whatever it was before, so work reopened (退回) past its deadline is overdue at
 * once and a deadline moved later (延期) opens it again. The workflow applies it at every change; the read model
 * applies the same rule, in SQL, at the instant a view reads (readmodel/task-store.ts, STATUS_AT), so every view —
 * lists, progress, rollups, summaries, the overdue list — shows one status even before the deadline timer has fired.
 */
export function taskStatusAt(task: { doneAt?: number | undefined; dueAt: number }, now: number): TaskStatus {
  if (task.doneAt !== undefined) return 'done';
  return isPastDue(task.dueAt, now) ? 'overdue' : 'open';
}

/**
 * 验收: where completed work stands — waiting for a supervisor's acceptance (待验收) until its review window ends,
 * accepted (验收/销号), or closed unreviewed when the window passed (the workflow ends then). Undefined for work
 * not completed.
 */
export type Acceptance = 'awaiting' | 'accepted' | 'closed';

export function acceptanceAt(
  task: { status: TaskStatus; acceptedAt?: number | undefined; reviewEndsAt?: number | undefined },
  now: number,
): Acceptance | undefined {
  if (task.status !== 'done') return undefined;
  if (task.acceptedAt !== undefined) return 'accepted';
  return task.reviewEndsAt !== undefined && now < task.reviewEndsAt ? 'awaiting' : 'closed';
}

/** A step; a step reopened by a return (退回) loses its completion record, which its audit trail keeps. */
export interface StepState {
  id: string;
  title: string;
  completedAt?: number;
  /** Who completed it, as their token names them; absent on steps completed before sign-in existed. */
  completedBy?: string;
  note?: string;
  evidence?: string[];
  /** A visit's record (monthly rounds: one step per village). */
  visit?: VisitRecord;
}

/** 走访记录: when, who went, what they found. */
export interface VisitRecord {
  /** Shanghai calendar day, YYYY-MM-DD. */
  date: string;
  visitors: string;
  findings: string;
}

/** 延期申请 and its decision; the deadline moves only on approval. */
export interface ExtensionRecord {
  requestedAt: number;
  requestedBy: string;
  reason: string;
  /** The date asked for (the last instant of that day). */
  requestedDueAt: number;
  status: 'pending' | 'approved' | 'rejected';
  decidedAt?: number;
  decidedBy?: string;
  /** The deadline granted; the leader may grant another date than the one asked for. */
  grantedDueAt?: number;
  note?: string;
}

/** 催办: a supervisor urged the unit. */
export interface UrgeRecord {
  at: number;
  by: string;
  note?: string;
}

/** 退回: completed work sent back for rework, with the steps reopened. */
export interface ReturnRecord {
  at: number;
  by: string;
  reason: string;
  stepIds: string[];
}

/** What a task has been through besides its steps; shown on the task, kept with its row in the read model. */
export interface TaskHistory {
  extensions: ExtensionRecord[];
  urges: UrgeRecord[];
  returns: ReturnRecord[];
  /** 验收: a supervisor accepted the completed work, which closes it; with the supervisor's note, if any. */
  accepted?: { at: number; by: string; note?: string };
  /** 签收/回退 (domain/acknowledgement.ts): its own field beside the status; absent on tasks from before it existed. */
  acknowledgement?: AcknowledgementRecord;
  /** 分解: each time the task was handed down to child units (domain/split.ts). */
  splits?: SplitRecord[];
  /** A sub-task closed by its parent's holder (关闭), with the reason; it then ends, and no longer counts. */
  closedByHolder?: SubTaskClosure;
}

export interface TaskSnapshot {
  taskId: string;
  assignmentId: string;
  directiveId: string;
  unitId: string;
  createdAt: number;
  dueAt: number;
  status: TaskStatus;
  late: boolean;
  /** When the deadline timer fired with steps still open. */
  overdueAt?: number;
  doneAt?: number;
  steps: StepState[];
  /** Grows with every change, so the read model can drop a stale write. */
  version: number;
  /** The deadline first set, when an approved extension moved dueAt. */
  originalDueAt?: number;
  /** Completed work: when its review window ends, after which it closes by itself unless accepted or returned first. */
  reviewEndsAt?: number;
  history: TaskHistory;
  /** A sub-task (分解): the task it was split from. */
  parentTaskId?: string;
  /** A split task: its sub-tasks as it last heard of them (their own workflows tell it). */
  subTasks?: SubTaskRef[];
}

/** The terms a task's workflow is started with that its first state shows (contracts/unit-task.ts UnitTaskInput). */
export interface TaskTerms extends Pick<TaskSnapshot, 'taskId' | 'assignmentId' | 'directiveId' | 'unitId' | 'createdAt' | 'dueAt' | 'parentTaskId'> {
  steps: ReadonlyArray<{ id: string; title: string }>;
  acknowledgeBy?: number;
}

/**
 * A task's state as its workflow starts (version 1): open, nothing done, waiting for 签收. A fan-out writes it into the
 * read model with the start (activities/index.ts), so the workflow's first run has nothing to write; the workflow's
 * own first snapshot is this, field for field and in this order (test/workflows/first-task-state.test.ts).
 */
export function firstTaskSnapshot(terms: TaskTerms): TaskSnapshot {
  return {
    taskId: terms.taskId,
    assignmentId: terms.assignmentId,
    directiveId: terms.directiveId,
    unitId: terms.unitId,
    createdAt: terms.createdAt,
    dueAt: terms.dueAt,
    status: 'open',
    late: false,
    steps: terms.steps.map((s) => ({ id: s.id, title: s.title })),
    version: 1,
    history: {
      extensions: [],
      urges: [],
      returns: [],
      acknowledgement: { state: 'pending', ...(terms.acknowledgeBy !== undefined ? { acknowledgeBy: terms.acknowledgeBy } : {}) },
    },
    ...(terms.parentTaskId !== undefined ? { parentTaskId: terms.parentTaskId } : {}),
  };
}

/** The one rule for lateness: completed strictly after the deadline instant. */
export function isLate(doneAt: number, dueAt: number): boolean {
  return doneAt > dueAt;
}

export interface ProgressCounts {
  total: number;
  /** Every completed task, on time or late. */
  done: number;
  /** The completed tasks that were completed after their deadline (a subset of done). */
  doneLate: number;
  /** Not completed, deadline not yet passed. */
  open: number;
  /** Not completed, deadline passed. */
  overdue: number;
  /** done / total, in percent with one decimal. */
  percentDone: number;
}

/** The counts of a set of tasks, given one by one or as groups of `count` tasks alike (as a GROUP BY reads them). */
export function tallyProgress(tasks: Iterable<{ status: TaskStatus; late: boolean; count?: number }>): ProgressCounts {
  const counts = { total: 0, done: 0, doneLate: 0, open: 0, overdue: 0 };
  for (const { status, late, count = 1 } of tasks) {
    counts.total += count;
    counts[status] += count;
    if (status === 'done' && late) counts.doneLate += count;
  }
  const percentDone = counts.total === 0 ? 0 : Math.round((counts.done / counts.total) * 1000) / 10;
  return { ...counts, percentDone };
}
