import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterEach, describe, expect, it } from 'vitest';
import { clockDue, DAY_MS, DEFAULT_CLOCK_RULES, statutoryDue, type PetitionFacts } from '../../domain/petition';
import { wallClock } from '../../domain/notification-render';
import type { ReadModel } from '../../readmodel';
import { WorkCalendar, type EnteredArrangement } from '../../domain/work-calendar';
import { createWorker } from '../../worker/create-worker';
import {
  acceptCase,
  answerReview,
  extendCase,
  getPetitionCase,
  PETITION_CASE_WORKFLOW,
  petitionCaseStartOptions,
  requestReview,
  type PetitionCaseInput,
  type PetitionCaseWorkflow,
} from '../../contracts/petition-case';
import { FORBIDDEN, INVALID_FIELD, NOT_ALLOWED } from '../../contracts/refusals';
import { SMALL_ORG } from '../support/org';
import { eventually, onTimeSkippingServer, tempReadModel, testDataConverter, uniqueId, updateRefusal } from '../support/temporal';

/** A 复查 opinion on a case of 甲县 (k1) given by the city (c1), as the API places both. */
const ABOVE_K1 = {
  answeringUnit: { id: 'c1', path: '/c1/', name: '测试市' },
  caseUnit: { id: 'k1', path: '/c1/k1/', name: '甲县' },
};

describe('petition case workflow (time-skipping server)', () => {
  // Each test's server clock starts 2025-12-22, late December: statutory clocks run across 元旦 and 春节 2026.
  const suite = onTimeSkippingServer('2025-12-22T15:00:00+08:00');

  // Case workflows never end by themselves; the test ends each one it starts.
  const running: WorkflowHandle[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((h) => h.terminate('test done').catch(() => undefined)));
  });

  /** One case at county k1 on its own read model, task queue and worker; `facts` relative to the server's now. */
  async function harness(facts: (now: number) => PetitionFacts) {
    const readModel = await tempReadModel(SMALL_ORG);
    const taskQueue = uniqueId('q');
    const now = await suite.env.currentTimeMs();
    const input: PetitionCaseInput = {
      caseId: uniqueId('XF-'),
      unitId: 'k1',
      summary: '反映优抚金发放不及时',
      petitioner: '张某',
      contact: '138****0001',
      facts: facts(now),
      rules: DEFAULT_CLOCK_RULES,
      createdAt: now,
    };
    const worker = await createWorker({
      connection: suite.env.nativeConnection,
      namespace: suite.env.namespace ?? 'default',
      taskQueue,
      readModel,
      client: suite.env.client,
      dataConverter: testDataConverter,
      workflowBundle: suite.bundle,
    });
    const start = async () => {
      const handle = await suite.env.client.workflow.start<PetitionCaseWorkflow>(PETITION_CASE_WORKFLOW, { ...petitionCaseStartOptions(input), taskQueue });
      running.push(handle);
      return handle;
    };
    return { readModel, worker, input, now, start };
  }

  const kinds = async (readModel: ReadModel, caseId: string) =>
    (await readModel.notifications.list({ subjectId: caseId, limit: 100, offset: 0 })).notifications.map((n) => n.kind).sort();
  const stored = (readModel: ReadModel, caseId: string) => readModel.petitions.getCase(caseId);
  /** Sleeps on the server's clock until `instant` (plus `ms`). */
  const sleepUntil = async (instant: number, ms = 0) => suite.env.sleep(instant - (await suite.env.currentTimeMs()) + ms);

  it('counts its clocks on the holiday arrangements its input carries, the same on every replay', async () => {
    // 15 days from 22 Dec 2025 end on Tuesday 6 Jan 2026, a working day in the library. An arrangement entered for
    // 2026 that makes 1–7 Jan a break (it disagrees with the library, so the entered one is used) moves the last day
    // off to Thursday 8 Jan. The case carries the arrangement in its input, as the ledger import gives it.
    const entered: EnteredArrangement = {
      year: 2026,
      notice: { title: '元旦放假至1月7日（测试用）', date: '2025-12-01' },
      holidays: [{ name: '元旦', start: '2026-01-01', end: '2026-01-07' }],
      workdays: [],
      version: 1,
      enteredAt: Date.parse('2025-12-01T00:00:00Z'),
      enteredBy: '系统管理员',
    };
    const { readModel, worker, input, now } = await harness((t) => ({ receivedAt: t }));
    const withCalendar: PetitionCaseInput = { ...input, calendar: [entered] };
    const due = clockDue(now, 15, DEFAULT_CLOCK_RULES, new WorkCalendar([entered]));
    expect(wallClock(clockDue(now, 15, DEFAULT_CLOCK_RULES))).toMatch(/^2026-01-06/);
    expect(wallClock(due)).toMatch(/^2026-01-08 23:59/);
    await worker.runUntil(async () => {
      const handle = await suite.env.client.workflow.start<PetitionCaseWorkflow>(PETITION_CASE_WORKFLOW, {
        ...petitionCaseStartOptions(withCalendar),
        taskQueue: worker.options.taskQueue,
      });
      running.push(handle);
      expect((await handle.query(getPetitionCase)).clocks[0]?.dueAt).toBe(due);
      const projected = await eventually(() => readModel.petitions.getCase(input.caseId), (c) => c !== undefined);
      expect(projected?.activeDueAt).toBe(due);
      // Its history replays on a fresh worker without nondeterminism, the calendar coming from the input again.
      await Worker.runReplayHistory({ workflowBundle: suite.bundle, dataConverter: testDataConverter }, await handle.fetchHistory(), handle.workflowId);
    });
  });

  it('turns overdue exactly at the end of the 15th day without acceptance, reminding before and escalating after', async () => {
    const { readModel, worker, input, now, start } = await harness((t) => ({ receivedAt: t }));
    const due = statutoryDue(now, 15);
    await worker.runUntil(async () => {
      const handle = await start();
      await eventually(() => stored(readModel, input.caseId), (c) => c !== undefined);
      expect(await readModel.petitions.getPerson(input.caseId)).toEqual({ petitioner: '张某', contact: '138****0001' });

      await sleepUntil(due - 3 * DAY_MS, 1);
      expect(await eventually(() => kinds(readModel, input.caseId), (k) => k.length === 1)).toEqual(['reminder']);

      // The server's clock runs on in real time between asking it and sleeping: a second's margin either side.
      await sleepUntil(due, -1000);
      expect((await handle.query(getPetitionCase)).clocks[0]?.status).toBe('open');
      expect((await stored(readModel, input.caseId))?.overdue).toBe(false);

      await suite.env.sleep(2000);
      const overdue = await eventually(() => stored(readModel, input.caseId), (c) => c?.overdue === true);
      expect(overdue).toMatchObject({ stage: 'registered', activeClock: 'accept', activeDueAt: due, overdue: true });
      const marked = overdue?.clocks[0]?.overdueAt as number;
      expect(marked).toBeGreaterThanOrEqual(due);
      expect(marked - due).toBeLessThan(2000); // the worker's pickup time on a loaded machine
      expect(await eventually(() => kinds(readModel, input.caseId), (k) => k.length === 2)).toEqual(['overdue', 'reminder']);
      const notice = (await readModel.notifications.list({ subjectId: input.caseId, kind: 'overdue', limit: 1, offset: 0 })).notifications[0];
      expect(notice).toMatchObject({ subjectType: 'petitionCase', directiveId: 'petition-four-modes', dueAt: due, recipientUnitId: 'c1' });

      await sleepUntil(due + 7 * DAY_MS, 1);
      expect(await eventually(() => kinds(readModel, input.caseId), (k) => k.length === 3)).toEqual(['escalation', 'overdue', 'reminder']);

      // Accepted late: the clock is met, late, and the reply clock starts.
      const accepted = await handle.executeUpdate(acceptCase, { args: [{ by: '信访科' }] });
      expect(accepted.clocks.map((c) => [c.kind, c.status, c.late])).toEqual([
        ['accept', 'met', true],
        ['reply', 'open', false],
      ]);
      expect(await stored(readModel, input.caseId)).toMatchObject({ stage: 'accepted', activeClock: 'reply', overdue: false });
      const again = await updateRefusal(handle.executeUpdate(acceptCase, { args: [{ by: '王专干' }] }));
      expect(again.type).toBe(NOT_ALLOWED);
    });
  });

  it('extends the 办理 clock once, by at most 30 days; a second extension is rejected', async () => {
    const { readModel, worker, input, now, start } = await harness((t) => ({ receivedAt: t - 5 * DAY_MS, acceptedAt: t - 2 * DAY_MS }));
    const acceptedAt = now - 2 * DAY_MS;
    // The 60th day, 18 Feb 2026, is in the 春节 break: it ends on 24 Feb, the next working day (clockDue).
    const originalDue = clockDue(acceptedAt, 60, DEFAULT_CLOCK_RULES);
    const extendedDue = clockDue(acceptedAt, 90, DEFAULT_CLOCK_RULES);
    await worker.runUntil(async () => {
      const handle: WorkflowHandle<PetitionCaseWorkflow> = await start();
      await eventually(() => stored(readModel, input.caseId), (c) => c !== undefined);

      const tooLong = await updateRefusal(handle.executeUpdate(extendCase, { args: [{ by: '王专干', days: 31, reason: '档案' }] }));
      expect(tooLong).toMatchObject({ type: INVALID_FIELD, details: ['days'] });

      await suite.env.sleep(10 * DAY_MS);
      const extended = await handle.executeUpdate(extendCase, { args: [{ days: 30, reason: '需调取历史档案', by: '局长' }] });
      expect(extended.clocks[1]).toMatchObject({ kind: 'reply', dueAt: extendedDue, originalDueAt: originalDue, status: 'open' });
      expect((await stored(readModel, input.caseId))?.activeDueAt).toBe(extendedDue);

      const second = await updateRefusal(handle.executeUpdate(extendCase, { args: [{ by: '王专干', days: 5, reason: '再延' }] }));
      expect(second.type).toBe(NOT_ALLOWED);
      expect(second.message).toMatch(/only once/);

      // The original deadline passes quietly; the extended one marks it overdue.
      await sleepUntil(originalDue, 1000);
      expect((await handle.query(getPetitionCase)).overdue).toBe(false);
      await sleepUntil(extendedDue, 1000);
      const overdue = await eventually(() => stored(readModel, input.caseId), (c) => c?.overdue === true);
      expect(overdue?.clocks[1]).toMatchObject({ status: 'overdue', dueAt: extendedDue });
    });
  });

  it('runs the 复查 clock 30 days from the request and meets it late when answered after', async () => {
    const { readModel, worker, input, start } = await harness((t) => ({
      receivedAt: t - 40 * DAY_MS,
      acceptedAt: t - 38 * DAY_MS,
      repliedAt: t - 3 * DAY_MS,
    }));
    await worker.runUntil(async () => {
      const handle = await start();
      await eventually(() => stored(readModel, input.caseId), (c) => c?.stage === 'replied');
      expect((await stored(readModel, input.caseId))?.activeClock).toBeUndefined();

      const early = await updateRefusal(handle.executeUpdate(answerReview, { args: [{ by: '王专干', ...ABOVE_K1 }] }));
      expect(early.type).toBe(NOT_ALLOWED);

      const requested = await handle.executeUpdate(requestReview, { args: [{ by: '王专干', note: '不服答复' }] });
      const review = requested.clocks.find((c) => c.kind === 'review');
      const requestedAt = requested.facts.reviewRequestedAt as number;
      expect(review).toMatchObject({ status: 'open', dueAt: statutoryDue(requestedAt, 30) });

      await sleepUntil(review!.dueAt, -1000);
      expect((await handle.query(getPetitionCase)).overdue).toBe(false);
      await suite.env.sleep(2000);
      const overdue = await eventually(() => stored(readModel, input.caseId), (c) => c?.overdue === true);
      expect(overdue).toMatchObject({ stage: 'reviewRequested', activeClock: 'review' });

      // Not by the county that handled the case itself, but by the city above it (信访工作条例 第三十五条).
      const own = await updateRefusal(handle.executeUpdate(answerReview, { args: [{ by: '王专干', ...ABOVE_K1, answeringUnit: ABOVE_K1.caseUnit }] }));
      expect(own.type).toBe(FORBIDDEN);
      const answered = await handle.executeUpdate(answerReview, { args: [{ by: '市信访局', note: '维持原答复', ...ABOVE_K1 }] });
      expect(answered.stage).toBe('reviewed');
      expect(answered.clocks.find((c) => c.kind === 'review')).toMatchObject({ status: 'met', late: true });
      expect(await stored(readModel, input.caseId)).toMatchObject({ stage: 'reviewed', overdue: false });
    });
  });

  it('marks a case imported past its deadline overdue at once and tells the parent supervisor as well as the leader', async () => {
    const { readModel, worker, input, now, start } = await harness((t) => ({ receivedAt: t - 40 * DAY_MS }));
    const due = statutoryDue(now - 40 * DAY_MS, 15);
    await worker.runUntil(async () => {
      await start();
      const overdue = await eventually(() => stored(readModel, input.caseId), (c) => c?.overdue === true);
      expect(overdue?.clocks[0]?.status).toBe('overdue');
      // The same overdue notice as a case turning overdue while running (to c1's supervisor), and the escalation; no reminder.
      expect(await eventually(() => kinds(readModel, input.caseId), (k) => k.length >= 2)).toEqual(['escalation', 'overdue']);
      const notice = (await readModel.notifications.list({ subjectId: input.caseId, kind: 'overdue', limit: 1, offset: 0 })).notifications[0];
      expect(notice).toMatchObject({ recipientRole: 'supervisor', recipientUnitId: 'c1', dueAt: due });
      // It names the case and its clock with the due date, not the directive 「接访、约访、下访、督访」.
      expect(notice?.title).toContain(input.caseId);
      expect(notice?.text).toContain(`信访事项 ${input.caseId} 受理期限`);
      expect(notice?.text).toContain(wallClock(due));
      expect(notice?.text).not.toContain('接访');
    });
  });

  it('replays its own history deterministically', async () => {
    const { worker, start } = await harness((t) => ({ receivedAt: t, acceptedAt: t }));
    const history = await worker.runUntil(async () => {
      const handle = await start();
      await handle.executeUpdate(extendCase, { args: [{ by: '王专干', days: 10, reason: '核实' }] });
      await suite.env.sleep(80 * DAY_MS);
      await handle.query(getPetitionCase);
      await handle.terminate('test done');
      return handle.fetchHistory();
    });
    await expect(Worker.runReplayHistory({ workflowBundle: suite.bundle, dataConverter: testDataConverter }, history)).resolves.toBeUndefined();
  });
});
