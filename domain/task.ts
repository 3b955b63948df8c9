/**
 * A unit's task for one assignment: its life is open → (overdue) → done. A task completed after its deadline is
 * done *and* late; it never stops being completable.
 */
export type TaskStatus = 'open' | 'overdue' | 'done';

/** What a task list can be filtered by: the statuses, plus doneLate for done-but-late. */
export const TASK_STATE_FILTERS = ['open', 'overdue', 'done', 'doneLate'] as const;
export type TaskStateFilter = (typeof TASK_STATE_FILTERS)[number];

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
  /** 验收: a supervisor accepted the completed work, which closes it. */
  accepted?: { at: number; by: string };
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
  history: TaskHistory;
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
