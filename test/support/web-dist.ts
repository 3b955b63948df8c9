import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir';

/** A built web app as `npm run build:web` leaves it, in miniature: the API serves it at `/` (api/web.ts). */
export function fixtureDist(): string {
  const dir = tempDir('duban-web-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="zh-CN"><head><meta name="csp-nonce" content="__DUBAN_NONCE__"><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("督办");\n');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

/** Paths the API answers with the web app rather than JSON: a GET or HEAD outside /api (and /health). */
export const isWebAppRequest = (method: string, path: string) =>
  (method === 'GET' || method === 'HEAD') && !/^\/api(?:[/?]|$)/i.test(path) && !/^\/health\/?(?:\?|$)/i.test(path);
