import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractDrafts } from '../domain/speech';
import { CITY_SPEECH, COUNTY_SPEECH } from '../domain/catalog/seeds';
import { referenceEntries, score, type Score } from './speech-eval/measure';

/** Any fixed day: it only places dates a speech names without a year, which recall and noise do not read. */
const SPEECH_DAY = '2020-01-01';

/**
 * The shared documents, found as the tests find them (test/support/shared-docs.ts): `DUBAN_SHARED_DIR`, else
 * `../shared` beside the repository.
 */
export function sharedDir(): string | undefined {
  const dir = process.env.DUBAN_SHARED_DIR ? resolve(process.env.DUBAN_SHARED_DIR) : resolve(__dirname, '../../shared');
  return existsSync(resolve(dir, 'seeds')) && existsSync(resolve(dir, 'directives.md')) ? dir : undefined;
}

/** Runs the extractor on both seed speeches and scores it against directives.md. */
export function evaluateSeeds(dir: string): Score {
  const seeds = Object.fromEntries([CITY_SPEECH, COUNTY_SPEECH].map((name) => [name, readFileSync(resolve(dir, 'seeds', name), 'utf8')]));
  const entries = referenceEntries(readFileSync(resolve(dir, 'directives.md'), 'utf8'), seeds);
  const drafts = Object.fromEntries(Object.entries(seeds).map(([name, text]) => [name, extractDrafts(text, { today: SPEECH_DAY })]));
  return score(entries, seeds, drafts);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function main(): number {
  const dir = sharedDir();
  if (!dir) {
    console.error('speech:eval needs the shared documents: set DUBAN_SHARED_DIR, or put shared/ beside the repository');
    return 1;
  }
  const result = evaluateSeeds(dir);
  console.log(`Speech drafts against directives.md (${result.entries} entries); a draft matches an entry when their quotes share ≥ ${result.minOverlap} characters of the seed (or all of a shorter quote)`);
  console.log('');
  console.log('| seed | entries | found | recall | whole quote in a draft | drafts | matching none | noise | coverage | mean quote |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const s of result.seeds) {
    console.log(
      `| ${s.seed} | ${s.entries} | ${s.found} | ${pct(s.recall)} | ${s.foundWhole} | ${s.drafts} | ${s.unmatchedDrafts} | ${pct(s.noise)} | ${pct(s.coverage)} | ${Math.round(s.meanQuoteLength)} chars |`,
    );
  }
  console.log(`| all | ${result.entries} | ${result.found} | ${pct(result.recall)} | | ${result.drafts} | ${result.unmatchedDrafts} | ${pct(result.noise)} | | |`);
  console.log('');
  for (const s of result.seeds) console.log(`missed in ${s.seed}: ${s.missed.join(' ') || 'none'}`);
  if (process.argv.includes('--verbose')) {
    for (const s of result.seeds) for (const quote of s.unmatchedQuotes) console.log(`matching none in ${s.seed}: ${quote}`);
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  console.log(
    JSON.stringify({
      recall: round(result.recall),
      noise: round(result.noise),
      entries: result.entries,
      found: result.found,
      drafts: result.drafts,
      minOverlap: result.minOverlap,
      seeds: Object.fromEntries(
        result.seeds.map((s) => [
          s.seed,
          { recall: round(s.recall), noise: round(s.noise), entries: s.entries, found: s.found, foundWhole: s.foundWhole, drafts: s.drafts, coverage: round(s.coverage) },
        ]),
      ),
    }),
  );
  return 0;
}

if (require.main === module) process.exitCode = main();
