import type { VisitRecord } from './task';
import { toZonedIso } from './time';

/**
 * 每月把所属每个社区、村跑一遍: the monthly rounds are one task per town whose steps are its villages and
 * communities, each completed with a visit record.
 */
export const ROUNDS_DIRECTIVE_ID = 'monthly-village-rounds';

/** Whether a directive's task has one step per child unit (the rounds' villages) rather than the directive's steps. */
export function stepPerChildUnit(directiveId: string): boolean {
  return directiveId === ROUNDS_DIRECTIVE_ID;
}

/** One step per village or community under the town, in the org's order; the step id is the unit id. */
export function visitSteps(villages: ReadonlyArray<{ id: string; name: string }>): Array<{ id: string; title: string }> {
  return villages.map((v) => ({ id: v.id, title: `走访${v.name}` }));
}

/** Whether completing a step of this directive's tasks needs a visit record (date, who went, what was found). */
export function needsVisitRecord(directiveId: string): boolean {
  return directiveId === ROUNDS_DIRECTIVE_ID;
}

/** The days a task's visits may be dated in: from when its period began to its deadline (moved by an extension). */
export interface VisitPeriod {
  /** When the period the work is for began: the task's creation, or a recurring period's opening if it was issued later. */
  startsAt: number;
  /** The task's current deadline. */
  dueAt: number;
}

/** The Shanghai calendar day of an instant, YYYY-MM-DD, which is how a visit is dated. */
const shanghaiDay = (instant: number) => toZonedIso(instant).slice(0, 10);

/**
 * Why a step's completion cannot be recorded as sent, or undefined. A visit record (走访记录) belongs to the rounds
 * alone, and it records a visit made for this task: dated inside the task's period (a visit before the period opened
 * was another month's round; one after the deadline is the next period's) and not after today (Shanghai). The API
 * answers with it before asking the workflow; the workflow's validator holds the same rule, so no path stores a bad
 * visit.
 */
export function visitRecordRefusal(
  directiveId: string,
  visit: VisitRecord | undefined,
  period: VisitPeriod,
  now: number,
): { field: string; message: string } | undefined {
  if (visit === undefined) {
    return needsVisitRecord(directiveId)
      ? { field: 'visit', message: 'visit: this step is completed with a visit record { date, visitors, findings }' }
      : undefined;
  }
  if (!needsVisitRecord(directiveId)) return { field: 'visit', message: 'visit: this step asks for no visit record' };
  if (visit.date > shanghaiDay(now)) return { field: 'visit.date', message: 'visit.date: must not be in the future' };
  const from = shanghaiDay(Math.min(period.startsAt, period.dueAt));
  const to = shanghaiDay(period.dueAt);
  if (visit.date < from || visit.date > to) {
    return { field: 'visit.date', message: `visit.date: must lie in the task's period, ${from} to ${to}` };
  }
  return undefined;
}
