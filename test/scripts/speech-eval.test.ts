import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DirectiveBody } from '../../domain/catalog/directive-body';
import { extractDrafts, toDirectiveBody } from '../../domain/speech';
import { evaluateSeeds } from '../../scripts/speech-eval';
import { referenceEntries, score } from '../../scripts/speech-eval/measure';
import { SHARED_DIR, sharedText } from '../support/shared-docs';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

describe('speech:eval scoring', () => {
  const seeds = { 's.txt': '各乡镇要在年底前成立关爱基金。会议很成功。各村每月要走访退役军人家庭。今天天气很好，大家要注意安全。' };
  const markdown = [
    '### A1 `fund`: Fund',
    '- **Source:** s 「各乡镇要在年底前成立关爱基金」',
    '- **Kind:** ONE-OFF',
    '### A2 `visits`: Visits',
    '- **Source:**',
    '  - s: 「各村每月要走访退役军人家庭」; 「不在讲话里的一句话」',
    '### A3 `meeting`: Meeting',
    '- **Source:** s 「会议很成功」',
  ].join('\n');
  const entries = referenceEntries(markdown, seeds);
  const at = (quote: string) => ({ quote, at: seeds['s.txt'].indexOf(quote) });

  it('reads the entries and their verbatim quotes, keeping aside the ones in no seed', () => {
    expect(entries.map((e) => [e.code, e.quotes.length, e.unmatchedQuotes])).toEqual([
      ['A1', 1, []],
      ['A2', 1, ['不在讲话里的一句话']],
      ['A3', 1, []],
    ]);
  });

  it('counts an entry found when a draft shares 8 characters of its place in the seed, and a draft as noise when it shares none', () => {
    const drafts = [at('各乡镇要在年底前成立'), at('各村每月要走访'), at('大家要注意安全')].map((d) => ({ ...d }) as never);
    const result = score(entries, seeds, { 's.txt': drafts });
    // 各乡镇要在年底前成立 shares 10 characters with A1; 各村每月要走访 only 7 with A2: not found.
    expect(result.found).toBe(1);
    expect(result.recall).toBeCloseTo(1 / 3);
    expect(result.unmatchedDrafts).toBe(2);
    expect(result.noise).toBeCloseTo(2 / 3);
  });

  it('refuses a draft whose quote is not at its place', () => {
    expect(() => score(entries, seeds, { 's.txt': [{ quote: '会议很成功', at: 0 } as never] })).toThrow(/not at its place/);
  });
});

// Needs the shared documents: DUBAN_SHARED_DIR, or ../shared beside the repository (see test/support/shared-docs.ts).
describe.skipIf(!SHARED_DIR)(`speech drafts on the seed speeches${SHARED_DIR ? '' : ' (skipped: set DUBAN_SHARED_DIR)'}`, () => {
  it('finds most of the 68 directives with moderate noise, without covering the whole speech (floors, not exact figures)', () => {
    const result = evaluateSeeds(SHARED_DIR as string);
    expect(result.entries).toBe(68);
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
    expect(result.noise).toBeLessThanOrEqual(0.25);
    for (const seed of result.seeds) {
      expect(seed.recall, seed.seed).toBeGreaterThanOrEqual(0.88);
      expect(seed.noise, seed.seed).toBeLessThanOrEqual(0.3);
      // Drafts are passages, not the whole speech: recall would mean nothing if they covered everything.
      expect(seed.coverage, seed.seed).toBeLessThanOrEqual(0.75);
    }
    expect(sharedText('directives.md')).toContain('## 0. Index (68 directives)');
  });

  it('turns every draft of both seeds into a body POST /api/directives accepts', () => {
    for (const seed of ['000_d5463c520f329791.txt', '002_3ee20c32293cbc6e.txt']) {
      for (const draft of extractDrafts(sharedText('seeds', seed), { today: '2020-01-01' })) {
        const result = DirectiveBody.safeParse(toDirectiveBody(draft, { title: seed }));
        expect(result.success, `${seed} ${draft.quote.slice(0, 30)}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      }
    }
  });

  it('npm run speech:eval prints the table and, as its last line, one JSON object with recall and noise per seed', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/speech-eval.ts'], {
      cwd: ROOT,
      env: { ...process.env, DUBAN_SHARED_DIR: SHARED_DIR },
    });
    const lines = stdout.trim().split('\n');
    expect(lines.some((l) => l.startsWith('| 000_d5463c520f329791.txt |'))).toBe(true);
    const last = JSON.parse(lines[lines.length - 1] as string);
    expect(last.recall).toBeGreaterThanOrEqual(0.9);
    expect(last.noise).toBeLessThanOrEqual(0.25);
    expect(Object.keys(last.seeds)).toEqual(['000_d5463c520f329791.txt', '002_3ee20c32293cbc6e.txt']);
    expect(last.seeds['002_3ee20c32293cbc6e.txt']).toMatchObject({ recall: expect.any(Number), noise: expect.any(Number) });
  });
});
