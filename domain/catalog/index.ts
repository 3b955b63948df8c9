import type { OrgLevel } from '../org';
import { SECTION_A } from './a-positions';
import { SECTION_B } from './b-staffing';
import { SECTION_C } from './c-political';
import { SECTION_D } from './d-welfare';
import { SECTION_E } from './e-honor';
import { SECTION_F } from './f-petitions';
import { SECTION_G } from './g-leadership';
import type { Directive, DirectiveKind, EventTrigger } from './types';

export * from './types';

/** Every directive of the two speeches, in directives.md's order (A1 … G7). */
export const CATALOG: readonly Directive[] = [
  ...SECTION_A,
  ...SECTION_B,
  ...SECTION_C,
  ...SECTION_D,
  ...SECTION_E,
  ...SECTION_F,
  ...SECTION_G,
];

const BY_ID = new Map(CATALOG.map((d) => [d.id, d]));

export function findDirective(id: string): Directive | undefined {
  return BY_ID.get(id);
}

const BY_CODE = new Map(CATALOG.map((d) => [d.code.toUpperCase(), d]));

/** A directive by its id ('care-fund-establishment') or its index code in directives.md ('D13', 'd13'). */
export function findDirectiveByIdOrCode(idOrCode: string): Directive | undefined {
  return BY_ID.get(idOrCode) ?? BY_CODE.get(idOrCode.toUpperCase());
}

export function filterCatalog(filter: { kind?: DirectiveKind; level?: OrgLevel }): Directive[] {
  return CATALOG.filter(
    (d) =>
      (filter.kind === undefined || d.kinds.includes(filter.kind)) &&
      (filter.level === undefined || d.levels.includes(filter.level)),
  );
}

/** Event type → the directive it starts and its trigger; the catalog test keeps event types unique. */
const BY_EVENT = new Map<string, { directive: Directive; trigger: EventTrigger }>(
  CATALOG.flatMap((directive) => (directive.triggers ?? []).map((trigger) => [trigger.type, { directive, trigger }])),
);

export function findEventTrigger(type: string): { directive: Directive; trigger: EventTrigger } | undefined {
  return BY_EVENT.get(type);
}

export function eventTypes(): string[] {
  return [...BY_EVENT.keys()].sort();
}
