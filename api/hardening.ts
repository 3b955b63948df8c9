import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Request bodies are small JSON documents; anything larger is refused with 413 before it is read whole. */
export const BODY_LIMIT = '64kb';

/** A well-formed X-Request-Id from a proxy is kept, so one id follows the request through every log. */
export const requestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  res.setHeader('x-request-id', given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID());
  next();
};

/**
 * Security headers for a JSON API: nothing it answers is to be framed, sniffed as another type, cached by a
 * shared cache or run as a page.
 */
export const securityHeaders: RequestHandler[] = [
  helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } }),
  (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  },
];

/** One structured line per request, under its request id; the bearer token never reaches the log. */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => String(res.getHeader('x-request-id')),
    // On every line of the request, including the handlers' own (req.log) and the error handler's.
    customProps: (_req, res) => ({ requestId: String(res.getHeader('x-request-id')) }),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  });
}

/** Writes per client address per window; reads are not limited. Over the limit: 429 with Retry-After. */
export function writeRateLimit(limit: number, windowMs = 60_000): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    skip: (req) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS',
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({
        error: { code: 'rate_limited', message: `more than ${limit} writes a minute from this address; try again shortly`, requestId: res.getHeader('x-request-id') },
      });
    },
  });
}
