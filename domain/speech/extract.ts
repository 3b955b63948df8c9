import type { CalendarDay } from '../calendar-day';
import type { DirectiveKind } from '../catalog/types';
import type { OrgLevel } from '../org';
import {
  allCues,
  describesOnly,
  directiveCue,
  kindsOf,
  levelBelow,
  proposedDeadline,
  speechLevel,
  statedCadence,
  statedDeadline,
  targetLevelOf,
  type CadenceProposal,
  type DeadlineProposal,
} from './cues';
import { enumeration, isSectionHeading, isSubHeading, markers, sentences, type Marker, type Sentence } from './passages';

/**
 * A directive proposed from a speech (讲话生成草稿): the passage it stands on, the cue that made it a directive,
 * and a first guess at kind, level, deadline or cadence and steps, for a leader to review, edit and save (POST
 * /api/directives, see toDirectiveBody). Nothing here is stored.
 */
export interface SpeechDraft {
  /** Verbatim substring of the speech. */
  quote: string;
  /** Where the quote starts in the speech (UTF-16 code units), so it can be found again where it repeats. */
  at: number;
  /** The cue that made the passage a directive (年底前, 每月, 必须, 要 …). */
  cue: string;
  /** Every cue in the passage, in text order. */
  cues: string[];
  /** A short name, from the passage's item heading or its directing clause. */
  title: string;
  /** The chapter of the speech it is in: '§二', '§二(三)'. */
  section: string;
  kinds: DirectiveKind[];
  targetLevel: OrgLevel;
  levels: OrgLevel[];
  deadline: DeadlineProposal;
  cadence?: CadenceProposal;
  /** The items the text lists for it (一是…二是…, （一）（二）, 1. 2.), as written. */
  steps: string[];
}

export interface ExtractOptions {
  /** The day the speech was given: dates it names without a year (6月底前) fall on or after it. */
  today: CalendarDay;
  /** Who spoke (a city's leader, a county's); by default read from the speech (全县, 我市 …). */
  speakerLevel?: OrgLevel;
}

/** An item heading: a marker followed by a short phrase that ends its sentence (一是要严格落实编制。). */
const HEADING_PHRASE = 24;
/** Items of a list written one per line below an intro that ends with a colon. */
const LINE_ITEM = 80;

const clean = (s: string) => s.replace(/^[\s\u3000]*(?:要|同时，|另外，)?/, '').replace(/[\s\u3000。！？!?；;，,、：:]+$/, '');

/** The clause that holds the cue, as a title: at most 40 characters. */
function titleOf(text: string, cueIndex: number): string {
  const clauses = [...text.matchAll(/[^，,：:；;。]+/g)];
  const holding = clauses.find((c) => c.index <= cueIndex && cueIndex < c.index + c[0].length) ?? clauses[0];
  const title = clean((holding?.[0] ?? text).replace(/^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])/, ''));
  return title.length > 40 ? `${title.slice(0, 39)}…` : title;
}

const itemText = (text: string, m: Marker, next: Marker | undefined) =>
  clean(text.slice(m.index + m.length, next ? next.index : undefined));

export function extractDrafts(text: string, options: ExtractOptions): SpeechDraft[] {
  const all = sentences(text);
  const lines = text.split('\n');
  const fallbackLevel = levelBelow(options.speakerLevel ?? speechLevel(text));
  const drafts: SpeechDraft[] = [];
  let section = '';
  let sub = '';
  // The cue of a list's intro (「要结合实际开展以下活动：」) carries over to its items.
  let listCue: string | undefined;

  /** `bodyStart`: where the text after an item heading starts; its subject decides the level. */
  const draft = (start: number, end: number, opts: { title?: string; steps?: string[]; inheritedCue?: string; bodyStart?: number }) => {
    const quote = text.slice(start, end);
    const found = directiveCue(quote);
    const cue = found?.text ?? opts.inheritedCue;
    if (!cue) return;
    const deadlineStated = statedDeadline(quote, options.today);
    const cadence = statedCadence(quote);
    const kinds = kindsOf(quote, deadlineStated, cadence);
    const body = opts.bodyStart !== undefined ? text.slice(opts.bodyStart, end) : quote;
    const { targetLevel } = targetLevelOf(body, fallbackLevel);
    const { levels } = targetLevelOf(quote, targetLevel);
    drafts.push({
      quote,
      at: start,
      cue,
      cues: found ? allCues(quote) : [cue],
      title: opts.title || titleOf(quote, found?.index ?? 0),
      section: `${section}${sub}`,
      kinds,
      targetLevel,
      levels,
      deadline: deadlineStated ?? proposedDeadline(kinds, cadence),
      ...(cadence ? { cadence } : {}),
      steps: opts.steps ?? [],
    });
  };

  for (let i = 0; i < all.length; i++) {
    const s = all[i] as Sentence;
    if (isSectionHeading(s, lines[s.paragraph] ?? '')) {
      section = `§${/^[一二三四五六七八九十]+/.exec(s.text)?.[0] ?? ''}`;
      sub = '';
      listCue = undefined;
      continue;
    }
    if (isSubHeading(s)) {
      sub = `(${/[一二三四五六七八九十]+/.exec(s.text)?.[0] ?? ''})`;
      listCue = undefined;
      continue;
    }
    const found = markers(s.text);
    const list = enumeration(found);

    // 一是…，二是…，三是… inside one sentence: one directive whose steps are the items.
    if (list.length >= 2) {
      const steps = list.map((m, k) => itemText(s.text, m, list[k + 1]));
      draft(s.start, s.end, { steps, inheritedCue: listCue });
      continue;
    }

    // A list introduced by a colon, its items in the sentences or lines that follow (…：（一）…；（二）…; 1. … 2. …).
    const last = found[found.length - 1];
    const firstItemHere = last && last.n === 1 && /[：:]\s*$/.test(s.text.slice(0, last.index)) ? last : undefined;
    if (firstItemHere || /[：:]$/.test(s.text)) {
      const from = firstItemHere ? 2 : 1;
      const items: Sentence[] = [];
      for (let k = i + 1; k < all.length; k++) {
        const next = all[k] as Sentence;
        const lead = markers(next.text)[0];
        if (!lead || lead.index !== 0 || lead.n !== from + items.length || next.text.length > LINE_ITEM) break;
        items.push(next);
      }
      if (items.length + (from - 1) >= 2) {
        const steps = [
          ...(firstItemHere ? [itemText(s.text, firstItemHere, undefined)] : []),
          ...items.map((it) => itemText(it.text, markers(it.text)[0] as Marker, undefined)),
        ];
        draft(s.start, (items[items.length - 1] as Sentence).end, { steps, inheritedCue: listCue });
        i += items.length;
        continue;
      }
    }

    // An item heading (…，一是要严格落实编制。): it names the directive of the sentence after it.
    const phrase = last ? s.text.slice(last.index + last.length) : '';
    if (last && phrase.length <= HEADING_PHRASE && !/[，,]/.test(phrase)) {
      const intro = s.text.slice(0, last.index);
      const introCue = directiveCue(intro);
      if (introCue) listCue = introCue.text;
      const next = all[i + 1];
      const headingStart = s.start + last.index;
      const title = clean(phrase);
      // The heading's body is the next sentence, unless that one only describes (就业是民生之本…).
      if (next && next.paragraph === s.paragraph && markers(next.text)[0]?.index !== 0 && !describesOnly(next.text)) {
        draft(headingStart, next.end, { title, inheritedCue: listCue, bodyStart: next.start });
        i += 1;
      } else {
        draft(headingStart, s.end, { title, inheritedCue: listCue });
      }
      continue;
    }

    draft(s.start, s.end, {});
  }
  return drafts;
}

/** The longest speech read: a long work report is some 30,000 characters; three times that leaves room. */
export const MAX_SPEECH_CHARS = 100_000;

/** Why `text` cannot be read as a speech, or undefined when it can. */
export function speechTextProblem(text: string): string | undefined {
  if (!text.trim()) return 'is empty: paste the speech or upload it as .txt or .docx';
  if (text.length > MAX_SPEECH_CHARS) return `has ${text.length} characters; at most ${MAX_SPEECH_CHARS} are read`;
  return undefined;
}
