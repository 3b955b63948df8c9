import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The team's shared documents (the seed speeches and directives.md), which live beside the repository, not in it.
 * `DUBAN_SHARED_DIR` names the folder; without it, `../shared` beside the repository is used when it is there.
 * Tests that need them are skipped, under a name that says so, when neither is found; `.ci/run` insists on them.
 */
export const SHARED_DIR: string | undefined = (() => {
  const dir = process.env.DUBAN_SHARED_DIR ? resolve(process.env.DUBAN_SHARED_DIR) : resolve(__dirname, '../../../shared');
  return existsSync(resolve(dir, 'seeds')) && existsSync(resolve(dir, 'directives.md')) ? dir : undefined;
})();

export const sharedText = (...path: string[]): string => readFileSync(resolve(SHARED_DIR as string, ...path), 'utf8');

/** The rows of directives.md's index table: | A1 | pce-13-display-items | STANDING | … | */
export function directivesIndex(markdown: string): Array<{ code: string; id: string; kind: string }> {
  const index = markdown.slice(markdown.indexOf('## 0. Index'), markdown.indexOf('## A.'));
  return [...index.matchAll(/^\| ([A-G]\d+) \| ([a-z0-9-]+) \| ([^|]+) \|/gm)].map((m) => ({
    code: m[1] as string,
    id: m[2] as string,
    kind: (m[3] as string).trim(),
  }));
}
