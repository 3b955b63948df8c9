import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';

const CARE_FUND = 'care-fund-establishment';
/** Only the figures test assigns this one, so its summary is that test's alone. */
const LEADING_GROUP = 'si-leading-group';
const DAY = 24 * 60 * 60 * 1000;

describe('签收 and 回退 over HTTP, on a real worker and API', () => {
  let stack: Stack;
  /** The city's leader (市领导), who issues the assignments and decides on a 回退. */
  let api: Api;
  /** How far ahead of the real clock the API reads (its `now`): the figures test looks past the 签收 window. */
  let ahead = 0;
  const staffOf = (unitId: string) => api.as({ role: 'staff', unitId, name: `${unitId}专干` });

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG, { app: { now: () => Date.now() + ahead } });
    ({ api } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** A fresh assignment's tasks by unit, once each workflow has written its first state. */
  async function assign(directiveId: string, scopeUnitId: string) {
    const created = await api.post('/api/assignments', { directiveId, scopeUnitId });
    expect(created.status).toBe(201);
    const tasks = await eventually(
      async () => (await api.get(`/api/tasks?assignmentId=${created.body.id}`)).body.tasks as Array<{ id: string; unitId: string; acknowledgement: { state: string; acknowledgeBy?: string } }>,
      (list) => list.length === created.body.taskCount && list.every((t) => t.acknowledgement.acknowledgeBy !== undefined),
    );
    return { assignmentId: created.body.id as string, task: Object.fromEntries(tasks.map((t) => [t.unitId, t])) };
  }

  const post = (as: Api, taskId: string, action: string, body: unknown = {}) => as.post(`/api/tasks/${taskId}/${action}`, body);

  it('starts every task 待签收 beside its status; 签收 by the unit is idempotent, and refusals are 400/403/409', async () => {
    const { task } = await assign(CARE_FUND, 'c1');
    const k1 = task.k1!;
    expect(k1).toMatchObject({ status: 'open', acknowledgement: { state: 'pending' } });

    // Not the unit's own, or not a role that acknowledges: 403.
    expect((await post(staffOf('k2'), k1.id, 'acknowledge')).status).toBe(403);
    const bySupervisor = await post(api.as({ role: 'supervisor', unitId: 'k1' }), k1.id, 'acknowledge');
    expect(bySupervisor).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await post(staffOf('k1'), k1.id, 'acknowledge', { by: '别人' }))).toMatchObject({ status: 400, body: { error: { field: 'by' } } });

    const acknowledged = await post(staffOf('k1'), k1.id, 'acknowledge');
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ status: 'open', acknowledgement: { state: 'acknowledged', acknowledgedBy: 'k1专干' } });
    const again = await post(staffOf('k1'), k1.id, 'acknowledge');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.acknowledgement).toEqual(acknowledged.body.acknowledgement);

    // An acknowledged task cannot be sent back.
    const late = await post(staffOf('k1'), k1.id, 'decline', { reason: '不属本单位' });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'not_allowed' } } });

    // One audit entry for the one change.
    const trail = (await api.get(`/api/tasks/${k1.id}/history`)).body.entries as Array<{ action: string; actor: { name: string } }>;
    expect(trail.filter((e) => e.action === 'task.acknowledge').map((e) => e.actor.name)).toEqual(['k1专干']);
  });

  it('回退 needs a reason, reaches the issuing leader’s inbox, and 改派 moves the task to another unit', async () => {
    const { assignmentId, task } = await assign(CARE_FUND, 'k1');
    const k1 = task.k1!;

    for (const body of [{}, { reason: '   ' }]) {
      expect(await post(staffOf('k1'), k1.id, 'decline', body)).toMatchObject({ status: 400, body: { error: { field: 'reason' } } });
    }
    const declined = await post(staffOf('k1'), k1.id, 'decline', { reason: '该事项应由乙区承办' });
    expect(declined.status).toBe(200);
    expect(declined.body.acknowledgement).toMatchObject({ state: 'declined', declinedBy: 'k1专干', reason: '该事项应由乙区承办' });
    expect((await post(staffOf('k1'), k1.id, 'decline', { reason: '重复' })).headers.get('idempotent-replayed')).toBe('true');
    expect(await post(staffOf('k1'), k1.id, 'acknowledge')).toMatchObject({ status: 409, body: { error: { code: 'not_allowed' } } });

    // In the city leader's inbox, naming the task and the reason; the link is the task.
    const inbox = await eventually(
      async () => (await api.get(`/api/notifications?kind=declined&subjectId=${k1.id}`)).body.notifications as Array<{ subjectId: string; text: string; recipient: { role: string; unitId: string } }>,
      (n) => n.length > 0,
    );
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ subjectId: k1.id, recipient: { role: 'leader', unitId: 'c1' } });
    expect(inbox[0]?.text).toContain('该事项应由乙区承办');

    // Who decides: the issuing level's leader, not the holder's, not a supervisor.
    expect(await post(api.as({ role: 'leader', unitId: 'k1' }), k1.id, 'reassign', { unitId: 'k2' })).toMatchObject({ status: 403, body: { error: { code: 'separation_of_duties' } } });
    expect(await post(api.as({ role: 'supervisor', unitId: 'c1' }), k1.id, 'cancel')).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    // Where it may go: another unit at the same level.
    expect(await post(api, k1.id, 'reassign', { unitId: 't1' })).toMatchObject({ status: 400, body: { error: { field: 'unitId' } } });
    expect(await post(api, k1.id, 'reassign', { unitId: 'k1' })).toMatchObject({ status: 400, body: { error: { field: 'unitId' } } });
    expect(await post(api, k1.id, 'reassign', { unitId: 'nowhere' })).toMatchObject({ status: 400, body: { error: { field: 'unitId' } } });

    const reassigned = await post(api, k1.id, 'reassign', { unitId: 'k2', note: '改由乙区办理' });
    expect(reassigned.status).toBe(200);
    const successorId = `${assignmentId}.k2`;
    expect(reassigned.body.acknowledgement).toMatchObject({ state: 'reassigned', decidedBy: '市领导', reassignedTo: { unitId: 'k2', taskId: successorId } });
    const retry = await post(api, k1.id, 'reassign', { unitId: 'k2', note: '改由乙区办理' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await post(api, k1.id, 'cancel')).toMatchObject({ status: 409 });

    // The assignment's work is now k2's, waiting for its 签收; k1's task is out of every list but still readable.
    const list = (await api.get(`/api/tasks?assignmentId=${assignmentId}`)).body;
    expect(list.tasks.map((t: { id: string; acknowledgement: { state: string } }) => [t.id, t.acknowledgement.state])).toEqual([[successorId, 'pending']]);
    expect((await api.get(`/api/assignments/${assignmentId}/progress`)).body).toMatchObject({ total: 1, open: 1 });
    expect((await api.get(`/api/tasks/${k1.id}`)).body.acknowledgement.state).toBe('reassigned');
    const trail = (await api.get(`/api/tasks/${k1.id}/history`)).body.entries as Array<{ action: string }>;
    expect(trail.map((e) => e.action)).toEqual(['task.decline', 'task.reassign']);
    expect((await post(staffOf('k2'), successorId, 'acknowledge')).body.acknowledgement.state).toBe('acknowledged');
  });

  it('撤销 takes a declined task out of its assignment; the same cancel again answers the same', async () => {
    const { assignmentId, task } = await assign(CARE_FUND, 'k2');
    const k2 = task.k2!;
    expect(await post(api, k2.id, 'cancel')).toMatchObject({ status: 409, body: { error: { code: 'not_allowed' } } });
    expect((await post(staffOf('k2'), k2.id, 'decline', { reason: '已由市局直接办理' })).status).toBe(200);
    const cancelled = await post(api, k2.id, 'cancel', { note: '撤销' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.acknowledgement).toMatchObject({ state: 'cancelled', decidedBy: '市领导', note: '撤销' });
    expect((await post(api, k2.id, 'cancel', { note: '撤销' })).headers.get('idempotent-replayed')).toBe('true');
    expect(await post(api, k2.id, 'reassign', { unitId: 'k1' })).toMatchObject({ status: 409 });
    expect((await api.get(`/api/tasks?assignmentId=${assignmentId}`)).body.total).toBe(0);
    expect((await api.get(`/api/assignments/${assignmentId}`)).body.fanOut).toMatchObject({ taskCount: 0 });
  });

  it('counts 签收 in the summary and the roll-up: on time, then unacknowledged past the window against the unit', async () => {
    const { assignmentId, task } = await assign(LEADING_GROUP, 'c1');
    expect((await post(staffOf('k1'), task.k1!.id, 'acknowledge')).status).toBe(200);

    const summary = async () => (await api.get(`/api/units/c1/summary?directiveId=${LEADING_GROUP}`)).body;
    const now = await summary();
    expect(now.acknowledgement).toMatchObject({ issued: 2, acknowledged: 1, acknowledgedOnTime: 1, awaiting: 1, overdue: 0, acknowledgementRate: 100 });
    expect(now.acknowledgement.averageHoursToAcknowledge).toBeGreaterThanOrEqual(0);
    expect(now.directives[0].acknowledgement).toEqual(now.acknowledgement);

    // Ten days on, k2's window (one working day) has passed unacknowledged: it counts against k2.
    ahead = 10 * DAY;
    try {
      const later = await summary();
      expect(later.acknowledgement).toMatchObject({ issued: 2, acknowledgedOnTime: 1, awaiting: 0, overdue: 1, acknowledgementRate: 50 });
      const byUnit = Object.fromEntries(later.ranking.map((r: { unitId: string; acknowledgement: unknown }) => [r.unitId, r.acknowledgement]));
      expect(byUnit.k1).toMatchObject({ issued: 1, acknowledgedOnTime: 1, acknowledgementRate: 100 });
      expect(byUnit.k2).toMatchObject({ issued: 1, overdue: 1, acknowledgementRate: 0, averageHoursToAcknowledge: null });
      const tree = (await api.get(`/api/assignments/${assignmentId}/rollup?depth=1`)).body.tree;
      expect(tree.acknowledgement).toEqual(later.acknowledgement);
      expect(Object.fromEntries(tree.children.map((c: { unitId: string; acknowledgement: unknown }) => [c.unitId, c.acknowledgement]))).toEqual(byUnit);
    } finally {
      ahead = 0;
    }
  });
});
