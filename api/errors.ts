import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodError, ZodType } from 'zod';
import { logger } from '../platform/logger';

/** An error meant for the client: its status, a stable code, and the request field at fault when there is one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) => new HttpError(404, 'not_found', `${what} ${id} not found`);

/**
 * An id or Idempotency-Key sent again for something other than what it was first used for: the first one stands.
 * One code for it wherever things are created once (assignments, attestations, campaigns, recurring assignments,
 * petition case numbers in a ledger).
 */
export const idempotencyConflict = (message: string) => new HttpError(409, 'idempotency_conflict', message);

export const badField = (field: string, message: string) => new HttpError(400, 'invalid_request', message, field);

function fromZod(where: string, error: ZodError): HttpError {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '';
  const field = issue?.code === 'unrecognized_keys' ? `${path ? `${path}.` : ''}${issue.keys[0]}` : path || where;
  return badField(field, `${field}: ${issue?.message ?? 'invalid'}`);
}

/** Validates one part of a request; the first failing field is named in the 400. */
export function parse<T>(schema: ZodType<T>, value: unknown, where: 'body' | 'query' | 'params'): T {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZod(where, result.error);
  return result.data;
}

/** A file refused for problems on some of its lines: every one listed, the first in the message; nothing imported. */
export function lineErrors(
  res: Response,
  refusal: { code: string; file: string; field: string },
  errors: ReadonlyArray<{ line: number; message: string }>,
): void {
  const first = errors[0];
  res.status(400).json({
    error: {
      code: refusal.code,
      message: `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${refusal.file}; nothing was imported. First: line ${first?.line}: ${first?.message}`,
      field: refusal.field,
      requestId: res.getHeader('x-request-id'),
      errors,
    },
  });
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

/** Seconds a client waits before retrying a 503. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * PostgreSQL's codes for a server that is going away or not there (admin/crash shutdown, cannot connect now,
 * connection exceptions, too many connections) and Node's for a refused or dropped socket.
 */
const DATABASE_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
/** node-postgres's own messages for a connection lost or not made in time. */
const DATABASE_GONE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly/;

/** Which service an error says is unreachable — the workflow engine or the database — or undefined. */
export function unavailableService(err: unknown): 'workflow engine' | 'database' | undefined {
  if (err instanceof ServiceError || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'workflow engine';
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e === 'object') {
    if (typeof e.code === 'string' && DATABASE_UNAVAILABLE.has(e.code)) return 'database';
    if (typeof e.message === 'string' && DATABASE_GONE.test(e.message)) return 'database';
  }
  return undefined;
}

/**
 * The last handler: client errors keep their status and message; anything else is logged with its stack and
 * answered with a bare 500 and the request id, never the stack.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = res.getHeader('x-request-id');
  // The request's own logger (api/hardening.ts) carries its request id.
  const log = (req as { log?: typeof logger }).log ?? logger;
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: { code: err.code, message: err.message, field: err.field, requestId } });
    return;
  }
  // body-parser's own errors (malformed JSON, too large, bad charset) carry an HTTP status and a type.
  const status = typeof err?.status === 'number' ? err.status : undefined;
  if (status && status >= 400 && status < 500) {
    const code = err.type === 'entity.too.large' ? 'payload_too_large' : 'invalid_request';
    const message = err.type === 'entity.parse.failed' ? 'request body is not valid JSON' : String(err.message);
    // The router's own refusal of a malformed path (e.g. bad percent-encoding) concerns the path, not the body.
    const field = err.type === undefined && /decode param/.test(String(err.message)) ? 'params' : 'body';
    res.status(status).json({ error: { code, message, field, requestId } });
    return;
  }
  // Temporal or the read model's database unreachable or too slow to answer: the only 5xx a client should retry
  // (with the same Idempotency-Key), after Retry-After seconds. Nothing was lost: a write either happened (the retry
  // finds it done) or did not.
  const unavailable = unavailableService(err);
  if (unavailable) {
    log.warn({ err, requestId, method: req.method, path: req.path }, `${unavailable} did not answer`);
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(503).json({ error: { code: 'unavailable', message: `the ${unavailable} did not answer; try again`, requestId } });
    return;
  }
  log.error({ err, requestId, method: req.method, path: req.path }, 'request failed');
  res.status(500).json({ error: { code: 'internal', message: 'internal error', requestId } });
};
