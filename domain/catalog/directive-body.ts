import { z } from 'zod';
import { findFestival } from '../festivals';
import { ORG_LEVELS } from '../org';
import { sensitivePeriod } from '../sensitive-periods';
import { DIRECTIVE_KINDS, SOURCE_KINDS, type Directive } from './types';

/**
 * What a leader enters at 立项 (POST /api/directives, PUT /api/directives/:id): a catalog entry without the `id`,
 * `code` and `version` the server gives it, so a GET /api/catalog/:id entry with a new title can be posted as it is.
 * Made easy to fill from a speech's draft proposals: English titles, step ids and provenances may be left out, and
 * a title may be a plain string.
 */

const Provenance = z.enum(['text', 'proposed', 'external']);
const Kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)').max(64);

/** `{zh, en?}` or the Chinese alone. */
const Title = z
  .union([z.string(), z.strictObject({ zh: z.string(), en: z.string().max(300).default('') })])
  .transform((t) => (typeof t === 'string' ? { zh: t, en: '' } : t))
  .pipe(z.object({ zh: z.string().trim().min(1, 'must not be empty').max(200), en: z.string() }));

const Step = z.strictObject({
  id: Kebab.optional(),
  title: Title,
  provenance: Provenance.default('text'),
});

/** Not strict: a catalog entry's rules carry the `description` the API adds, which is dropped here. */
const DeadlineRule = z.discriminatedUnion('type', [
  z.object({ type: z.literal('endOfYear') }),
  z.object({ type: z.literal('endOfMonth') }),
  z.object({ type: z.literal('endOfQuarter') }),
  z.object({ type: z.literal('withinDays'), days: z.number().int().min(1).max(366) }),
  z.object({ type: z.literal('withinWorkingDays'), days: z.number().int().min(1).max(250) }),
  z.object({ type: z.literal('withinHours'), hours: z.number().int().min(1).max(24 * 30) }),
]);

const Cadence = z.union([
  z.strictObject({ every: z.enum(['week', 'month', 'quarter', 'year']) }),
  z.strictObject({
    every: z.literal('holiday'),
    holidays: z.array(z.string().refine((name) => findFestival(name) !== undefined, 'not a festival the calendar knows')).min(1).max(20),
  }),
  z.strictObject({
    every: z.literal('sensitive-period'),
    periods: z.array(z.string().refine(knownSensitivePeriod, 'not a sensitive period the calendar knows (两会, 元旦, 春节, 国庆)')).min(1).max(10),
  }),
]);

function knownSensitivePeriod(name: string): boolean {
  try {
    sensitivePeriod(2026, name);
    return true;
  } catch {
    return false;
  }
}

const Source = z.strictObject({
  // Absent: a speech.
  kind: z.enum(SOURCE_KINDS).optional(),
  seed: z.string().max(200).optional(),
  title: z.string().max(200).optional(),
  date: z.iso.date().optional(),
  section: z.string().max(100).optional(),
  quote: z.string().trim().min(4, 'must quote the source (at least 4 characters)').max(2000),
});

const Standard = z.strictObject({
  id: Kebab,
  title: Title,
  appliesTo: z.strictObject({ level: z.enum(ORG_LEVELS), kind: z.enum(['乡镇', '街道', '村', '社区']).optional() }),
  min: z.number().optional(),
  max: z.number().optional(),
  unit: z.string().min(1).max(10),
  checklist: z.array(z.strictObject({ id: Kebab, title: Title, provenance: Provenance.default('text') })).optional(),
  provenance: Provenance.default('text'),
});

const Trigger = z.strictObject({
  type: Kebab,
  title: Title,
  deadline: DeadlineRule,
  provenance: Provenance.default('text'),
  note: z.string().max(500).optional(),
});

export const DirectiveBody = z
  .strictObject({
    title: Title,
    kinds: z.array(z.enum(DIRECTIVE_KINDS)).min(1).max(4),
    sources: z.array(Source).min(1).max(20),
    /** Every level with a responsibility; the target level alone when left out. */
    levels: z.array(z.enum(ORG_LEVELS)).min(1).max(5).optional(),
    targetLevel: z.enum(ORG_LEVELS),
    steps: z.array(Step).min(1, 'a directive needs at least one step').max(50),
    evidence: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
    standards: z.array(Standard).max(30).default([]),
    /** Optional with a cadence: each period is then due at its end. */
    deadline: z
      .strictObject({
        rule: DeadlineRule,
        provenance: Provenance.default('text'),
        note: z.string().max(500).optional(),
        /** What GET /api/catalog adds in words; ignored. */
        description: z.string().optional(),
      })
      .optional(),
    cadence: z
      .strictObject({ rule: Cadence, provenance: Provenance.default('text'), note: z.string().max(500).optional(), dueAtPeriodEnd: z.boolean().optional() })
      .optional(),
    triggers: z.array(Trigger).max(10).optional(),
    externalDependency: z.string().max(500).optional(),
  })
  .superRefine((body, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (body.levels && !body.levels.includes(body.targetLevel)) issue(['targetLevel'], 'must be one of levels');
    if (body.kinds.includes('recurring') && !body.cadence) issue(['cadence'], 'a recurring directive needs a cadence');
    if (!body.deadline && !body.cadence) issue(['deadline'], 'a deadline rule (or, for recurring work, a cadence) is needed');
    if (body.kinds.includes('event') && !body.triggers?.length) issue(['triggers'], 'an event-driven directive needs a trigger');
    if (new Set(body.kinds).size !== body.kinds.length) issue(['kinds'], 'a kind is listed twice');
    const stepIds = body.steps.map((s) => s.id).filter((id) => id !== undefined);
    if (new Set(stepIds).size !== stepIds.length) issue(['steps'], 'step ids must be unique');
  });

export type DirectiveBodyInput = z.input<typeof DirectiveBody>;

/**
 * A validated body as a directive's content: steps without an id numbered (`step-1`, …, never one taken), levels
 * defaulting to the target level, optional parts only when given.
 */
export function directiveContent(body: z.output<typeof DirectiveBody>): Omit<Directive, 'id' | 'code'> {
  const taken = new Set(body.steps.map((s) => s.id).filter((id) => id !== undefined));
  let n = 0;
  const nextId = () => {
    let id: string;
    do id = `step-${++n}`;
    while (taken.has(id));
    return id;
  };
  return {
    title: body.title,
    kinds: body.kinds,
    sources: body.sources.map((s) => ({ ...s })),
    levels: body.levels ?? [body.targetLevel],
    targetLevel: body.targetLevel,
    steps: body.steps.map((s) => ({ id: s.id ?? nextId(), title: s.title, provenance: s.provenance })),
    evidence: body.evidence,
    standards: body.standards.map((s) => ({
      ...s,
      appliesTo: s.appliesTo.kind ? { level: s.appliesTo.level, kind: s.appliesTo.kind } : { level: s.appliesTo.level },
    })) as Directive['standards'],
    // A cadence alone: every period is due at its end, and work assigned once is due by the year's end.
    deadline: body.deadline
      ? {
          rule: body.deadline.rule,
          provenance: body.deadline.provenance,
          ...(body.deadline.note !== undefined ? { note: body.deadline.note } : {}),
        }
      : { rule: { type: 'endOfYear' }, provenance: 'proposed', note: 'no deadline entered: each period is due at its end' },
    ...(body.cadence
      ? { cadence: { ...body.cadence, ...(body.deadline ? {} : { dueAtPeriodEnd: body.cadence.dueAtPeriodEnd ?? true }) } as Directive['cadence'] }
      : {}),
    ...(body.triggers ? { triggers: body.triggers } : {}),
    ...(body.externalDependency !== undefined ? { externalDependency: body.externalDependency } : {}),
  } as Omit<Directive, 'id' | 'code'>;
}
