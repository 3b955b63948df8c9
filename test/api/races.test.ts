import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recurringScheduleId } from '../../api/recurring-schedule';
import { TEST_2027 } from '../support/arrangements';
import type { Api, Reply } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';
import { uniqueId } from '../support/temporal';

/**
 * Check-then-write races on PostgreSQL, whose writers interleave (SQLite's did not): the same write sent several
 * times at once must do what sending it again afterwards does — one record, the others answered as replays — and
 * never a 5xx. Each case fires identical requests together over real HTTP; none depends on timing to pass.
 */
const NOW = Date.parse('2027-02-20T10:00:00+08:00');
const AT_ONCE = 8;

const together = (send: () => Promise<Reply>) => Promise.all(Array.from({ length: AT_ONCE }, send));
const statuses = (replies: Reply[]) => replies.map((r) => r.status).sort((a, b) => a - b);

describe('the same write sent at once (PostgreSQL, real worker)', () => {
  let stack: Stack;
  let api: Api;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG, { app: { now: () => NOW } });
    ({ api } = stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const count = async (sql: string, ...params: unknown[]) => (await stack.readModel.db.prepare(sql).pluck().get(...params)) as number;

  it('立项: one directive for one Idempotency-Key, the other creates answered as its replays', async () => {
    const careFund = (await api.get('/api/catalog/care-fund-establishment')).body;
    const { id: _id, code: _code, version: _version, ...rest } = careFund;
    const body = { ...rest, title: { zh: `并发立项 ${uniqueId('t')}`, en: '' } };
    const key = uniqueId('race-key');
    const replies = await together(() => api.post('/api/directives', body, { 'Idempotency-Key': key }));
    expect(statuses(replies)).toEqual(Array(AT_ONCE).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(AT_ONCE - 1);
    expect(await count('SELECT count(*) FROM directives WHERE idempotency_key = ?', key)).toBe(1);
    const id = replies[0]?.body.id as string;
    expect(await count(`SELECT count(*) FROM audit_log WHERE action = 'directive.create' AND subject_id = ?`, id)).toBe(1);
  });

  it('年度放假安排: one version for the same notice entered at once, the others answered as a repeat is', async () => {
    const admin = api.as({ role: 'admin', unitId: 'c1', name: '系统管理员' });
    const replies = await together(() => admin.put('/api/calendar/2027/arrangement', TEST_2027));
    expect(statuses(replies)).toEqual([...Array(AT_ONCE - 1).fill(200), 201]);
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(AT_ONCE - 1);
    expect(new Set(replies.map((r) => r.body.version))).toEqual(new Set([1]));
    expect(await count('SELECT count(*) FROM calendar_arrangements WHERE year = 2027')).toBe(1);
    expect(await count(`SELECT count(*) FROM audit_log WHERE action = 'calendar.enterArrangement' AND subject_id = '2027'`)).toBe(1);
  });

  it('token subjects: one subject asked for eight different people at once is given to one of them', async () => {
    const admin = api.as({ role: 'admin', unitId: 'c1', name: '系统管理员' });
    const subject = uniqueId('person');
    const replies = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, i) => admin.post('/api/tokens', { role: 'staff', unitId: 'k1', name: `专干${i}`, subject })),
    );
    expect(statuses(replies)).toEqual([201, ...Array(AT_ONCE - 1).fill(409)]);
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.error.code === 'subject_taken')).toBe(true);
    expect(await count(`SELECT count(*) FROM audit_log WHERE action = 'token.issue' AND subject_id = ?`, subject)).toBe(1);
  });

  it('recurring duties: one id created at once for two scopes is one duty, its repeats replays and the other scope a conflict', async () => {
    const id = uniqueId('race-rounds');
    const body = (i: number) => ({ id, directiveId: 'monthly-village-rounds', scopeUnitId: i % 2 ? 'k2' : 'k1' });
    const replies = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => api.post('/api/recurring', body(i))));
    const stored = await stack.readModel.recurring.get(id);
    const winner = stored?.scopeUnitId;
    expect(statuses(replies)).toEqual([...Array(AT_ONCE / 2 - 1).fill(200), 201, ...Array(AT_ONCE / 2).fill(409)]);
    replies.forEach((r, i) => expect(r.status === 409).toBe(body(i).scopeUnitId !== winner));
    expect(await count('SELECT count(*) FROM recurring_assignments WHERE id = ?', id)).toBe(1);
    expect(await count(`SELECT count(*) FROM audit_log WHERE action = 'recurring.create' AND subject_id = ?`, id)).toBe(1);
    await stack.env.client.schedule.getHandle(recurringScheduleId(id)).delete();
  });
});
