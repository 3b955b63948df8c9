import { CN_NUMBER } from './numerals';

/**
 * A speech cut into sentences that keep their place in the text, so every quote is a verbatim substring. A
 * sentence ends at 。！？ or ；, or at a line break; the indentation (full-width spaces, '>') is not part of it.
 */
export interface Sentence {
  start: number;
  end: number;
  text: string;
  /** The paragraph (line) it is in, counted from 0. */
  paragraph: number;
  /** The first sentence of its line. */
  opensParagraph: boolean;
}

const LEAD = /^[\s\u3000>＞]*/;
const TRAIL = /[\s\u3000。！？!?；;，,、]*$/;

export function sentences(text: string): Sentence[] {
  const found: Sentence[] = [];
  let paragraph = 0;
  let opensParagraph = true;
  const pattern = /[^。！？!?；;\n]+[。！？!?；;]*|\n/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '\n') {
      paragraph += 1;
      opensParagraph = true;
      continue;
    }
    const lead = (LEAD.exec(match[0]) as RegExpExecArray)[0].length;
    const body = match[0].slice(lead);
    const trail = (TRAIL.exec(body) as RegExpExecArray)[0].length;
    const start = match.index + lead;
    const end = match.index + match[0].length - trail;
    if (end <= start) continue;
    found.push({ start, end, text: text.slice(start, end), paragraph, opensParagraph });
    opensParagraph = false;
  }
  return found;
}

/** The ways a speech numbers what it lists: 一是…二是…, （一）（二）, 1. 2., 第一，第二. */
const MARKER_STYLES: ReadonlyArray<{ style: string; pattern: RegExp }> = [
  { style: 'shi', pattern: new RegExp(`(${CN_NUMBER})是`, 'g') },
  { style: 'paren-cn', pattern: new RegExp(`[（(](${CN_NUMBER})[）)]`, 'g') },
  { style: 'paren-num', pattern: /[（(](\d{1,2})[）)]/g },
  { style: 'num', pattern: /(?<![\d.])(\d{1,2})[.．、](?!\d)/g },
  { style: 'circled', pattern: /([①②③④⑤⑥⑦⑧⑨⑩])/g },
  { style: 'di', pattern: new RegExp(`第(${CN_NUMBER})(?=[，,、：:])`, 'g') },
];

export interface Marker {
  style: string;
  /** The ordinal, 1-based. */
  n: number;
  index: number;
  length: number;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩';
const ordinal = (raw: string): number => {
  if (CIRCLED.includes(raw)) return CIRCLED.indexOf(raw) + 1;
  if (/^\d+$/.test(raw)) return Number(raw);
  const digits = '一二三四五六七八九';
  if (raw.length === 1) return raw === '十' ? 10 : digits.indexOf(raw) + 1;
  if (raw.startsWith('十')) return 10 + digits.indexOf(raw[1] as string) + 1;
  return (digits.indexOf(raw[0] as string) + 1) * 10 + (raw.length === 3 ? digits.indexOf(raw[2] as string) + 1 : 0);
};

/** Item markers in `text`, where a marker may stand: at the start or after punctuation. */
export function markers(text: string): Marker[] {
  const found: Marker[] = [];
  for (const { style, pattern } of MARKER_STYLES) {
    for (const match of text.matchAll(pattern)) {
      const before = text[match.index - 1];
      if (match.index > 0 && !/[，,：:；;。\s\u3000、“"]/.test(before as string)) continue;
      found.push({ style, n: ordinal(match[1] as string), index: match.index, length: match[0].length });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** A run of markers of one style counting 1, 2, 3 …: the list's items. Shorter runs than two are no list. */
export function enumeration(found: readonly Marker[]): Marker[] {
  for (const first of found.filter((m) => m.n === 1)) {
    const run = [first];
    for (const m of found) {
      const last = run[run.length - 1] as Marker;
      if (m.index > last.index && m.style === first.style && m.n === last.n + 1) run.push(m);
    }
    if (run.length >= 2) return run;
  }
  return [];
}

/** A section heading line: 一、… (a chapter of the speech), short, alone on its line. */
export function isSectionHeading(sentence: Sentence, lineText: string): boolean {
  return sentence.opensParagraph && new RegExp(`^${CN_NUMBER}、`).test(sentence.text) && lineText.trim().length <= 60;
}

/** A sub-heading that opens a line: （一）要注重…。 */
export function isSubHeading(sentence: Sentence): boolean {
  return sentence.opensParagraph && new RegExp(`^[（(]${CN_NUMBER}[）)]`).test(sentence.text) && sentence.text.length <= 40;
}
