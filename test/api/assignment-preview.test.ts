import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoOrg } from '../../domain/demo-org';
import type { OrgUnit } from '../../domain/org';
import { startStack, type Stack } from '../support/stack';
import { uniqueId } from '../support/temporal';

/**
 * GET /api/assignments/preview: what POST /api/assignments would make with the same fields — the task count, the
 * target level and the deadline (the directive's default rule unless one is given) — on the demo org (延安市, its 13
 * counties), against the dev server and a real worker; the create that follows makes exactly that.
 */
const CITY = '610600';
const COUNTY = '610602';
const units: OrgUnit[] = generateDemoOrg();
const countAt = (level: OrgUnit['level'], under = CITY) => {
  const inside = (u: OrgUnit): boolean => u.id === under || (u.parentId !== null && inside(units.find((p) => p.id === u.parentId)!));
  return units.filter((u) => u.level === level && inside(u)).length;
};

describe('previewing an assignment before making it (dev server, real worker)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(units);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const assignmentCount = async () => (await stack.api.get('/api/assignments')).body.total as number;

  it('gives the count and default deadline the create then uses, and records nothing itself', async () => {
    const before = await assignmentCount();
    const preview = await stack.api.get(`/api/assignments/preview?directiveId=care-fund-establishment&scopeUnitId=${CITY}`);
    expect(preview.status).toBe(200);
    expect(countAt('county')).toBe(13);
    const year = new Date().getFullYear();
    expect(preview.body).toMatchObject({
      directiveId: 'care-fund-establishment',
      scopeUnitId: CITY,
      scopeName: '延安市',
      targetLevel: 'county',
      taskCount: 13,
      dueAtFrom: 'rule',
      deadline: { provenance: 'text' },
    });
    // 年底前: the year's last instant in Shanghai.
    expect(preview.body.dueAt).toMatch(new RegExp(`^${year}-12-31T23:59:59\\.999\\+08:00$`));
    expect(preview.body.deadline.description).toContain('年底前');
    expect(await assignmentCount()).toBe(before);

    const created = await stack.api.post('/api/assignments', { directiveId: 'care-fund-establishment', scopeUnitId: CITY }, { 'Idempotency-Key': uniqueId('preview') });
    expect(created.status).toBeLessThan(300);
    expect(created.body.taskCount).toBe(preview.body.taskCount);
    const assignment = (await stack.api.get(`/api/assignments/${created.body.id}`)).body;
    expect(assignment.dueAt).toBe(preview.body.dueAt);
    expect(assignment.targetLevel).toBe(preview.body.targetLevel);
    expect(await assignmentCount()).toBe(before + 1);
  });

  it('counts another target level and a smaller scope, and takes a given deadline', async () => {
    const towns = await stack.api.get(`/api/assignments/preview?directiveId=petition-four-modes&scopeUnitId=${COUNTY}&targetLevel=town&dueAt=${encodeURIComponent(`${new Date().getFullYear() + 1}-03-31T23:59:59.999+08:00`)}`);
    expect(towns.status).toBe(200);
    expect(towns.body).toMatchObject({ targetLevel: 'town', taskCount: countAt('town', COUNTY), dueAtFrom: 'request', dueAt: `${new Date().getFullYear() + 1}-03-31T23:59:59.999+08:00` });
    expect(towns.body.taskCount).toBeGreaterThan(1);
  });

  it('refuses what the create refuses, naming the field', async () => {
    const town = units.find((u) => u.level === 'town')!.id;
    const below = await stack.api.get(`/api/assignments/preview?directiveId=care-fund-establishment&scopeUnitId=${town}`);
    expect(below.status).toBe(400);
    expect(below.body.error.field).toBe('scopeUnitId');
    const past = await stack.api.get(`/api/assignments/preview?directiveId=care-fund-establishment&scopeUnitId=${CITY}&dueAt=2020-01-01T00:00:00%2B08:00`);
    expect(past.status).toBe(400);
    expect(past.body.error.field).toBe('dueAt');
    const unknown = await stack.api.get(`/api/assignments/preview?directiveId=no-such&scopeUnitId=${CITY}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('directiveId');
  });

  it('is for those who may assign, within their own subtree', async () => {
    const supervisor = stack.api.as({ role: 'supervisor', unitId: CITY });
    expect((await supervisor.get(`/api/assignments/preview?directiveId=care-fund-establishment&scopeUnitId=${CITY}`)).status).toBe(403);
    const countyLeader = stack.api.as({ role: 'leader', unitId: COUNTY });
    const outside = await countyLeader.get(`/api/assignments/preview?directiveId=care-fund-establishment&scopeUnitId=${CITY}`);
    expect(outside.status).toBe(403);
    const own = await countyLeader.get(`/api/assignments/preview?directiveId=care-fund-establishment&scopeUnitId=${COUNTY}`);
    expect(own.status).toBe(200);
    expect(own.body.taskCount).toBe(1);
  });
});
