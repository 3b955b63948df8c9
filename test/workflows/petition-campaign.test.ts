import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, describe, expect, it } from 'vitest';
import { sensitivePeriods } from '../../domain/calendar';
import { assignmentWorkflowId } from '../../domain/ids';
import { DAY_MS, DEFAULT_CLOCK_RULES } from '../../domain/petition';
import { campaignWindow } from '../../domain/petition-campaign';
import { parseInstant, toZonedIso, yearInZone } from '../../domain/time';
import { createWorker } from '../../worker/create-worker';
import { followUpAssignmentId } from '../../activities/petitions';
import {
  PETITION_CASE_WORKFLOW,
  petitionCaseStartOptions,
  recordScreening,
  type PetitionCaseInput,
  type PetitionCaseWorkflow,
} from '../../contracts/petition-case';
import {
  campaignRegistration,
  campaignStartOptions,
  RESCREENING_CAMPAIGN_WORKFLOW,
  type CampaignInput,
  type RescreeningCampaignWorkflow,
} from '../../contracts/rescreening-campaign';
import { recordHistory } from '../support/histories';
import { SMALL_ORG } from '../support/org';
import { eventually, onTimeSkippingServer, tempReadModel, testDataConverter, uniqueId } from '../support/temporal';

const ALL_PASS = { timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'pass', attitudeStable: 'pass' } as const;
const SCREENER = { subject: 'test/v1/staff', name: '村专干', role: 'staff' as const, unitId: 'v1', requestId: 'req-screen-1' };

describe('re-screening campaign workflow (time-skipping server)', () => {
  // Each test's server clock starts 2025-11-20, a campaign before next year's 两会, in a year whose arrangement is published.
  const suite = onTimeSkippingServer('2025-11-20T11:00:00+08:00');

  // Case workflows never end by themselves; the test ends each one it starts.
  const running: WorkflowHandle[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((h) => h.terminate('test done').catch(() => undefined)));
  });

  it('opens ahead of a sensitive period at the right instant and marks unscreened cases overdue at its deadline', async () => {
    const readModel = await tempReadModel(SMALL_ORG);
    const taskQueue = uniqueId('q');
    const worker = await createWorker({
      connection: suite.env.nativeConnection,
      namespace: suite.env.namespace ?? 'default',
      taskQueue,
      readModel,
      client: suite.env.client,
      dataConverter: testDataConverter,
      workflowBundle: suite.bundle,
    });
    const now = await suite.env.currentTimeMs();
    const prefix = uniqueId('C');
    // Three cases under county k1 (the campaign's scope) and one under k2, which the campaign leaves alone.
    const cases: PetitionCaseInput[] = (['k1', 't1', 'v1', 'k2'] as const).map((unitId, i) => ({
      caseId: `${prefix}-${i}`,
      unitId,
      summary: '诉求',
      petitioner: `信访人${i}`,
      facts: { receivedAt: now - 90 * DAY_MS, acceptedAt: now - 88 * DAY_MS, repliedAt: now - 30 * DAY_MS },
      rules: DEFAULT_CLOCK_RULES,
      createdAt: now,
    }));
    const year = yearInZone(now) + 1;
    const window = campaignWindow({ now, beforeSensitivePeriod: { year, key: 'two-sessions' } }, sensitivePeriods);
    if ('field' in window) throw new Error(window.message);
    // 两会 opens 3 March: the campaign opens 14 days before at 00:00 and is due at the last instant of 2 March.
    const periodStart = parseInstant(`${year}-03-03T00:00`) as number;
    expect(window.sensitivePeriod?.start).toBe(`${year}-03-03`);
    expect(window.opensAt).toBe(periodStart - 14 * DAY_MS);
    expect(toZonedIso(window.dueAt)).toBe(`${year}-03-02T23:59:59.999+08:00`);
    const input: CampaignInput = {
      campaignId: uniqueId('camp'),
      scopeUnitId: 'k1',
      opensAt: window.opensAt,
      dueAt: window.dueAt,
      createdAt: now,
      sensitivePeriod: { ...window.sensitivePeriod!, year },
    };
    const campaign = () => readModel.petitions.getCampaign(input.campaignId);
    const sleepUntil = async (instant: number, ms: number) => suite.env.sleep(instant - (await suite.env.currentTimeMs()) + ms);

    await worker.runUntil(async () => {
      for (const c of cases) running.push(await suite.env.client.workflow.start<PetitionCaseWorkflow>(PETITION_CASE_WORKFLOW, { ...petitionCaseStartOptions(c), taskQueue }));
      await eventually(async () => (await readModel.petitions.listCases({ limit: 10, offset: 0 })).total, (n) => n === 4);

      // Started as the API starts it, but in two calls: the test server has no update-with-start.
      const campaignHandle = await suite.env.client.workflow.start<RescreeningCampaignWorkflow>(RESCREENING_CAMPAIGN_WORKFLOW, {
        ...campaignStartOptions(input),
        taskQueue,
      });
      running.push(campaignHandle);
      const registered = await campaignHandle.executeUpdate(campaignRegistration);
      expect(registered).toMatchObject({ recorded: true, status: 'scheduled', opened: 0 });
      expect(await campaign()).toMatchObject({ status: 'scheduled', opensAt: window.opensAt, dueAt: window.dueAt });

      // Months asleep: still scheduled a second before it opens, open (with every case in scope) just after.
      await sleepUntil(window.opensAt, -1000);
      expect((await campaign())?.status).toBe('scheduled');
      expect((await readModel.petitions.campaignProgress(input.campaignId)).cases).toBe(0);
      await suite.env.sleep(2000);
      const opened = await eventually(campaign, (c) => c?.fannedOut === true);
      expect(opened?.status).toBe('open');
      expect(opened!.openedAt! - window.opensAt).toBeGreaterThanOrEqual(0);
      expect(opened!.openedAt! - window.opensAt).toBeLessThan(2000);
      await eventually(
        async () => ({
          progress: await readModel.petitions.campaignProgress(input.campaignId),
          screenings: await Promise.all(cases.slice(0, 3).map((c) => readModel.petitions.screeningsOfCase(c.caseId))),
        }),
        ({ progress, screenings }) => progress.cases === 3 && screenings.every((s) => s.length === 1),
      );
      expect(await readModel.petitions.screeningsOfCase(cases[3]!.caseId)).toEqual([]);

      // One case screened in time and passing; the other two are not screened by the deadline.
      const screened = await suite.env.client.workflow
        .getHandle(petitionCaseStartOptions(cases[0]!).workflowId)
        .executeUpdate(recordScreening, { args: [{ campaignId: input.campaignId, checks: ALL_PASS }] });
      expect(screened.screenings[0]).toMatchObject({ status: 'passed', late: false });

      await sleepUntil(window.dueAt, -1000);
      expect(await readModel.petitions.campaignProgress(input.campaignId)).toMatchObject({ overdue: 0, pending: 2 });
      await suite.env.sleep(2000);
      const progress = await eventually(
        () => readModel.petitions.campaignProgress(input.campaignId),
        (p) => p.overdue === 2,
      );
      expect(progress).toMatchObject({ cases: 3, screened: 1, passed: 1, failed: 0, overdue: 2, pending: 0, followUps: 0 });
      for (const c of cases.slice(1, 3)) {
        const [screening] = await readModel.petitions.screeningsOfCase(c.caseId);
        expect(screening!.overdueAt! - window.dueAt).toBeLessThan(2000);
        const notices = (await readModel.notifications.list({ subjectId: c.caseId, kind: 'overdue', limit: 10, offset: 0 })).notifications;
        expect(notices).toEqual([expect.objectContaining({ directiveId: 'petition-rescreening', dueAt: window.dueAt })]);
      }
      expect((await eventually(campaign, (c) => c?.status === 'ended'))?.status).toBe('ended');

      // Screened late and failing: recorded as late, and one follow-up task at the case's unit.
      const assignmentId = followUpAssignmentId(input.campaignId, cases[2]!.caseId);
      running.push(suite.env.client.workflow.getHandle(`task/${assignmentId}/v1`));
      const late = await suite.env.client.workflow
        .getHandle(petitionCaseStartOptions(cases[2]!).workflowId)
        // With the actor the API sends, so the recorded history has the screening's audit entry written with its projection.
        .executeUpdate(recordScreening, { args: [{ campaignId: input.campaignId, checks: { ...ALL_PASS, attitudeStable: 'fail' }, actor: SCREENER }] });
      expect(late.screenings[0]).toMatchObject({ status: 'failed', late: true, followUp: { assignmentId, taskId: `${assignmentId}.v1` } });
      expect(await readModel.tasks.getAssignment(assignmentId)).toMatchObject({
        directiveId: 'petition-rescreening',
        scopeUnitId: 'v1',
        event: { type: 'rescreening-check-failed', subject: cases[2]!.caseId },
      });

      // A case through its screening and follow-up, the campaign from start to end, and the follow-up's assignment.
      const followUpAssignment = suite.env.client.workflow.getHandle(assignmentWorkflowId(assignmentId));
      await followUpAssignment.result();
      await recordHistory('petition-case', suite.env.client.workflow.getHandle(petitionCaseStartOptions(cases[2]!).workflowId));
      await recordHistory('rescreening-campaign', campaignHandle);
      await recordHistory('assignment', followUpAssignment);
    });
  });
});
