import express, { type RequestHandler } from 'express';
import { HttpError } from './errors';
import { BODY_LIMIT } from './hardening';

/** A request that carries a body: a non-empty Content-Length, or a chunked one. */
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/**
 * Refuses a body of any other media type than `types` with 415, naming what the route takes: a JSON document sent
 * as text/plain would otherwise reach the route as no body at all ("expected object, received undefined").
 * `applies` narrows it to some requests (the app-wide parser: only those a route exists for, so an unknown path
 * stays 404 and a wrong method 405).
 */
export function acceptOnly(types: readonly string[], applies: (req: express.Request) => boolean = () => true): RequestHandler {
  return (req, _res, next) => {
    if (!hasBody(req.headers) || req.is([...types]) || !applies(req)) return next();
    const sent = req.get('content-type');
    next(
      new HttpError(
        415,
        'unsupported_media_type',
        `${req.method} ${req.path} takes a body of type ${types.join(' or ')}; it was sent ${sent ? `as ${sent}` : 'without a Content-Type'}`,
        'Content-Type',
      ),
    );
  };
}

export const JSON_TYPES = ['application/json'] as const;

/** The JSON body of a route: refused with 415 unless sent as application/json, then parsed within BODY_LIMIT. */
export function jsonBody(applies?: (req: express.Request) => boolean): RequestHandler {
  const guard = acceptOnly(JSON_TYPES, applies);
  const parse = express.json({ limit: BODY_LIMIT });
  return (req, res, next) => guard(req, res, (err?: unknown) => (err ? next(err) : parse(req, res, next)));
}
