import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reportWebSize } from './web-size';

/**
 * Builds the web app (web/ → web/dist) with Vite and prints the first page's gzipped JavaScript. `npm start` and
 * `npm test` call ensureWebBuilt() so a fresh clone serves the app with no extra command: it builds when web/dist is
 * missing or older than what goes into it (web/, domain/ — the role table is bundled from there — and the lock file).
 *   npm run build:web                  always builds
 *   tsx scripts/web-build.ts --if-stale   builds only when stale
 */
const ROOT = resolve(__dirname, '..');
const DIST_INDEX = join(ROOT, 'web/dist/index.html');
const SOURCES = ['web', 'domain', 'package-lock.json'];
const SKIP = new Set(['dist', 'node_modules']);

function newestSource(path: string): { file: string; mtime: number } | undefined {
  if (!existsSync(path)) return undefined;
  const stat = statSync(path);
  if (!stat.isDirectory()) return { file: path, mtime: stat.mtimeMs };
  let newest: { file: string; mtime: number } | undefined;
  for (const entry of readdirSync(path)) {
    if (SKIP.has(entry)) continue;
    const found = newestSource(join(path, entry));
    if (found && (!newest || found.mtime > newest.mtime)) newest = found;
  }
  return newest;
}

/** Why web/dist must be built again, or undefined when it is current. */
export function webStaleReason(): string | undefined {
  if (!existsSync(DIST_INDEX)) return 'web/dist is missing';
  const built = statSync(DIST_INDEX).mtimeMs;
  for (const source of SOURCES) {
    const newest = newestSource(join(ROOT, source));
    if (newest && newest.mtime > built) return `${newest.file.slice(ROOT.length + 1)} changed since the last build`;
  }
  return undefined;
}

export async function buildWeb(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  const started = Date.now();
  const vite = join(resolve(require.resolve('vite/package.json'), '..'), 'bin/vite.js');
  // Vite's own output is the progress: modules transformed, chunks rendered, sizes.
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', 'web/vite.config.mts'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => (code === 0 ? done() : fail(new Error(`vite build failed (${signal ?? `exit ${code}`})`))));
  });
  log(`[web] built in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (!reportWebSize(log)) throw new Error('the first page is over its size limit (scripts/web-size.ts)');
}

/** Builds web/dist when it is missing or older than its sources; says why it builds. */
export async function ensureWebBuilt(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  const reason = webStaleReason();
  if (!reason) return;
  log(`[web] building the web app: ${reason} …`);
  await buildWeb(log);
}

if (require.main === module) {
  const run = process.argv.includes('--if-stale') ? ensureWebBuilt() : buildWeb();
  run.catch((err: unknown) => {
    process.stderr.write(`[web] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
