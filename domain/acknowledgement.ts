import { resolveDeadline } from './deadline';
import { isLate, isPastDue } from './task';
import type { WorkCalendar } from './work-calendar';

/**
 * 签收 and 回退: every task is first waiting for its unit to acknowledge it (待签收). The unit acknowledges (签收) or
 * sends it back as wrongly assigned (回退, with a reason) to the leader who issued it, who re-assigns it to another
 * unit (改派) or cancels it (撤销). Acknowledgement is its own field beside the task's status (open/overdue/done),
 * which it never changes.
 *
 * - pending → acknowledged (签收, or the first completed step, which is acknowledgement by doing the work)
 * - pending → declined (回退) → reassigned | cancelled, both of which withdraw the task from its unit
 * Acknowledging twice, or declining a declined task again, changes nothing (a retry). Acknowledging a declined task,
 * declining an acknowledged one, or deciding on a task that was not declined is refused (a state, 409).
 */
export const ACKNOWLEDGEMENT_STATES = ['pending', 'acknowledged', 'declined', 'reassigned', 'cancelled'] as const;
export type AcknowledgementState = (typeof ACKNOWLEDGEMENT_STATES)[number];

/** The leader's decision on a declined task. */
export type DeclineOutcome = 'reassigned' | 'cancelled';

export interface AcknowledgementRecord {
  state: AcknowledgementState;
  /** When 签收 is due: after it, unacknowledged work is reminded and counts against the unit. Absent: not tracked. */
  acknowledgeBy?: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  /** Acknowledged by completing a step rather than by 签收. */
  byWork?: boolean;
  /** When the 签收 reminder went out. */
  remindedAt?: number;
  declinedAt?: number;
  declinedBy?: string;
  /** 回退理由. */
  reason?: string;
  decidedAt?: number;
  decidedBy?: string;
  note?: string;
  /** Where a reassigned task went: the new task at the new unit. */
  reassignedTo?: { unitId: string; taskId: string };
}

/** Working days a unit has to acknowledge a task, unless configured (DUBAN_ACK_WORKING_DAYS). */
export const DEFAULT_ACKNOWLEDGE_WORKING_DAYS = 1;

/**
 * When 签收 is due for a task issued at `createdAt`: the end of the Nth working day after the day it was issued, on
 * the State Council's holiday arrangement (the same working-day rule as a 「N个工作日内」 deadline). A task issued
 * the day before 国庆 is due on the first working day after the break. `calendar`: the one in use (entered
 * arrangements included), the library's by default.
 */
export function acknowledgeByFor(createdAt: number, workingDays: number = DEFAULT_ACKNOWLEDGE_WORKING_DAYS, calendar?: WorkCalendar): number {
  return resolveDeadline({ type: 'withinWorkingDays', days: workingDays }, createdAt, calendar);
}

/** A task taken away from its unit by the leader's decision: it counts nowhere any more. */
export function isWithdrawn(state: AcknowledgementState): boolean {
  return state === 'reassigned' || state === 'cancelled';
}

/** Waiting for 签收 past its window at `now`: reminded, and counted against the unit. */
export function isAcknowledgementOverdue(ack: Pick<AcknowledgementRecord, 'state' | 'acknowledgeBy'>, now: number): boolean {
  return ack.state === 'pending' && ack.acknowledgeBy !== undefined && isPastDue(ack.acknowledgeBy, now);
}

/** Acknowledged within the window (the same lateness rule as a deadline's). */
export function acknowledgedOnTime(ack: Pick<AcknowledgementRecord, 'acknowledgedAt' | 'acknowledgeBy'>): boolean {
  return ack.acknowledgedAt !== undefined && (ack.acknowledgeBy === undefined || !isLate(ack.acknowledgedAt, ack.acknowledgeBy));
}

/** Why a state refuses a step of 签收/回退, or undefined when it is allowed (a repeat of the same step is allowed). */
export function acknowledgementRefusal(state: AcknowledgementState, step: 'acknowledge' | 'decline' | 'decide' | 'work'): string | undefined {
  if (isWithdrawn(state)) return `the task was ${state === 'cancelled' ? 'cancelled (撤销)' : 'reassigned to another unit (改派)'}`;
  switch (step) {
    case 'acknowledge':
      return state === 'declined' ? 'the task was sent back (回退); the issuing leader decides on it now' : undefined;
    case 'decline':
      return state === 'acknowledged' ? 'the task was acknowledged (签收); it can no longer be sent back' : undefined;
    case 'decide':
      return state === 'declined' ? undefined : 'only a task sent back (回退) can be reassigned or cancelled';
    case 'work':
      return state === 'declined' ? 'the task was sent back (回退); it waits for the issuing leader' : undefined;
  }
}

/** What a reassignment may target: another unit at the same level as the one that sent the task back. */
export function reassignmentRefusal(
  from: { id: string; level: string },
  to: { id: string; level: string },
  alreadyHolds: boolean,
): string | undefined {
  if (to.id === from.id) return 'the task is already at this unit; choose another';
  if (to.level !== from.level) return `the task is for a unit at level ${from.level}; ${to.id} is at level ${to.level}`;
  if (alreadyHolds) return `${to.id} already holds (or held) a task of this assignment`;
  return undefined;
}

/** The 签收 inputs of one task, as the read model keeps them. */
export interface AcknowledgementFacts {
  state: AcknowledgementState;
  createdAt: number;
  acknowledgeBy?: number | undefined;
  acknowledgedAt?: number | undefined;
}

/**
 * A unit's (or a subtree's) 签收 figures at `now`, over its tasks that are tracked (have a window) and not withdrawn:
 * - issued: those tasks; acknowledged, of them onTime and late; awaiting (within the window); overdue (past it,
 *   unacknowledged: counted against the unit); declined (sent back, waiting for the leader: counted neither way).
 * - acknowledgementRate 签收率, in percent with one decimal (as the other rates) = acknowledged on time ÷ the issued
 *   whose 签收 has come due (acknowledged, or past the window): a task issued an hour ago cannot count against anyone
 *   yet. Null when none has come due.
 * - averageHoursToAcknowledge: the mean time from issue to 签收, in hours (one decimal); null without any.
 */
export interface AcknowledgementFigures {
  issued: number;
  acknowledged: number;
  acknowledgedOnTime: number;
  acknowledgedLate: number;
  awaiting: number;
  overdue: number;
  declined: number;
  acknowledgementRate: number | null;
  averageHoursToAcknowledge: number | null;
}

const HOUR_MS = 60 * 60 * 1000;

export function tallyAcknowledgement(tasks: Iterable<AcknowledgementFacts>, now: number): AcknowledgementFigures {
  const groups: AcknowledgementGroup[] = [];
  for (const task of tasks) {
    const acknowledged = task.acknowledgedAt !== undefined;
    groups.push({
      state: task.state,
      acknowledgeBy: task.acknowledgeBy,
      acknowledged,
      onTime: acknowledgedOnTime(task),
      count: 1,
      waitedMs: acknowledged ? (task.acknowledgedAt as number) - task.createdAt : 0,
    });
  }
  return tallyAcknowledgementGroups(groups, now);
}

/**
 * Tasks sharing every input of the figures but the instant of 签收, counted at once: how the read model hands a
 * subtree's 签收 over without a row per task (readmodel/acknowledgement-store.ts groupsInSubtree). `onTime` is
 * acknowledgedOnTime of each; `waitedMs` the sum of their times from issue to 签收.
 */
export interface AcknowledgementGroup {
  state: AcknowledgementState;
  acknowledgeBy?: number | undefined;
  /** Whether they carry an instant of 签收. */
  acknowledged: boolean;
  onTime: boolean;
  count: number;
  waitedMs: number;
}

/** tallyAcknowledgement over groups: the one rule, each group weighed by its count. */
export function tallyAcknowledgementGroups(groups: Iterable<AcknowledgementGroup>, now: number): AcknowledgementFigures {
  const f = { issued: 0, acknowledged: 0, acknowledgedOnTime: 0, acknowledgedLate: 0, awaiting: 0, overdue: 0, declined: 0 };
  let waitedMs = 0;
  for (const group of groups) {
    if (group.acknowledgeBy === undefined || isWithdrawn(group.state)) continue;
    const n = group.count;
    f.issued += n;
    if (group.state === 'declined') f.declined += n;
    else if (group.state === 'acknowledged' && group.acknowledged) {
      f.acknowledged += n;
      waitedMs += group.waitedMs;
      if (group.onTime) f.acknowledgedOnTime += n;
      else f.acknowledgedLate += n;
    } else if (isAcknowledgementOverdue(group, now)) f.overdue += n;
    else f.awaiting += n;
  }
  const due = f.acknowledged + f.overdue;
  return {
    ...f,
    acknowledgementRate: due === 0 ? null : Math.round((f.acknowledgedOnTime / due) * 1000) / 10,
    averageHoursToAcknowledge: f.acknowledged === 0 ? null : Math.round(waitedMs / f.acknowledged / HOUR_MS * 10) / 10,
  };
}
