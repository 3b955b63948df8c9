import type { DeadlineRule } from '../deadline';
import type { OrgLevel, UnitKind } from '../org';

/** The four kinds of directive in the speeches (see shared/directives.md, "Conventions"). */
export const DIRECTIVE_KINDS = ['one-off', 'recurring', 'event', 'standing'] as const;
export type DirectiveKind = (typeof DIRECTIVE_KINDS)[number];

/**
 * Whether a rule is stated in the speech ('text'), suggested because the speech is silent or vague ('proposed',
 * directives.md's [PROPOSED]), or a norm from outside the speeches that must be verified ('external').
 */
export type Provenance = 'text' | 'proposed' | 'external';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface StepDefinition {
  /** Stable within the directive (kebab-case): step completions and the API refer to it. */
  id: string;
  title: Bilingual;
  provenance: Provenance;
}

/** Where a directive comes from: a leader's speech (讲话), a written instruction on a report (领导批示), a meeting's decision (会议议定事项). */
export const SOURCE_KINDS = ['speech', 'instruction', 'meeting'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface DirectiveSource {
  /** Absent: a speech, as every source of the seeded catalog is. */
  kind?: SourceKind;
  /** File name under shared/seeds, for the speeches the catalog was built from; absent for a source entered at 立项. */
  seed?: string;
  /** The speech, report or meeting, as people name it (「2026年全市退役军人工作会议讲话」). */
  title?: string;
  /** The day it was given (YYYY-MM-DD). */
  date?: string;
  /** e.g. '§三 item 3' or '§二(四)'. */
  section?: string;
  /** Verbatim words of the source; for a seed, a substring of the seed file (a test checks it). */
  quote: string;
}

/**
 * A number a unit must meet at all times (standing standards): '2 to 3 full-time staff per town', 'at least 3
 * volunteers per community'. A unit attests a value; compliance is min ≤ value ≤ max. When a checklist is given the
 * value is the number of its items the unit attests as in place (the 13 display items, the 五有).
 */
export interface NumericStandard {
  /** Stable within the directive (kebab-case). */
  id: string;
  title: Bilingual;
  /** The units the standard binds: a level, optionally only one kind (村 vs 社区). */
  appliesTo: { level: OrgLevel; kind?: UnitKind };
  min?: number;
  max?: number;
  /** What is counted: '人', '项', '%', '次'. */
  unit: string;
  checklist?: StepDefinition[];
  provenance: Provenance;
}

/** How often a recurring directive comes back; issue-4's scheduler turns these into occurrences. */
export type Cadence =
  | { every: 'week' | 'month' | 'quarter' | 'year' }
  /** Before each named holiday or key date (春节, 八一, 中秋, 国庆, 元旦, 清明, 烈士纪念日 …). */
  | { every: 'holiday'; holidays: string[] }
  /** Around each sensitive period (两会, 元旦, 春节). */
  | { every: 'sensitive-period'; periods: string[] };

/** An event that starts a task of an event-driven directive (POST /api/events {type, …}). */
export interface EventTrigger {
  /** kebab-case event type, unique across the catalog, e.g. 'veteran-verified'. */
  type: string;
  title: Bilingual;
  /** When the task is due, counted from the event's occurredAt. */
  deadline: DeadlineRule;
  provenance: Provenance;
  note?: string;
}

export interface Directive {
  /** The slug from directives.md, e.g. 'care-fund-establishment'. */
  id: string;
  /** The index number in directives.md, e.g. 'D13'. */
  code: string;
  title: Bilingual;
  /** Every kind the directive combines ('ONE-OFF + STANDING'); the first is the primary one. */
  kinds: DirectiveKind[];
  /** At least one; each quote verbatim in its seed. */
  sources: DirectiveSource[];
  /** Every level with a responsibility for it. */
  levels: OrgLevel[];
  /** The level that gets one task per unit when the directive is assigned (one of `levels`). */
  targetLevel: OrgLevel;
  steps: StepDefinition[];
  /** What a unit submits as proof, 'zh english' as in the evidence lists of directives.md. */
  evidence: string[];
  standards: NumericStandard[];
  /** The default deadline of a task assigned without an explicit one, counted from the assignment. */
  deadline: { rule: DeadlineRule; provenance: Provenance; note?: string };
  /**
   * `dueAtPeriodEnd`: each occurrence is due at its period's end because the directive says so (visits finished
   * before the holiday); otherwise the default deadline rule applies from the period's opening, inside the period
   * (domain/recurrence.ts OccurrenceDeadline).
   */
  cadence?: { rule: Cadence; provenance: Provenance; note?: string; dueAtPeriodEnd?: boolean };
  triggers?: EventTrigger[];
  /** directives.md's [EXT-DEP]: content the speech refers to but does not contain. */
  externalDependency?: string;
}
