import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The first page's JavaScript, gzipped: what web/index.html loads before anything is clicked — the entry chunk and
 * every chunk it imports statically (Vite's manifest), not the lazy-loaded routes. Issue 13 holds it under 500 kB.
 */
export const FIRST_PAGE_LIMIT_BYTES = 500 * 1024;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface WebSize {
  /** Gzipped bytes of the first page's JavaScript. */
  firstPageJs: number;
  firstPageFiles: string[];
  /** Each lazy chunk (a feature's routes), gzipped, with what it adds beyond the first page. */
  lazy: Array<{ src: string; gzip: number }>;
}

export function measureWeb(distDir = resolve(__dirname, '../web/dist')): WebSize {
  const manifest = JSON.parse(readFileSync(resolve(distDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const gz = (file: string) => gzipSync(readFileSync(resolve(distDir, file))).length;
  const closure = (key: string, into = new Set<string>()): Set<string> => {
    if (into.has(key)) return into;
    into.add(key);
    for (const dep of manifest[key]?.imports ?? []) closure(dep, into);
    return into;
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (!entry) throw new Error('web/dist/.vite/manifest.json names no entry');
  const first = closure(entry);
  const firstFiles = [...first].map((k) => manifest[k]!.file);
  const lazy = Object.entries(manifest)
    .filter(([k, c]) => c.isDynamicEntry && !first.has(k))
    .map(([k, c]) => ({
      src: c.src ?? k,
      gzip: [...closure(k)].filter((d) => !first.has(d)).reduce((sum, d) => sum + gz(manifest[d]!.file), 0),
    }))
    .sort((a, b) => b.gzip - a.gzip);
  return { firstPageJs: firstFiles.reduce((sum, f) => sum + gz(f), 0), firstPageFiles: firstFiles, lazy };
}

export const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** Prints the figure; false when the first page is over the limit. */
export function reportWebSize(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): boolean {
  const size = measureWeb();
  const ok = size.firstPageJs < FIRST_PAGE_LIMIT_BYTES;
  write(`[web] first page JavaScript: ${kB(size.firstPageJs)} gzipped (${size.firstPageFiles.length} files; limit ${kB(FIRST_PAGE_LIMIT_BYTES)})${ok ? '' : ' — OVER THE LIMIT'}`);
  for (const chunk of size.lazy) write(`[web]   lazy ${chunk.src}: +${kB(chunk.gzip)} gzipped`);
  return ok;
}

if (require.main === module) {
  if (!reportWebSize()) process.exit(1);
}
