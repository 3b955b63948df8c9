import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recurringScheduleId } from '../../api/recurring-schedule';
import { CATALOG } from '../../domain/catalog';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';
import { eventually, uniqueId } from '../support/temporal';

/**
 * 立项: directives as data, over HTTP on a real worker and API (dev server). The 68 of the speeches are the seeded
 * version 1; a leader posts a catalog entry with a new title as a draft, publishes it, assigns it, edits it (a new
 * version) and publishes again — the assignment made before keeps its version and its tasks their steps.
 */

/** A catalog entry as GET /api/catalog/:id answers it, less what the server gives (id, code, version). */
function asBody(entry: Record<string, unknown>, title: { zh: string; en: string }) {
  const { id: _id, code: _code, version: _version, ...rest } = entry;
  return { ...rest, title };
}

describe('立项: versioned directives (dev server, real worker)', () => {
  let stack: Stack;
  /** 市领导 at the root: enters, edits and publishes directives, and assigns them. */
  let api: Api;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    ({ api } = stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('seeds the 68 directives of the speeches as published version 1, quotes intact', async () => {
    const catalog = await api.get('/api/catalog');
    expect(catalog.status).toBe(200);
    expect(catalog.body.count).toBe(68);
    expect(catalog.body.directives.map((d: { code: string }) => d.code)).toEqual(CATALOG.map((d) => d.code));
    expect(catalog.body.directives.every((d: { version: number }) => d.version === 1)).toBe(true);
    for (const seed of CATALOG) {
      const served = catalog.body.directives.find((d: { id: string }) => d.id === seed.id);
      expect(served.sources).toEqual(seed.sources);
      expect(served.steps).toEqual(seed.steps);
    }
    const d13 = await api.get('/api/catalog/d13');
    expect(d13.body).toMatchObject({ id: 'care-fund-establishment', code: 'D13', version: 1 });
    const list = await api.get('/api/directives?status=published');
    expect(list.body.count).toBe(68);
    expect(list.body.directives[0]).toMatchObject({ code: 'A1', seeded: true, status: 'published', publishedVersion: 1, latestVersion: 1 });
  });

  it('takes a catalog entry with a new title as a draft that cannot be assigned until published; an edit is a new version the old assignment does not see', async () => {
    const careFund = (await api.get('/api/catalog/care-fund-establishment')).body;
    const title = { zh: `关爱基金（${uniqueId('v')}）`, en: `Care fund copy ${uniqueId('v')}` };
    const created = await api.post('/api/directives', asBody(careFund, title));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ code: expect.stringMatching(/^N\d+$/), status: 'draft', draftVersion: 1, latestVersion: 1, seeded: false, unitId: 'c1' });
    expect(created.body.publishedVersion).toBeUndefined();
    expect(created.body.versions).toHaveLength(1);
    expect(created.body.versions[0]).toMatchObject({ version: 1, status: 'draft', createdBy: { name: '市领导', role: 'leader', unitId: 'c1' } });
    expect(created.body.versions[0].directive.sources).toEqual(careFund.sources);
    expect((await api.get('/api/directives?status=draft')).body.directives.map((d: { id: string }) => d.id)).toContain(id);

    // A draft is not in the catalog and cannot be assigned.
    expect((await api.get(`/api/catalog/${id}`)).status).toBe(404);
    const early = await api.post('/api/assignments', { directiveId: id, scopeUnitId: 'c1' });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'not_published', field: 'directiveId' });

    const published = await api.post(`/api/directives/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', publishedVersion: 1 });
    expect(published.body.draftVersion).toBeUndefined();
    expect((await api.post(`/api/directives/${id}/publish`)).body.error.code).toBe('nothing_to_publish');
    expect((await api.get(`/api/catalog/${id}`)).body).toMatchObject({ id, version: 1, title });

    const first = await api.post('/api/assignments', { directiveId: id, scopeUnitId: 'c1' });
    expect(first.status).toBe(201);
    expect(first.body.taskCount).toBe(2);
    const v1Steps = careFund.steps.map((s: { id: string; title: { zh: string } }) => ({ id: s.id, title: s.title.zh }));

    // Version 2: other steps and title. The published version 1 stays in force until 2 is published.
    const v2Title = { zh: `${title.zh}（修订）`, en: '' };
    const v2Body = { ...asBody(careFund, v2Title), steps: [{ title: '制定基金章程' }, { title: '召开理事会' }] };
    const edited = await api.put(`/api/directives/${id}`, v2Body);
    expect(edited.status).toBe(201);
    expect(edited.body).toMatchObject({ publishedVersion: 1, draftVersion: 2, latestVersion: 2 });
    expect(edited.body.versions.map((v: { status: string }) => v.status)).toEqual(['current', 'draft']);
    expect((await api.get(`/api/catalog/${id}`)).body.version).toBe(1);
    const meanwhile = await api.post('/api/assignments', { directiveId: id, scopeUnitId: 'k1' });
    expect((await api.get(`/api/assignments/${meanwhile.body.id}`)).body.directiveVersion).toBe(1);

    expect((await api.post(`/api/directives/${id}/publish`)).body).toMatchObject({ publishedVersion: 2 });
    const v2 = (await api.get(`/api/catalog/${id}`)).body;
    expect(v2).toMatchObject({ version: 2, title: v2Title });
    expect(v2.steps).toEqual([
      { id: 'step-1', title: { zh: '制定基金章程', en: '' }, provenance: 'text' },
      { id: 'step-2', title: { zh: '召开理事会', en: '' }, provenance: 'text' },
    ]);

    // The first assignment keeps version 1: its record, its tasks' steps and the title they show.
    const old = (await api.get(`/api/assignments/${first.body.id}`)).body;
    expect(old.directiveVersion).toBe(1);
    const oldTasks = (await api.get(`/api/tasks?assignmentId=${first.body.id}`)).body.tasks;
    expect(oldTasks.every((t: { directiveTitle: string }) => t.directiveTitle === title.zh)).toBe(true);
    const oldTask = await eventually(async () => (await api.get(`/api/tasks/${oldTasks[0].id}`)).body, (t) => t.steps?.length > 0);
    expect(oldTask.steps.map((s: { id: string; title: string }) => ({ id: s.id, title: s.title }))).toEqual(v1Steps);

    // A new assignment takes version 2.
    const second = await api.post('/api/assignments', { directiveId: id, scopeUnitId: 'c1' });
    expect((await api.get(`/api/assignments/${second.body.id}`)).body.directiveVersion).toBe(2);
    const newTasks = (await api.get(`/api/tasks?assignmentId=${second.body.id}`)).body.tasks;
    const newTask = await eventually(async () => (await api.get(`/api/tasks/${newTasks[0].id}`)).body, (t) => t.steps?.length > 0);
    expect(newTask.directiveTitle).toBe(v2Title.zh);
    expect(newTask.steps.map((s: { id: string }) => s.id)).toEqual(['step-1', 'step-2']);

    const detail = (await api.get(`/api/directives/${id}`)).body;
    expect(detail.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[1, 'superseded'], [2, 'current']]);
    expect(detail.versions[1].publishedBy).toMatchObject({ name: '市领导' });
  });

  it('keeps a recurring duty on the version it was made from', async () => {
    const rounds = (await api.get('/api/catalog/monthly-village-rounds')).body;
    const body = asBody(rounds, { zh: `每月走访（${uniqueId('r')}）`, en: '' });
    const { id } = (await api.post('/api/directives', body)).body;
    expect((await api.post(`/api/directives/${id}/publish`)).status).toBe(200);
    const dutyId = uniqueId('dir-duty');
    const duty = await api.post('/api/recurring', { id: dutyId, directiveId: id, scopeUnitId: 'c1' });
    try {
      expect(duty.status).toBe(201);
      expect(duty.body.directiveVersion).toBe(1);
      await api.put(`/api/directives/${id}`, { ...body, steps: [{ title: '走访' }] });
      await api.post(`/api/directives/${id}/publish`);
      expect((await api.get(`/api/catalog/${id}`)).body.version).toBe(2);
      expect((await api.get(`/api/recurring/${dutyId}`)).body.directiveVersion).toBe(1);
      expect((await stack.readModel.recurring.get(dutyId))?.directiveVersion).toBe(1);
    } finally {
      await stack.env.client.schedule.getHandle(recurringScheduleId(dutyId)).delete();
    }
  });

  it('refuses invalid bodies with 400 naming the field', async () => {
    const careFund = (await api.get('/api/catalog/care-fund-establishment')).body;
    const valid = asBody(careFund, { zh: '有效', en: '' });
    const cases: Array<[unknown, string]> = [
      [{ ...valid, title: undefined }, 'title'],
      [{ ...valid, title: { zh: '  ', en: '' } }, 'title.zh'],
      [{ ...valid, steps: [] }, 'steps'],
      [{ ...valid, kinds: ['sometimes'] }, 'kinds.0'],
      [{ ...valid, targetLevel: 'town', levels: ['county'] }, 'targetLevel'],
      [{ ...valid, kinds: ['recurring'], cadence: undefined }, 'cadence'],
      [{ ...valid, sources: [{ kind: 'instruction', quote: '好' }] }, 'sources.0.quote'],
      [{ ...valid, deadline: { rule: { type: 'someday' } } }, 'deadline.rule.type'],
      [{ ...valid, id: 'care-fund-2' }, 'id'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post('/api/directives', body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.field, JSON.stringify(res.body.error)).toBe(field);
    }
    expect((await api.put('/api/directives/care-fund-establishment', { ...valid, steps: [] })).body.error.field).toBe('steps');
    expect((await api.put('/api/directives/no-such-directive', valid)).status).toBe(404);
  });

  it('takes a 批示 with only Chinese titles and no step ids, as a speech draft gives them', async () => {
    const res = await api.post('/api/directives', {
      title: '落实领导批示：核查退役军人信息采集',
      kinds: ['one-off'],
      sources: [{ kind: 'instruction', title: '王局长关于信息采集的批示', date: '2026-11-20', quote: '请各县区于12月15日前核查完毕' }],
      targetLevel: 'county',
      steps: [{ title: '核查信息采集表' }, { title: '报送核查结果' }],
      evidence: ['核查台账'],
      deadline: { rule: { type: 'withinWorkingDays', days: 10 } },
    });
    expect(res.status).toBe(201);
    const v1 = res.body.versions[0].directive;
    expect(v1).toMatchObject({ levels: ['county'], standards: [], sources: [{ kind: 'instruction', quote: '请各县区于12月15日前核查完毕' }] });
    expect(v1.steps.map((s: { id: string }) => s.id)).toEqual(['step-1', 'step-2']);
    expect(res.body.id).toBe(res.body.code.toLowerCase());
  });

  it('lets leaders alone enter and publish, and only over directives of their part of the tree', async () => {
    const careFund = (await api.get('/api/catalog/care-fund-establishment')).body;
    const body = asBody(careFund, { zh: '县级立项', en: '' });
    for (const role of ['supervisor', 'staff', 'admin'] as const) {
      const other = api.as({ role, unitId: 'c1' });
      const refused = await other.post('/api/directives', body);
      expect(refused.status, role).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      expect((await other.put('/api/directives/care-fund-establishment', body)).status).toBe(403);
      expect((await other.post('/api/directives/care-fund-establishment/publish')).status).toBe(403);
    }
    // A county's leader enters their own; the seeded catalog belongs to the root, out of their reach.
    const county = api.as({ role: 'leader', unitId: 'k1', name: '甲县领导' });
    const own = await county.post('/api/directives', body);
    expect(own.status).toBe(201);
    expect(own.body.unitId).toBe('k1');
    const seeded = await county.put('/api/directives/care-fund-establishment', body);
    expect(seeded.status).toBe(403);
    expect(seeded.body.error.code).toBe('out_of_scope');
    expect((await api.as({ role: 'leader', unitId: 'k2' }).post(`/api/directives/${own.body.id}/publish`)).status).toBe(403);
    // The city above it may publish it.
    expect((await api.post(`/api/directives/${own.body.id}/publish`)).status).toBe(200);
  });

  it('audits every create, edit and publish', async () => {
    const careFund = (await api.get('/api/catalog/care-fund-establishment')).body;
    const { id } = (await api.post('/api/directives', asBody(careFund, { zh: '留痕测试', en: '' }))).body;
    await api.put(`/api/directives/${id}`, asBody(careFund, { zh: '留痕测试（二）', en: '' }));
    await api.post(`/api/directives/${id}/publish`);
    const trail = (await api.get('/api/units/c1/history?limit=100')).body.entries.filter((e: { subjectId: string }) => e.subjectId === id);
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['directive.publish', 'directive.edit', 'directive.create']);
    const [publish, edit, create] = trail;
    expect(create).toMatchObject({ subjectType: 'directive', unitId: 'c1', actor: { role: 'leader', unitId: 'c1' }, after: { id, version: 1, title: { zh: '留痕测试' } } });
    expect(edit).toMatchObject({ before: { version: 1, title: { zh: '留痕测试' } }, after: { version: 2, title: { zh: '留痕测试（二）' } } });
    expect(publish).toMatchObject({ before: { publishedVersion: null }, after: { publishedVersion: 2 } });
  });

  it('answers a retried create with the same Idempotency-Key once, and refuses the key for another body', async () => {
    const careFund = (await api.get('/api/catalog/care-fund-establishment')).body;
    const key = uniqueId('dir-key');
    const body = asBody(careFund, { zh: '重试', en: '' });
    const first = await api.post('/api/directives', body, { 'Idempotency-Key': key });
    const again = await api.post('/api/directives', body, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await api.post('/api/directives', { ...body, title: '另一个' }, { 'Idempotency-Key': key });
    expect(other.status).toBe(409);
  });
});
