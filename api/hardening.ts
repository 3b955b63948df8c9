import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { signedIn } from './access';

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

/** One structured line per request, under its request id; the token never reaches the log, as a header or a cookie. */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => String(res.getHeader('x-request-id')),
    // On every line of the request, including the handlers' own (req.log) and the error handler's.
    customProps: (_req, res) => ({ requestId: String(res.getHeader('x-request-id')) }),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  });
}

export interface WriteLimits {
  /** Writes a signed-in person may send per window, from wherever they are. */
  perPerson: number;
  /** Writes per client address per window from requests that name no one (no token, or one not valid). */
  perAddress: number;
  windowMs?: number;
}

/**
 * Writes are counted per person, by the verified token's subject, so a county office of a dozen staff behind one NAT
 * address is a dozen clients, not one; requests without a valid token are counted per address (an IPv6 address by its
 * /56, as express-rate-limit's helper does). Reads are not limited. Over the limit: 429 with Retry-After. Runs after
 * `identify` (api/access.ts), which has verified the token by then.
 */
export function writeRateLimit({ perPerson, perAddress, windowMs = 60_000 }: WriteLimits): RequestHandler {
  return rateLimit({
    windowMs,
    limit: (_req, res) => (signedIn(res) ? perPerson : perAddress),
    keyGenerator: (req, res) => {
      const person = signedIn(res);
      return person ? `person:${person.subject}` : `address:${ipKeyGenerator(req.ip ?? '')}`;
    },
    skip: (req) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS',
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      const who = signedIn(res) ? `${perPerson} writes a minute from one person` : `${perAddress} writes a minute without a valid token from this address`;
      res.status(429).json({
        error: { code: 'rate_limited', message: `more than ${who}; try again shortly`, requestId: res.getHeader('x-request-id') },
      });
    },
  });
}
