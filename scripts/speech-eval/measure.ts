import type { SpeechDraft } from '../../domain/speech';

/**
 * How well the speech extractor finds the directives a person found (directives.md): recall and noise, measured
 * by where quotes lie in the seed text.
 *
 * Overlap: a draft matches a reference quote when their character spans in the seed share at least
 * MIN_OVERLAP characters (or the whole reference quote, when it is shorter than that). Spans, not shared words:
 * a draft elsewhere in the speech that happens to repeat a phrase does not count.
 */
export const MIN_OVERLAP = 8;

export interface ReferenceEntry {
  code: string;
  id: string;
  /** The 「…」 quotes of the entry's Source that are verbatim in a seed, by seed file name. */
  quotes: Array<{ seed: string; quote: string }>;
  /** Quotes of its Source found in no seed (left out of the measure; counted so it shows). */
  unmatchedQuotes: string[];
}

/** The 68 entries of directives.md (### A1 `id`: …) with the quotes of their Source bullets. */
export function referenceEntries(markdown: string, seeds: Record<string, string>): ReferenceEntry[] {
  const entries: ReferenceEntry[] = [];
  const headings = [...markdown.matchAll(/^### ([A-G]\d+) `([a-z0-9-]+)`.*$/gm)];
  headings.forEach((heading, k) => {
    const body = markdown.slice(heading.index, headings[k + 1]?.index ?? markdown.length);
    // The Source bullet and its sub-bullets, up to the next top-level bullet.
    const source = /^- \*\*Source:\*\*[\s\S]*?(?=^- \*\*|^#|(?![\s\S]))/m.exec(body)?.[0] ?? '';
    const quotes: ReferenceEntry['quotes'] = [];
    const unmatchedQuotes: string[] = [];
    for (const [, quote] of source.matchAll(/「([^」]+)」/g)) {
      const seed = Object.keys(seeds).find((name) => (seeds[name] as string).includes(quote as string));
      if (seed) quotes.push({ seed, quote: quote as string });
      else unmatchedQuotes.push(quote as string);
    }
    entries.push({ code: heading[1] as string, id: heading[2] as string, quotes, unmatchedQuotes });
  });
  return entries;
}

interface Span {
  start: number;
  end: number;
}

/** Every place `quote` occurs in `text`. */
function spansOf(text: string, quote: string): Span[] {
  const spans: Span[] = [];
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) spans.push({ start: at, end: at + quote.length });
  return spans;
}

const shared = (a: Span, b: Span) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const matches = (draft: Span, reference: Span) => shared(draft, reference) >= Math.min(MIN_OVERLAP, reference.end - reference.start);
/** The stricter reading: the draft holds the whole reference quote. */
const holds = (draft: Span, reference: Span) => draft.start <= reference.start && reference.end <= draft.end;

export interface SeedScore {
  seed: string;
  /** Entries with a quote in this seed. */
  entries: number;
  found: number;
  recall: number;
  /** Entries one of whose quotes lies wholly inside a draft. */
  foundWhole: number;
  drafts: number;
  /** Drafts that overlap no reference quote of this seed. */
  unmatchedDrafts: number;
  noise: number;
  /** Share of the seed's non-blank characters inside some draft's quote: recall is cheap when drafts cover everything. */
  coverage: number;
  meanQuoteLength: number;
  missed: string[];
  /** The quotes of the drafts that match no entry, for looking at. */
  unmatchedQuotes: string[];
}

export interface Score {
  recall: number;
  noise: number;
  entries: number;
  found: number;
  drafts: number;
  unmatchedDrafts: number;
  minOverlap: number;
  seeds: SeedScore[];
}

/** Scores drafts (per seed, each draft's quote verbatim in its seed at `at`) against the reference entries. */
export function score(entries: readonly ReferenceEntry[], seeds: Record<string, string>, drafts: Record<string, readonly SpeechDraft[]>): Score {
  const foundCodes = new Set<string>();
  const perSeed = Object.keys(seeds).map((seed): SeedScore => {
    const text = seeds[seed] as string;
    const spans = (drafts[seed] ?? []).map((d) => {
      if (text.slice(d.at, d.at + d.quote.length) !== d.quote) throw new Error(`a draft's quote is not at its place in ${seed}: ${d.quote.slice(0, 30)}`);
      return { start: d.at, end: d.at + d.quote.length, quote: d.quote };
    });
    const here = entries
      .map((e) => ({ code: e.code, spans: e.quotes.filter((q) => q.seed === seed).flatMap((q) => spansOf(text, q.quote)) }))
      .filter((e) => e.spans.length > 0);
    const found = here.filter((e) => e.spans.some((r) => spans.some((d) => matches(d, r))));
    const foundWhole = here.filter((e) => e.spans.some((r) => spans.some((d) => holds(d, r)))).length;
    found.forEach((e) => foundCodes.add(e.code));
    const references = here.flatMap((e) => e.spans);
    const unmatched = spans.filter((d) => !references.some((r) => matches(d, r)));
    const covered = new Set<number>();
    spans.forEach((d) => {
      for (let i = d.start; i < d.end; i++) if (/\S/.test(text[i] as string)) covered.add(i);
    });
    const nonBlank = text.replace(/\s/g, '').length;
    return {
      seed,
      entries: here.length,
      found: found.length,
      recall: here.length ? found.length / here.length : 0,
      foundWhole,
      drafts: spans.length,
      unmatchedDrafts: unmatched.length,
      noise: spans.length ? unmatched.length / spans.length : 0,
      coverage: nonBlank ? covered.size / nonBlank : 0,
      meanQuoteLength: spans.length ? spans.reduce((sum, d) => sum + d.end - d.start, 0) / spans.length : 0,
      missed: here.filter((e) => !found.includes(e)).map((e) => e.code),
      unmatchedQuotes: unmatched.map((d) => d.quote),
    };
  });
  const draftCount = perSeed.reduce((sum, s) => sum + s.drafts, 0);
  const unmatchedCount = perSeed.reduce((sum, s) => sum + s.unmatchedDrafts, 0);
  return {
    recall: entries.length ? foundCodes.size / entries.length : 0,
    noise: draftCount ? unmatchedCount / draftCount : 0,
    entries: entries.length,
    found: foundCodes.size,
    drafts: draftCount,
    unmatchedDrafts: unmatchedCount,
    minOverlap: MIN_OVERLAP,
    seeds: perSeed,
  };
}
