import { describe, expect, it } from 'vitest';
import type { PetitionCaseSnapshot } from '../../contracts/petition-case';
import { caseAuditView, DEFAULT_CLOCK_RULES } from '../../domain/petition';
import { taskStatusAt, type TaskSnapshot } from '../../domain/task';
import { SMALL_ORG } from '../support/org';
import { tempReadModel } from '../support/temporal';

const snapshot = (version: number, patch: Partial<TaskSnapshot> = {}): TaskSnapshot => ({
  taskId: 'a1.k1',
  assignmentId: 'a1',
  directiveId: 'care-fund-establishment',
  unitId: 'k1',
  createdAt: 0,
  dueAt: 1000,
  status: 'open',
  late: false,
  steps: [{ id: 's1', title: 'one' }],
  version,
  history: { extensions: [], urges: [], returns: [] },
  ...patch,
});

const caseSnapshot = (version: number, patch: Partial<PetitionCaseSnapshot> = {}): PetitionCaseSnapshot => ({
  caseId: 'P-1',
  unitId: 'k1',
  summary: '反映待遇问题',
  petitioner: '某甲',
  stage: 'registered',
  facts: { receivedAt: 0 },
  rules: DEFAULT_CLOCK_RULES,
  clocks: [],
  overdue: false,
  screenings: [],
  log: [],
  createdAt: 0,
  version,
  ...patch,
});

describe('read model', () => {
  const setup = async () => {
    const readModel = await tempReadModel(SMALL_ORG);
    await readModel.tasks.registerAssignment(
      { id: 'a1', directiveId: 'care-fund-establishment', scopeUnitId: 'c1', targetLevel: 'county', dueAt: 1000, createdAt: 0, taskCount: 2 },
      [
        { taskId: 'a1.k1', unitId: 'k1', unitPath: '/c1/k1/' },
        { taskId: 'a1.k2', unitId: 'k2', unitPath: '/c1/k2/' },
      ],
      [{ id: 's1', title: 'one' }],
    );
    return readModel;
  };

  it('never lets an older snapshot overwrite a newer one', async () => {
    const readModel = await setup();
    await readModel.tasks.upsertTask(snapshot(3, { status: 'overdue', overdueAt: 1000 }));
    await readModel.tasks.upsertTask(snapshot(2));
    await readModel.tasks.upsertTask(snapshot(3, { status: 'open' }));
    expect(await readModel.tasks.getTask('a1.k1')).toMatchObject({ status: 'overdue', version: 3, overdueAt: 1000 });
  });

  it('writes a change and its audit entry together, once, however often the projection is retried', async () => {
    const readModel = await setup();
    const change = { action: 'task.completeStep', at: 10, actor: { subject: 'u1', name: '赵专干', role: 'staff' as const, unitId: 'k1', requestId: 'r1' } };
    const done = snapshot(2, { status: 'done', doneAt: 10, steps: [{ id: 's1', title: 'one', completedAt: 10 }] });
    await readModel.projectTask(done, [change]);
    await readModel.projectTask(done, [change]);
    await readModel.projectTask(snapshot(3, { ...done, status: 'overdue' }));
    const { entries } = await readModel.audit.ofSubject('task', 'a1.k1', { limit: 10, offset: 0 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'task.completeStep', requestId: 'r1', actor: { name: '赵专干' }, before: { stepsDone: 0 }, after: { stepsDone: 1 } });
  });

  it("writes each change of a petition case once, with its own before and after, shown as stored, never the person", async () => {
    const readModel = await setup();
    const actor = { subject: 'u1', name: '信访科', role: 'staff' as const, unitId: 'k1', requestId: 'r1' };
    const registered = caseSnapshot(1, { contact: '138****0001' });
    await readModel.projectPetitionCase(registered);
    const accepted = caseSnapshot(2, { stage: 'accepted', facts: { receivedAt: 0, acceptedAt: 10 }, log: [{ at: 10, action: 'accept', by: '信访科' }] });
    const accept = { action: 'petition.accept', at: 10, actor, stepId: 'accept', state: { version: 2, before: caseAuditView(registered), after: caseAuditView(accepted) } };

    // A screening in one campaign, made while the case was accepted: its entry shows that screening alone.
    await readModel.petitions.recordCampaign({ id: 'rs-1', scopeUnitId: 'c1', status: 'open', opensAt: 0, dueAt: 100, createdAt: 0, fannedOut: true });
    const pending = { campaignId: 'rs-1', openedAt: 0, dueAt: 100, status: 'pending' as const, late: false };
    const checks = { timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'pass', attitudeStable: 'pass' } as const;
    const passed = { ...pending, status: 'passed' as const, checks, screenedAt: 20 };
    const screened = { ...accepted, version: 4, screenings: [passed] };
    const screen = {
      action: 'petition.screen',
      at: 20,
      actor: { ...actor, requestId: 'r2' },
      part: 'rs-1',
      stepId: 'rs-1',
      state: { version: 4, before: { ...pending, caseId: 'P-1' }, after: { ...passed, caseId: 'P-1' } },
    };
    await readModel.projectPetitionCase({ ...accepted, version: 3, screenings: [pending] });
    // The newer write lands first; the older one, retried, still writes its own change's entry, once.
    await readModel.projectPetitionCase(screened, [screen]);
    await readModel.projectPetitionCase(accepted, [accept]);
    await readModel.projectPetitionCase(accepted, [accept]);
    await readModel.projectPetitionCase(screened, [screen]);

    const { entries } = await readModel.audit.ofSubject('petitionCase', 'P-1', { limit: 10, offset: 0 });
    expect(entries.map((e) => `${e.action}:${e.stepId}`)).toEqual(['petition.screen:rs-1', 'petition.accept:accept']);
    const [screenEntry, acceptEntry] = entries;
    expect(acceptEntry).toMatchObject({ requestId: 'r1', unitId: 'k1', actor: { name: '信访科' } });
    // Shown as the read model stores the case: the stored row then equals the entry's after.
    expect(acceptEntry?.before).toEqual({ ...((await readModel.petitions.getCase('P-1')) as object), stage: 'registered', facts: { receivedAt: 0 }, log: [], version: 1 });
    expect(acceptEntry?.after).toEqual({ ...((await readModel.petitions.getCase('P-1')) as object), version: 2 });
    expect(screenEntry).toMatchObject({ before: { status: 'pending' }, after: { campaignId: 'rs-1', caseId: 'P-1', status: 'passed', screenedAt: 20 } });
    expect(JSON.stringify(entries)).not.toMatch(/某甲|138/);
    expect(await readModel.petitions.getCase('P-1')).toMatchObject({ stage: 'accepted', version: 4 });
  });

  it('keeps task progress when an assignment is registered again (an activity retry)', async () => {
    const readModel = await setup();
    await readModel.tasks.upsertTask(snapshot(2, { status: 'done', doneAt: 10, steps: [{ id: 's1', title: 'one', completedAt: 10 }] }));
    await readModel.tasks.registerAssignment(
      { id: 'a1', directiveId: 'care-fund-establishment', scopeUnitId: 'c1', targetLevel: 'county', dueAt: 1000, createdAt: 0, taskCount: 2 },
      [{ taskId: 'a1.k1', unitId: 'k1', unitPath: '/c1/k1/' }],
      [{ id: 's1', title: 'one' }],
    );
    expect(await readModel.tasks.getTask('a1.k1')).toMatchObject({ status: 'done', stepsDone: 1 });
  });

  it('finds units and overdue tasks by subtree, not by id prefix', async () => {
    const readModel = await tempReadModel([
      ...SMALL_ORG,
      // An id that shares k1's prefix but is not under it.
      { id: 'k10', parentId: 'c1', name: '丙县', level: 'county' },
    ]);
    expect((await readModel.org.unitsAtLevel('k1', 'village')).map((u) => u.id)).toEqual(['v1', 'v2']);
    expect((await readModel.org.unitsAtLevel('c1', 'county')).map((u) => u.id).sort()).toEqual(['k1', 'k10', 'k2']);
    await readModel.tasks.registerAssignment(
      { id: 'a2', directiveId: 'care-fund-establishment', scopeUnitId: 'c1', targetLevel: 'county', dueAt: 1000, createdAt: 0, taskCount: 2 },
      [
        { taskId: 'a2.k1', unitId: 'k1', unitPath: '/c1/k1/' },
        { taskId: 'a2.k10', unitId: 'k10', unitPath: '/c1/k10/' },
      ],
      [{ id: 's1', title: 'one' }],
    );
    for (const id of ['a2.k1', 'a2.k10']) {
      await readModel.tasks.upsertTask({ ...snapshot(2, { status: 'overdue' }), taskId: id, assignmentId: 'a2', unitId: id.slice(3) });
    }
    expect((await readModel.tasks.overdueInSubtree('/c1/k1/', { now: 1000, limit: 10, offset: 0 })).tasks.map((t) => t.id)).toEqual(['a2.k1']);
    expect((await readModel.tasks.overdueInSubtree('/c1/', { now: 1000, limit: 10, offset: 0 })).total).toBe(2);
  });

  it('reads every task at one instant by the domain rule, so lists, counts, rollups and the overdue list agree', async () => {
    const readModel = await setup();
    // k1 as the workflow last wrote it: open (its timer has not fired yet); k2 done late.
    await readModel.tasks.upsertTask(snapshot(2));
    await readModel.tasks.upsertTask({ ...snapshot(2, { status: 'done', late: true, doneAt: 1500, steps: [{ id: 's1', title: 'one', completedAt: 1500 }] }), taskId: 'a1.k2', unitId: 'k2' });
    for (const now of [999, 1000, 2000]) {
      const expected = taskStatusAt({ dueAt: 1000 }, now);
      const page = { now, limit: 10, offset: 0 };
      expect((await readModel.tasks.getTask('a1.k1', now))?.status).toBe(expected);
      expect((await readModel.tasks.listTasks({ ...page, state: expected })).tasks.map((t) => t.id)).toEqual(['a1.k1']);
      expect((await readModel.tasks.listTasks({ ...page, state: expected === 'open' ? 'overdue' : 'open' })).total).toBe(0);
      expect(await readModel.tasks.statusCountsOfAssignment('a1', '/', now)).toEqual(
        expect.arrayContaining([{ status: expected, late: false, count: 1 }, { status: 'done', late: true, count: 1 }]),
      );
      expect((await readModel.tasks.rollupRows('/', {}, now)).map((r) => r.status).sort()).toEqual(['done', expected].sort());
      expect((await readModel.tasks.rollupGroups('/', {}, now)).map((r) => r.status).sort()).toEqual(['done', expected].sort());
      expect((await readModel.tasks.overdueInSubtree('/', page)).total).toBe(expected === 'overdue' ? 1 : 0);
    }
    // Overdue before its timer wrote when: since its deadline.
    expect((await readModel.tasks.getTask('a1.k1', 2000))?.overdueAt).toBe(1000);
    // The workflow's own word is kept for who reads it without an instant.
    expect((await readModel.tasks.getTask('a1.k1'))?.status).toBe('open');
  });

  it('lists completed work awaiting acceptance (待验收) until its review window ends or it is accepted', async () => {
    const readModel = await setup();
    const done = snapshot(2, { status: 'done', doneAt: 10, reviewEndsAt: 100, steps: [{ id: 's1', title: 'one', completedAt: 10 }] });
    await readModel.tasks.upsertTask(done);
    const awaiting = (now: number) => readModel.tasks.listTasks({ now, state: 'awaitingAcceptance', limit: 10, offset: 0 });
    expect(await awaiting(50)).toMatchObject({ total: 1, tasks: [{ id: 'a1.k1', acceptance: 'awaiting', reviewEndsAt: 100 }] });
    expect((await awaiting(100)).total).toBe(0);
    expect((await readModel.tasks.getTask('a1.k1', 100))?.acceptance).toBe('closed');
    await readModel.tasks.upsertTask({ ...done, version: 3, history: { ...done.history, accepted: { at: 20, by: '李督办', note: '材料齐全' } } });
    expect((await awaiting(50)).total).toBe(0);
    expect((await readModel.tasks.getTask('a1.k1', 50))?.acceptance).toBe('accepted');
  });

  it("records each change of one write with its own before and after and its step, even behind a newer write", async () => {
    const readModel = await setup();
    const actor = (n: number) => ({ subject: `u${n}`, name: `专干${n}`, role: 'staff' as const, unitId: 'k1', requestId: `r${n}` });
    const steps = [{ id: 's1', title: 'one' }, { id: 's2', title: 'two' }, { id: 's3', title: 'three' }];
    const at = (version: number, done: string[]) =>
      snapshot(version, { steps: steps.map((s) => (done.includes(s.id) ? { ...s, completedAt: 10, completedBy: 'x' } : s)) });
    const change = (n: number, stepId: string, before: TaskSnapshot, after: TaskSnapshot) => ({
      action: 'task.completeStep', at: 10, actor: actor(n), stepId, state: { version: after.version, before, after },
    });
    const v1 = at(1, []), v2 = at(2, ['s2']), v3 = at(3, ['s2', 's3']), v4 = at(4, ['s1', 's2', 's3']);
    // The write of v4 (carrying the third change) lands before that of v3 (the first two).
    await readModel.projectTask(v4, [change(3, 's1', v3, v4)]);
    await readModel.projectTask(v3, [change(1, 's2', v1, v2), change(2, 's3', v2, v3)]);
    await readModel.projectTask(v3, [change(1, 's2', v1, v2), change(2, 's3', v2, v3)]);
    const { entries } = await readModel.audit.ofSubject('task', 'a1.k1', { limit: 10, offset: 0 });
    expect(entries).toHaveLength(3);
    const byStep = Object.fromEntries(entries.map((e) => [e.stepId, e]));
    expect(byStep.s2).toMatchObject({ requestId: 'r1', before: { stepsDone: 0, unitName: '甲县' }, after: { stepsDone: 1 } });
    expect(byStep.s3).toMatchObject({ requestId: 'r2', before: { stepsDone: 1 }, after: { stepsDone: 2 } });
    expect(byStep.s1).toMatchObject({ requestId: 'r3', before: { stepsDone: 2 }, after: { stepsDone: 3 } });
    expect(await readModel.tasks.getTask('a1.k1')).toMatchObject({ version: 4, stepsDone: 3 });
  });
});
