import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../readmodel';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';

const ALL_PASS = { timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'pass', attitudeStable: 'pass' };
const FAILED = { checks: { ...ALL_PASS, problemSolved: 'fail' } };
const PETITIONER = '钱某某';
const CONTACT = '137-0000-0042';
const CASE = 'AUD-001';

type Shown = Record<string, unknown>;

/**
 * Issue 12 item 4 for petition cases: changes to one case sent at once (accept with screenings in several campaigns,
 * then the reply with one more) each leave one entry showing that change alone, naming what it changed, and the
 * petitioner is in none of them.
 */
describe('the audit trail of a petition case changed concurrently (dev server, real worker)', () => {
  let stack: Stack;
  let api: Api;
  let staff: Api;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    ({ api } = stack);
    staff = api.as({ role: 'staff', unitId: 'v2', name: '社区信访员' });
    const supervisor = api.as({ role: 'supervisor', unitId: 'c1' });
    const today = new Date().toISOString().slice(0, 10);
    const imported = await supervisor.post('/api/petitions/import', {
      cases: [{ id: CASE, unitId: 'v2', receivedAt: today, petitioner: PETITIONER, contact: CONTACT, summary: '反映优待证办理', stage: 'registered' }],
    });
    expect(imported.status).toBe(201);
    for (const id of ['rs-a', 'rs-b', 'rs-c', 'rs-d']) {
      expect((await api.post('/api/petitions/campaigns', { id, scopeUnitId: 'v2', withinDays: 10 })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('writes one entry per change, each with its own before and after and what it changed, without the petitioner', async () => {
    const screen = (campaignId: string, body: unknown) => staff.post(`/api/petitions/${CASE}/screenings/${campaignId}`, body);
    const first = await Promise.all([
      staff.post(`/api/petitions/${CASE}/accept`, { note: '已受理' }),
      screen('rs-a', FAILED),
      screen('rs-b', { checks: ALL_PASS }),
      screen('rs-c', FAILED),
    ]);
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const second = await Promise.all([staff.post(`/api/petitions/${CASE}/reply`, { note: '书面答复' }), screen('rs-d', { checks: ALL_PASS })]);
    expect(second.map((r) => r.status)).toEqual([200, 200]);

    const stored = (await stack.readModel.audit.ofSubject('petitionCase', CASE, { limit: 100, offset: 0 })).entries;
    const changes = stored.filter((e) => e.action !== 'petition.import');
    expect(changes).toHaveLength(6);
    // One entry per change, named by what it changed: the case's step, or the screening's campaign.
    expect(changes.map((e) => `${e.action}:${e.stepId}`).sort()).toEqual([
      'petition.accept:accept',
      'petition.reply:reply',
      'petition.screen:rs-a',
      'petition.screen:rs-b',
      'petition.screen:rs-c',
      'petition.screen:rs-d',
    ]);

    // The case's own steps: each entry's before and after one change apart, the next starting where it ended (the
    // case's change counter, which screenings move too, aside).
    const steps = changes.filter((e) => e.action !== 'petition.screen') as Array<AuditEntry & { before: Shown; after: Shown }>;
    const [accept, reply] = steps as [AuditEntry & { before: Shown; after: Shown }, AuditEntry & { before: Shown; after: Shown }];
    expect(accept.before).toMatchObject({ id: CASE, unitId: 'v2', unitName: '东山社区居民委员会', stage: 'registered' });
    expect(accept.after).toMatchObject({ stage: 'accepted', log: [{ action: 'accept', note: '已受理' }] });
    expect({ ...reply.before, version: 0 }).toEqual({ ...accept.after, version: 0 });
    expect(reply.after).toMatchObject({ stage: 'replied' });
    for (const entry of steps) expect(entry.after.version).toBe((entry.before.version as number) + 1);

    // Each screening's entry shows that campaign's screening alone, before and after, a failed one with its follow-up.
    for (const entry of changes.filter((e) => e.action === 'petition.screen')) {
      const before = entry.before as Shown;
      const after = entry.after as Shown;
      expect(before).toMatchObject({ campaignId: entry.stepId, caseId: CASE, status: 'pending' });
      const failed = entry.stepId === 'rs-a' || entry.stepId === 'rs-c';
      expect(after).toMatchObject({ campaignId: entry.stepId, caseId: CASE, status: failed ? 'failed' : 'passed' });
      if (failed) expect(after.followUp).toMatchObject({ taskId: expect.any(String) });
      else expect(after.followUp).toBeUndefined();
    }

    // The trail as the API shows it names the step too; the petitioner is in no entry, stored or shown.
    const shown = ((await api.get('/api/units/c1/history?limit=1000')).body.entries as Array<{ subjectId: string; stepId?: string }>).filter(
      (e) => e.subjectId === CASE,
    );
    expect(shown).toHaveLength(stored.length);
    expect(shown.filter((e) => e.stepId).map((e) => e.stepId).sort()).toEqual(['accept', 'reply', 'rs-a', 'rs-b', 'rs-c', 'rs-d']);
    for (const text of [JSON.stringify(stored), JSON.stringify(shown)]) {
      expect(text).not.toContain(PETITIONER);
      expect(text).not.toContain(CONTACT);
    }
  });
});
