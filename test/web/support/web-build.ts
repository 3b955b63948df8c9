import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's root, and the web app's sources and build (web/, built to web/dist by `npm run build:web`). */
export const ROOT = resolve(__dirname, '../../..');
export const WEB_DIR = join(ROOT, 'web');
export const WEB_DIST = resolve(process.env.DUBAN_WEB_DIST ?? join(WEB_DIR, 'dist'));

/** The newest modification time under `path` (a file or a folder), skipping dist/ and node_modules/. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * Builds the web app with `npm run build:web` when web/dist is missing or older than anything it is built from (web/,
 * the lockfile), so the browser tests always test the sources as they are. A failed build fails the tests that
 * needed it, with the build's output. DUBAN_WEB_DIST pointing elsewhere means a build made by someone else: used as is.
 */
export function ensureWebBuilt(): void {
  const index = join(WEB_DIST, 'index.html');
  if (process.env.DUBAN_WEB_DIST) {
    if (!existsSync(index)) throw new Error(`DUBAN_WEB_DIST=${process.env.DUBAN_WEB_DIST} holds no index.html: build the web app there first`);
    return;
  }
  if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`no web app to test: ${WEB_DIR}/index.html is missing`);
  const sources = Math.max(newestMtime(WEB_DIR), newestMtime(join(ROOT, 'package-lock.json')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const started = Date.now();
  const build = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (build.status !== 0 || !existsSync(index)) {
    throw new Error(`npm run build:web failed (exit ${build.status}):\n${(build.stdout + build.stderr).slice(-6000)}`);
  }
  process.stderr.write(`[web] built web/dist in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}
