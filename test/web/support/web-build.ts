import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureWebBuilt as buildIfStale } from '../../../scripts/web-build';

/** The repository's root, and the web app's build (web/dist by `npm run build:web`, or DUBAN_WEB_DIST). */
export const ROOT = resolve(__dirname, '../../..');
export const WEB_DIST = resolve(process.env.DUBAN_WEB_DIST ?? join(ROOT, 'web', 'dist'));

/**
 * The app the browser tests load: web/dist rebuilt first when older than its sources (as `npm test`'s pretest does,
 * so `npx vitest run test/web/…` tests the sources as they are too). DUBAN_WEB_DIST pointing elsewhere names a build
 * made by someone else, used as it is.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (process.env.DUBAN_WEB_DIST) {
    if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error(`DUBAN_WEB_DIST=${process.env.DUBAN_WEB_DIST} holds no index.html`);
    return;
  }
  await buildIfStale();
}
