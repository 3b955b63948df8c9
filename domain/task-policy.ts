import { DateTime } from 'luxon';
import type { Directive } from './catalog/types';
import { expectedPercent } from './lights';
import { ROUNDS_DIRECTIVE_ID } from './rounds';
import { ZONE } from './time';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How the engine follows up one task: when it reminds, when it checks progress, when it escalates. Computed once
 * when the task starts and carried in its input, so a running task never changes rule under it.
 */
export interface TaskPolicy {
  /** 临期提醒: days before the deadline, to the unit. */
  remindDaysBefore: number[];
  /** Progress checks at set instants that fire only when done% is below the bar (the 20th of a round's month). */
  checkpoints: Checkpoint[];
  /** 逾期升级: days after the deadline when the assigning leader is told, if it is still overdue. */
  escalateToLeaderAfterDays: number;
  /** How long completed work stays open to be returned (退回) before it closes by itself. */
  reviewDays: number;
  /** Approved extensions a task may have. */
  maxExtensions: number;
}

export interface Checkpoint {
  key: string;
  at: number;
  /** Fires when fewer than this percent of the steps are done. */
  belowPercent: number;
}

export const DEFAULT_TASK_POLICY: TaskPolicy = {
  remindDaysBefore: [3, 1],
  checkpoints: [],
  escalateToLeaderAfterDays: 7,
  reviewDays: 30,
  maxExtensions: 2,
};

/** The monthly rounds' own rule: on the 20th if fewer than half the villages are visited, and 3 days before the end. */
const ROUNDS_CHECK_DAY = 20;
const ROUNDS_CHECK_BELOW_PERCENT = 50;
/** Checks happen in office hours, not at midnight. */
const CHECK_HOUR = 9;

/** The follow-up rule for a directive's task over [createdAt, dueAt]. */
export function policyFor(directive: Pick<Directive, 'id' | 'cadence'>, createdAt: number, dueAt: number): TaskPolicy {
  if (directive.id === ROUNDS_DIRECTIVE_ID) {
    const day20 = DateTime.fromMillis(createdAt, { zone: ZONE }).set({ day: ROUNDS_CHECK_DAY, hour: CHECK_HOUR }).startOf('hour');
    return {
      ...DEFAULT_TASK_POLICY,
      remindDaysBefore: [3],
      checkpoints: within([{ key: 'day-20', at: day20.toMillis(), belowPercent: ROUNDS_CHECK_BELOW_PERCENT }], createdAt, dueAt),
    };
  }
  if (directive.cadence?.rule.every === 'year') {
    return { ...DEFAULT_TASK_POLICY, checkpoints: quarterMilestones(createdAt, dueAt) };
  }
  return DEFAULT_TASK_POLICY;
}

/**
 * 序时进度 milestones of a year-long task: at each quarter's end inside its window, progress is checked against the
 * elapsed share of the window (the same expectation the lights use).
 */
function quarterMilestones(createdAt: number, dueAt: number): Checkpoint[] {
  const checkpoints: Checkpoint[] = [];
  let quarterEnd = DateTime.fromMillis(createdAt, { zone: ZONE }).endOf('quarter');
  while (quarterEnd.toMillis() < dueAt) {
    const at = quarterEnd.startOf('day').set({ hour: CHECK_HOUR }).toMillis();
    checkpoints.push({ key: `q${quarterEnd.quarter}`, at, belowPercent: Math.round(expectedPercent(createdAt, dueAt, at)) });
    quarterEnd = quarterEnd.plus({ days: 1 }).endOf('quarter');
  }
  return within(checkpoints, createdAt, dueAt);
}

function within(checkpoints: Checkpoint[], createdAt: number, dueAt: number): Checkpoint[] {
  return checkpoints.filter((c) => c.at > createdAt && c.at < dueAt);
}

/** Something a task's workflow does at a set time. */
export type Alarm =
  | { key: string; at: number; type: 'reminder'; daysBefore: number }
  | { key: string; at: number; type: 'checkpoint'; belowPercent: number }
  | { key: string; at: number; type: 'deadline' }
  | { key: string; at: number; type: 'escalation' };

/**
 * The alarms still to come for a task in its current state. Keys carry the deadline they belong to, so after an
 * approved extension the reminders and the deadline come again for the new date while fired ones stay fired.
 */
export function pendingAlarms(
  /** dueSetAt: when the current deadline was set (an approval); reminders due before it are not sent late. */
  task: { createdAt: number; dueAt: number; dueSetAt?: number; status: 'open' | 'overdue' | 'done' },
  policy: TaskPolicy,
  fired: ReadonlySet<string>,
): Alarm[] {
  const alarms: Alarm[] = [];
  if (task.status === 'open') {
    const since = Math.max(task.createdAt, task.dueSetAt ?? task.createdAt);
    for (const days of policy.remindDaysBefore) {
      const at = task.dueAt - days * DAY_MS;
      if (at > since) alarms.push({ key: `reminder-${days}d@${task.dueAt}`, at, type: 'reminder', daysBefore: days });
    }
    for (const c of policy.checkpoints) {
      if (c.at < task.dueAt) alarms.push({ key: `checkpoint-${c.key}`, at: c.at, type: 'checkpoint', belowPercent: c.belowPercent });
    }
    alarms.push({ key: `deadline@${task.dueAt}`, at: task.dueAt, type: 'deadline' });
  } else if (task.status === 'overdue') {
    alarms.push({
      key: `escalation@${task.dueAt}`,
      at: task.dueAt + policy.escalateToLeaderAfterDays * DAY_MS,
      type: 'escalation',
    });
  }
  return alarms.filter((a) => !fired.has(a.key)).sort((a, b) => a.at - b.at);
}
