import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { type RequestHandler } from 'express';
import { HttpError } from './errors';

/** The placeholder in web/index.html that each response replaces with its own nonce. */
export const NONCE_PLACEHOLDER = '__DUBAN_NONCE__';

/**
 * The app's Content Security Policy: scripts only from the app's own origin, no inline script; Ant Design's runtime
 * styles (CSS-in-JS) carry the per-response nonce the app reads from `<meta name="csp-nonce">`.
 */
export function appCsp(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The API's paths, matched as Express routes them (case-insensitively). */
const isApi = (path: string) => /^\/api(?:\/|$)/i.test(path);

const NOT_BUILT = [
  '督办 duban: the web app is not built yet.',
  '',
  'Build it with `npm run build:web` (or run `npm run dev:web` for hot reload), then reload this page.',
  'The JSON API answers under /api meanwhile.',
  '',
].join('\n');

/**
 * The web app (`npm run build:web` → web/dist) at `/`: its hashed files under /assets are cached for a year; every
 * other GET or HEAD outside /api gets index.html (the app routes in the browser) with a fresh nonce in place of
 * `__DUBAN_NONCE__` and the app's CSP. /api keeps the JSON API's own headers (api/hardening.ts). Without a build,
 * `/` says how to make one (503) rather than failing.
 */
export function webApp(dist: string | undefined): RequestHandler {
  const assets = dist
    ? express.static(dist, {
        index: false,
        redirect: false,
        // Vite names what it builds by content hash: a name never changes meaning, so a year's cache is safe.
        setHeaders: (res, path) => {
          res.setHeader('Cache-Control', /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
          res.setHeader('X-Content-Type-Options', 'nosniff');
        },
      })
    : undefined;
  const page: RequestHandler = async (req, res, next) => {
    // A hashed file that is not there is a 404, not the app's page in its place.
    if (req.path.startsWith('/assets/')) {
      return next(new HttpError(404, 'not_found', `no file ${req.path} in the web app`));
    }
    let html: string;
    try {
      html = dist ? await readFile(join(dist, 'index.html'), 'utf8') : '';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return next(err);
      html = '';
    }
    if (!html) {
      res.status(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
      return;
    }
    const nonce = randomBytes(18).toString('base64');
    res.setHeader('Content-Security-Policy', appCsp(nonce));
    // The page names its nonce: it must never be served from a cache to another response.
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(html.replaceAll(NONCE_PLACEHOLDER, nonce));
  };
  return (req, res, next) => {
    if (isApi(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    // index.html itself only ever leaves with its nonce filled in.
    if (!assets || req.path === '/index.html') return page(req, res, next);
    assets(req, res, (err?: unknown) => (err ? next(err) : page(req, res, next)));
  };
}
