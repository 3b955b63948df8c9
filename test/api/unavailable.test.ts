import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceError } from '@temporalio/client';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler, HttpError, RETRY_AFTER_SECONDS, unavailableService } from '../../api/errors';

/**
 * Issue 15: while Temporal or the read model's PostgreSQL is unreachable the API answers 503 with Retry-After and a
 * clear body — the only 5xx a client sees during such an outage — and still 500 for anything else.
 */
const pgError = (code: string, message = 'terminating connection due to administrator command') => Object.assign(new Error(message), { code });

describe('the API during an outage of Temporal or PostgreSQL', () => {
  let server: Server;
  let base: string;
  const throwing: Record<string, () => unknown> = {
    temporal: () => new ServiceError('Failed to complete update: 14 UNAVAILABLE: No connection established'),
    'pg-shutdown': () => pgError('57P01'),
    'pg-refused': () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    'pg-terminated': () => new Error('Connection terminated unexpectedly'),
    'pg-timeout': () => new Error('timeout exceeded when trying to connect'),
    bug: () => new TypeError('x is undefined'),
    'pg-constraint': () => pgError('23505', 'duplicate key value violates unique constraint'),
    client: () => new HttpError(409, 'not_allowed', 'no'),
  };

  beforeAll(async () => {
    const app = express();
    app.get('/fail/:what', (req) => {
      throw throwing[req.params.what as string]?.();
    });
    app.use(errorHandler);
    server = await new Promise((ready) => {
      const s = app.listen(0, '127.0.0.1', () => ready(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.each([
    ['temporal', 'workflow engine'],
    ['pg-shutdown', 'database'],
    ['pg-refused', 'database'],
    ['pg-terminated', 'database'],
    ['pg-timeout', 'database'],
  ])('%s: 503 unavailable with Retry-After, naming the %s', async (what, service) => {
    const res = await fetch(`${base}/fail/${what}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toBe(`the ${service} did not answer; try again`);
  });

  it('anything else stays a 500 (a bug) or its own client error', async () => {
    expect((await fetch(`${base}/fail/bug`)).status).toBe(500);
    expect((await fetch(`${base}/fail/pg-constraint`)).status).toBe(500);
    expect((await fetch(`${base}/fail/client`)).status).toBe(409);
    expect(unavailableService(pgError('23505'))).toBeUndefined();
  });
});
