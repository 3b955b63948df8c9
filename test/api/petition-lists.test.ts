import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { petitionWorkflowId } from '../../domain/petition';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { tokenFor } from '../support/people';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';

const CSV = { 'content-type': 'text/csv; charset=utf-8' };
const HEADER = '编号,承办单位编码,登记日期,信访人,联系方式,诉求摘要';
const ALL_PASS = { timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'pass', attitudeStable: 'pass' };
const CARE_FUND = 'care-fund-establishment';
/** A case number as a 信访 office writes it. */
const CHINESE_ID = '延信2026第12号';
const path = (caseId: string) => `/api/petitions/${encodeURIComponent(caseId)}`;

describe('petition lists, case numbers, ledger re-imports and HTTP refusals (dev server, real worker)', () => {
  let stack: Stack;
  /** The city's leader (市领导). */
  let api: Api;
  /** Ledgers are imported by a supervisor above all of their units. */
  let supervisor: Api;
  const staffOf = (unitId: string) => api.as({ role: 'staff', unitId });
  const ledger = (...rows: string[]) => [HEADER, ...rows].join('\n');

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    ({ api } = stack);
    supervisor = api.as({ role: 'supervisor', unitId: 'c1' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('accepts Chinese case numbers everywhere a case id goes, and refuses ones with slashes or control characters', async () => {
    const imported = await supervisor.post('/api/petitions/import', ledger(`${CHINESE_ID},k1,2026-11-20,张某,,反映优抚金发放不及时`), CSV);
    expect(imported).toMatchObject({ status: 201, body: { imported: 1, changed: [] } });
    // Its workflow id is ASCII, mapped one to one from the case number.
    const workflowId = petitionWorkflowId(CHINESE_ID);
    expect(workflowId).toMatch(/^[\x21-\x7e]+$/);
    expect((await stack.env.client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    expect(petitionWorkflowId('XF-2026-001')).toBe('petition/XF-2026-001'); // ASCII numbers keep their workflow

    expect((await api.get(path(CHINESE_ID))).body).toMatchObject({ id: CHINESE_ID, unitId: 'k1', stage: 'registered' });
    expect((await api.get('/api/petitions?unitId=k1')).body.cases.map((c: { id: string }) => c.id)).toContain(CHINESE_ID);
    const accepted = await staffOf('k1').post(`${path(CHINESE_ID)}/accept`, {});
    expect(accepted).toMatchObject({ status: 200, body: { id: CHINESE_ID, stage: 'accepted' } });

    for (const bad of ['延信/2026/12', '延信\t12号', '../x', '延信 12号']) {
      const refused = await supervisor.post('/api/petitions/import', ledger(`"${bad}",k1,2026-11-20,张某,,反映问题`), CSV);
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error.errors[0], bad).toMatchObject({ line: 2, field: 'id' });
    }
    expect((await api.get(`/api/petitions/${encodeURIComponent('a\u0001b')}`)).body.error).toMatchObject({ field: 'caseId' });
  });

  it('reports a ledger row that differs from the case already imported, and does not apply it', async () => {
    const id = '延信2026第13号';
    const row = (summary: string, receivedAt = '2026-11-21') => `${id},k1,${receivedAt},李某,,${summary}`;
    expect((await supervisor.post('/api/petitions/import', ledger(row('要求落实待遇')), CSV)).status).toBe(201);
    // The same row again: nothing to report.
    expect(await supervisor.post('/api/petitions/import', ledger(row('要求落实待遇')), CSV)).toMatchObject({ status: 200, body: { existing: 1, changed: [] } });

    const again = await supervisor.post('/api/petitions/import', ledger(`XF-NEW-1,k2,2026-11-21,赵某,,申请补助`, row('要求落实参战人员待遇', '2026-11-22')), CSV);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ imported: 1, existing: 1, changed: [{ line: 3, id, fields: ['receivedAt', 'summary'] }] });
    expect(again.body.changedNote).toMatch(/not applied/);
    // The running case stands as first imported.
    expect((await api.get(path(id))).body).toMatchObject({ summary: '要求落实待遇', receivedAt: '2026-11-21T00:00:00.000+08:00' });

    // A step taken in duban since is no difference when the office's ledger has not caught up with it.
    expect((await staffOf('k1').post(`${path(id)}/accept`, {})).status).toBe(200);
    expect((await supervisor.post('/api/petitions/import', ledger(row('要求落实待遇')), CSV)).body.changed).toEqual([]);
  });

  let campaignId: string;

  it('lists the campaigns that concern the reader, newest first, with progress and total', async () => {
    const first = await api.post('/api/petitions/campaigns', { id: 'rs-list-k1', scopeUnitId: 'k1', withinDays: 20 });
    expect(first.status).toBe(201);
    campaignId = first.body.id;
    const second = await api.post('/api/petitions/campaigns', { id: 'rs-list-k2', scopeUnitId: 'k2', withinDays: 20 });
    expect(second.status).toBe(201);
    await eventually(async () => (await api.get(`/api/petitions/campaigns/${campaignId}`)).body, (c) => c.allCasesOpened === true);

    const all = await api.get('/api/petitions/campaigns');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 2, limit: 100, offset: 0 });
    expect(all.body.campaigns.map((c: { id: string }) => c.id)).toEqual(['rs-list-k2', 'rs-list-k1']);
    expect(all.body.campaigns[1]).toMatchObject({ id: 'rs-list-k1', scopeUnitId: 'k1', status: 'open', progress: { cases: 2, pending: 2 } });

    expect((await api.get('/api/petitions/campaigns?limit=1&offset=1')).body).toMatchObject({ total: 2, campaigns: [{ id: 'rs-list-k1' }] });
    expect((await api.get('/api/petitions/campaigns?scopeUnitId=k2')).body).toMatchObject({ total: 1, campaigns: [{ id: 'rs-list-k2' }] });
    // A town inside k1 sees k1's campaign, not k2's.
    expect((await staffOf('t1').get('/api/petitions/campaigns')).body).toMatchObject({ total: 1, campaigns: [{ id: 'rs-list-k1' }] });
    expect((await api.get('/api/petitions/campaigns?scopeUnitId=nowhere')).body.error).toMatchObject({ field: 'scopeUnitId' });
  });

  it('blames opensAt, not the deadline computed from it, for a campaign opening in the past', async () => {
    const lastMonth = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString();
    for (const body of [{ opensAt: lastMonth }, { opensAt: lastMonth, withinDays: 10 }]) {
      const res = await api.post('/api/petitions/campaigns', { scopeUnitId: 'k2', ...body });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ field: 'opensAt', message: expect.stringContaining('opensAt') });
    }
  });

  it('lets a case imported into an open campaign’s scope join it, and its failed screening start a follow-up about that case', async () => {
    const id = 'XF-JOIN-20';
    expect((await supervisor.post('/api/petitions/import', ledger(`${id},t1,2026-11-25,王某,,反映安置问题`), CSV)).status).toBe(201);
    const progress = async () => (await api.get(`/api/petitions/campaigns/${campaignId}`)).body.progress;
    expect(await eventually(progress, (p) => p.cases === 3)).toMatchObject({ cases: 3, pending: 3 });

    const screened = await staffOf('t1').post(`${path(id)}/screenings/${campaignId}`, {
      checks: { ...ALL_PASS, policyImplemented: 'fail', attitudeStable: 'fail' },
    });
    expect(screened).toMatchObject({ status: 200, body: { caseId: id, status: 'failed' } });
    const followUp = await eventually(
      async () => (await api.get(path(id))).body.screenings.find((s: { campaignId: string }) => s.campaignId === campaignId)?.followUp,
      (f) => f !== undefined,
    );
    const task = (await api.get(`/api/tasks/${followUp.taskId}`)).body;
    // One step per failed check: not the campaign's general checklist.
    expect(task.steps.map((s: { id: string; title: string }) => [s.id, s.title])).toEqual([
      ['fix-policyImplemented', '整改：政策是否落实到位'],
      ['fix-attitudeStable', '整改：思想是否反弹波动'],
    ]);
    // The case it is about, for those who may read cases; the note says what failed in which campaign.
    const assignment = (await api.get(`/api/assignments/${followUp.assignmentId}`)).body;
    expect(assignment).toMatchObject({ event: { subject: id }, note: `再排查 ${campaignId} 未通过的信访事项：政策是否落实到位、思想是否反弹波动` });
    // An admin, who may not read cases, learns nothing of which case from the task or its assignment.
    const admin = api.as({ role: 'admin', unitId: 'c1' });
    for (const route of [`/api/tasks/${followUp.taskId}`, `/api/assignments/${followUp.assignmentId}`]) {
      const seen = await admin.get(route);
      expect(seen.status, route).toBe(200);
      expect(JSON.stringify(seen.body), route).not.toContain(id);
    }
  });

  it('lists the assignments that concern the reader, newest first, with fan-out, counts and total', async () => {
    const city = await api.post('/api/assignments', { directiveId: CARE_FUND, scopeUnitId: 'c1', targetLevel: 'county' });
    expect(city.status).toBe(201);
    const county = await api.post('/api/assignments', { directiveId: CARE_FUND, scopeUnitId: 'k1' });
    expect(county.status).toBe(201);

    const mine = await api.get(`/api/assignments?directiveId=${CARE_FUND}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: 2, limit: 100, offset: 0 });
    expect(mine.body.assignments.map((a: { id: string }) => a.id)).toEqual([county.body.id, city.body.id]);
    expect(mine.body.assignments[1]).toMatchObject({
      id: city.body.id,
      directiveId: CARE_FUND,
      scopeUnitId: 'c1',
      fanOut: { taskCount: 2, started: 2, complete: true },
      counts: { total: 2, open: 2, done: 0, overdue: 0 },
    });
    expect((await api.get(`/api/assignments?directiveId=${CARE_FUND}&limit=1`)).body).toMatchObject({ total: 2, assignments: [{ id: county.body.id }] });
    expect((await api.get(`/api/assignments?directiveId=${CARE_FUND}&scopeUnitId=k1`)).body).toMatchObject({ total: 1 });
    // 乙区 is concerned by the city's assignment (its own task in it), not by 甲县's.
    const k2 = (await staffOf('k2').get(`/api/assignments?directiveId=${CARE_FUND}`)).body;
    expect(k2).toMatchObject({ total: 1, assignments: [{ id: city.body.id, counts: { total: 1 } }] });
  });

  it('answers a JSON body sent as text/plain with 415 naming the media type the route takes', async () => {
    const text = { 'content-type': 'text/plain' };
    const body = JSON.stringify({ directiveId: CARE_FUND, scopeUnitId: 'k1' });
    for (const [as, route] of [[api, '/api/assignments'], [api, '/api/petitions/campaigns'], [staffOf('k1'), `${path(CHINESE_ID)}/reply`]] as const) {
      const res = await as.post(route, body, text);
      expect(res.status, route).toBe(415);
      expect(res.body.error, route).toMatchObject({ code: 'unsupported_media_type', field: 'Content-Type' });
      expect(res.body.error.message, route).toContain('application/json');
      expect(res.body.error.message, route).toContain('text/plain');
    }
    const ledgerAsForm = await supervisor.post('/api/petitions/import', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(ledgerAsForm.status).toBe(415);
    expect(ledgerAsForm.body.error.message).toContain('text/csv');
    // No route, no media type to expect: still 404.
    expect((await api.post('/api/no-such-thing', body, text)).status).toBe(404);
  });

  it('answers a method a path does not take with 405 and Allow, and an unknown path with 404', async () => {
    const cases: Array<[string, () => Promise<{ status: number; headers: Headers }>, string]> = [
      ['GET a POST-only step', () => api.get(`${path(CHINESE_ID)}/accept`), 'POST'],
      ['POST a read-only list', () => api.post('/api/catalog', {}), 'GET, HEAD'],
      ['POST a case', () => api.post(path(CHINESE_ID), {}), 'GET, HEAD'],
    ];
    for (const [what, send, allow] of cases) {
      const res = await send();
      expect(res.status, what).toBe(405);
      expect(res.headers.get('allow'), what).toBe(allow);
    }
    const both = await fetch(`${api.url}/api/petitions/campaigns`, { method: 'DELETE', headers: { authorization: (await tokenHeader()) } });
    expect(both.status).toBe(405);
    expect(both.headers.get('allow')).toBe('GET, HEAD, POST');
    expect((await api.get('/api/no-such-thing')).status).toBe(404);
  });

  /** The leader's bearer header, for a method the test client has no helper for. */
  async function tokenHeader(): Promise<string> {
    return `Bearer ${await tokenFor({ role: 'leader', unitId: 'c1', name: '市领导' })}`;
  }
});
