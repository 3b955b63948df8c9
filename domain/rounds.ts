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
