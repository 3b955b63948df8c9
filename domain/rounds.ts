import type { VisitRecord } from './task';
import { toZonedIso } from './time';

/**
 * 每月把所属每个社区、村跑一遍: the monthly rounds are one task per town whose steps are its villages and
 * communities, each completed with a visit record.
 */
export const ROUNDS_DIRECTIVE_ID = 'monthly-village-rounds';

/** One step per village or community under the town, in the org's order; the step id is the unit id. */
export function visitSteps(villages: ReadonlyArray<{ id: string; name: string }>): Array<{ id: string; title: string }> {
  return villages.map((v) => ({ id: v.id, title: `走访${v.name}` }));
}

/** Whether completing a step of this directive's tasks needs a visit record (date, who went, what was found). */
export function needsVisitRecord(directiveId: string): boolean {
  return directiveId === ROUNDS_DIRECTIVE_ID;
}

/**
 * Why a step's completion cannot be recorded as sent: the rounds need a visit record, and no visit is dated after
 * today (Shanghai). The API answers with it before asking the workflow; the workflow's validator holds it too.
 */
export function visitRecordRefusal(
  directiveId: string,
  visit: VisitRecord | undefined,
  now: number,
): { field: string; message: string } | undefined {
  if (visit === undefined) {
    return needsVisitRecord(directiveId)
      ? { field: 'visit', message: 'visit: this step is completed with a visit record { date, visitors, findings }' }
      : undefined;
  }
  if (visit.date > toZonedIso(now).slice(0, 10)) return { field: 'visit.date', message: 'visit.date: must not be in the future' };
  return undefined;
}
