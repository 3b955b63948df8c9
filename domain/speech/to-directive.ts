import type { Directive, EventTrigger, StepDefinition } from '../catalog/types';
import type { SpeechDraft } from './extract';

/**
 * The body of POST /api/directives: a catalog entry (GET /api/catalog/:id) without id, code and version. A draft
 * becomes one with `toDirectiveBody`; the leader's edits are made to the draft (or to this body) before saving.
 */
export type DirectiveBody = Omit<Directive, 'id' | 'code'>;

export interface DraftSource {
  /** The speech as people name it ('2026年退役军人工作会议讲话'), or its file name. */
  title: string;
  /** The day it was given (YYYY-MM-DD). */
  date?: string;
}

/** A short hash of the quote: event types must be unique across the catalog, and a draft has no id yet. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/**
 * A draft as the directive it proposes (domain/catalog/directive-body.ts checks it at POST /api/directives). Texts
 * are Chinese only: the English half of each title is left equal to the Chinese, as the speech gives none. Steps the text lists are 'text'; a draft
 * without listed steps gets one step, its title, marked 'proposed'.
 */
export function toDirectiveBody(draft: SpeechDraft, source: DraftSource): DirectiveBody {
  const listed = draft.steps.map((step) => step.trim()).filter(Boolean);
  const steps: StepDefinition[] = listed.length
    ? listed.map((step, k) => ({ id: `step-${k + 1}`, title: { zh: step, en: step }, provenance: 'text' }))
    : [{ id: 'step-1', title: { zh: draft.title, en: draft.title }, provenance: 'proposed' }];
  const { dueDate: _dueDate, ...deadline } = draft.deadline;
  const triggers: EventTrigger[] | undefined = draft.kinds.includes('event')
    ? [
        {
          type: `speech-${shortHash(draft.quote)}`,
          title: { zh: `${draft.title}（触发事件待定）`, en: `${draft.title} (trigger to be named)` },
          deadline: { type: 'withinDays', days: 30 },
          provenance: 'proposed',
          note: `讲话原文「${draft.cue}」`,
        },
      ]
    : undefined;
  return {
    title: { zh: draft.title, en: draft.title },
    kinds: draft.kinds,
    sources: [{ kind: 'speech', title: source.title, ...(source.date ? { date: source.date } : {}), ...(draft.section ? { section: draft.section } : {}), quote: draft.quote }],
    levels: draft.levels,
    targetLevel: draft.targetLevel,
    steps,
    evidence: [],
    standards: [],
    deadline,
    ...(draft.cadence ? { cadence: draft.cadence } : {}),
    ...(triggers ? { triggers } : {}),
  };
}
