import { MockActivityEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationActivities } from '../../activities/notifications';
import type { NotificationRequest } from '../../domain/notification';
import type { ReadModel } from '../../readmodel';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const DUE = at('2027-03-31T23:59:59.999+08:00');

describe('the notification inbox over HTTP, on a real worker and API', () => {
  let stack: Stack;
  let readModel: ReadModel;
  let api: Api;
  const ids: Record<string, string> = {};

  const request = (key: string, extra: Partial<NotificationRequest>): NotificationRequest => ({
    key,
    kind: 'reminder',
    subjectId: 'n1.v1',
    subjectType: 'task',
    unitId: 'v1',
    directiveId: 'care-fund-establishment',
    at: at('2027-03-28T09:00:00+08:00'),
    dueAt: DUE,
    ...extra,
  });

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    ({ readModel, api } = stack);
    // Recorded the way the worker records them: through the notify activity, oldest first.
    const { notify } = createNotificationActivities({ readModel });
    const env = new MockActivityEnvironment();
    const requests: Array<[string, NotificationRequest]> = [
      ['r1', request('reminder-7d@2027-03-31', { at: at('2027-03-24T09:00:00+08:00') })],
      ['r2', request('reminder-3d@2027-03-31', {})],
      ['r3', request('reminder-3d@2027-03-31', { subjectId: 'n1.v2', unitId: 'v2' })],
      ['u1', request('urge-1', { kind: 'urge', by: '王科长', reason: '本周内上报' })],
      ['o1', request('overdue', { kind: 'overdue', at: DUE })],
      ['e1', request('escalation', { kind: 'escalation', at: at('2027-04-10T09:00:00+08:00') })],
      // 甲县's own task: a reminder to its staff; the escalation above goes to its leader, in the same unit.
      ['k1', request('reminder-3d@2027-03-31', { subjectId: 'n1.k1', unitId: 'k1' })],
    ];
    for (const [name, req] of requests) ids[name] = (await env.run<[NotificationRequest], { id: string }, typeof notify>(notify, req)).id;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists a unit’s inbox newest first, with the total and Shanghai times', async () => {
    const res = await api.get('/api/notifications?unitId=v1&role=staff');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, limit: 100, offset: 0, role: 'staff' });
    expect(res.body.notifications.map((n: { id: string }) => n.id)).toEqual([ids.u1, ids.r2, ids.r1]);
    expect(res.body.notifications[1]).toEqual({
      id: 'task:n1.v1:reminder-3d@2027-03-31',
      kind: 'reminder',
      subjectType: 'task',
      subjectId: 'n1.v1',
      unitId: 'v1',
      directiveId: 'care-fund-establishment',
      recipient: { role: 'staff', unitId: 'v1' },
      title: '临期提醒：县区关爱基金年底前成立',
      text: expect.stringContaining('2027-03-31 23:59'),
      at: '2027-03-28T09:00:00.000+08:00',
      dueAt: '2027-03-31T23:59:59.999+08:00',
      webhook: null,
    });
  });

  it('filters by role, kind, subject and unread, and pages', async () => {
    const supervisor = (await api.get('/api/notifications?unitId=t1&role=supervisor')).body;
    expect(supervisor.notifications.map((n: { id: string }) => n.id)).toEqual([ids.o1]);
    expect(supervisor.notifications[0].recipient).toEqual({ role: 'supervisor', unitId: 't1' });

    // Without unitId a reader gets their own unit's inbox: the county leader's holds the escalation.
    const leader = (await api.as({ role: 'leader', unitId: 'k1' }).get('/api/notifications?role=leader')).body;
    expect(leader.notifications.map((n: { id: string }) => n.id)).toEqual([ids.e1]);
    // No assignment: the leader sits two levels up, at the county.
    expect(leader.notifications[0].recipient).toEqual({ role: 'leader', unitId: 'k1' });

    // v1's inbox holds two reminders and the urge.
    const reminders = (await api.as({ role: 'staff', unitId: 'v1' }).get('/api/notifications?kind=reminder')).body;
    expect(reminders.total).toBe(2);
    expect(reminders.notifications.map((n: { id: string }) => n.id)).toEqual([ids.r2, ids.r1]);
    expect((await api.get('/api/notifications?unitId=v2&role=staff&subjectId=n1.v2')).body.notifications.map((n: { id: string }) => n.id)).toEqual([ids.r3]);
    expect((await api.get('/api/notifications?unitId=v1&subjectId=n1.v2')).body.total).toBe(0);
    expect((await api.get('/api/notifications?unitId=v1&role=supervisor')).body.total).toBe(0);

    const page = (await api.get('/api/notifications?unitId=v1&role=staff&limit=2&offset=1')).body;
    expect(page).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.notifications.map((n: { id: string }) => n.id)).toEqual([ids.r2, ids.r1]);
  });

  it('marks read once: repeating it keeps the first time, and unread filters follow', async () => {
    const path = `/api/notifications/${encodeURIComponent(ids.r1!)}/read`;
    // Marked read by its recipients: the staff of v1.
    const staff = api.as({ role: 'staff', unitId: 'v1' });
    const first = await staff.post(path);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: ids.r1, readAt: expect.stringMatching(/\+08:00$/) });

    await new Promise((r) => setTimeout(r, 5));
    const again = await staff.post(path);
    expect(again.status).toBe(200);
    expect(again.body.readAt).toBe(first.body.readAt);

    const unread = (await staff.get('/api/notifications?unread=true')).body;
    expect(unread.notifications.map((n: { id: string }) => n.id)).toEqual([ids.u1, ids.r2]);
    const read = (await staff.get('/api/notifications?unread=false')).body;
    expect(read).toMatchObject({ total: 1, notifications: [{ id: ids.r1, readAt: first.body.readAt }] });
  });

  it('shows by default what is addressed to the reader’s role: staff do not get their leader’s escalations', async () => {
    const staff = (await api.as({ role: 'staff', unitId: 'k1' }).get('/api/notifications')).body;
    expect(staff).toMatchObject({ total: 1, role: 'staff' });
    expect(staff.notifications.map((n: { id: string }) => n.id)).toEqual([ids.k1]);
    const leader = (await api.as({ role: 'leader', unitId: 'k1' }).get('/api/notifications')).body;
    expect(leader.notifications.map((n: { id: string }) => n.id)).toEqual([ids.e1]);
    // The supervisor of 东镇 (t1) gets the overdue notice of its village's task, by default.
    const supervisor = (await api.as({ role: 'supervisor', unitId: 't1' }).get('/api/notifications')).body;
    expect(supervisor.notifications.map((n: { id: string }) => n.id)).toEqual([ids.o1]);
    // Every role's, when asked for.
    const all = (await api.as({ role: 'staff', unitId: 'k1' }).get('/api/notifications?role=all')).body;
    expect(all).toMatchObject({ total: 2, role: 'all' });
    expect(all.notifications.map((n: { id: string }) => n.id)).toEqual([ids.k1, ids.e1]);
  });

  it('keeps read marks per person: one colleague reading does not mark it read for the other', async () => {
    const zhang = api.as({ role: 'staff', unitId: 'v1', name: '张专干' });
    const li = api.as({ role: 'staff', unitId: 'v1', name: '李专干' });
    const path = `/api/notifications/${encodeURIComponent(ids.r2!)}/read`;
    const marked = await zhang.post(path);
    expect(marked).toMatchObject({ status: 200, body: { id: ids.r2, readAt: expect.stringMatching(/\+08:00$/) } });

    const unreadIds = async (who: Api) => (await who.get('/api/notifications?unread=true')).body.notifications.map((n: { id: string }) => n.id);
    expect(await unreadIds(zhang)).not.toContain(ids.r2);
    expect(await unreadIds(li)).toContain(ids.r2);
    const seenByLi = (await li.get(`/api/notifications?subjectId=n1.v1&kind=reminder`)).body.notifications.find((n: { id: string }) => n.id === ids.r2);
    expect(seenByLi.readAt).toBeUndefined();

    // Li reads it too: a mark, and an audit entry, of Li's own.
    expect((await li.post(path)).status).toBe(200);
    expect(await unreadIds(li)).not.toContain(ids.r2);
    const trail = (await readModel.audit.ofSubject('notification', ids.r2!, { limit: 10, offset: 0 })).entries.map((e) => e.actor.name);
    expect(trail).toEqual(['张专干', '李专干']);
  });

  it.each([
    ['kind=soon', 'kind'],
    ['role=mayor', 'role'],
    ['unread=yes', 'unread'],
    ['limit=0', 'limit'],
    ['offset=-1', 'offset'],
    ['unitId=a%20b', 'unitId'],
    ['kind=reminder&kind=urge', 'kind'],
    ['colour=red', 'colour'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await api.get(`/api/notifications?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });

  it('answers 404 for an unknown notification or unit', async () => {
    const res = await api.post(`/api/notifications/${encodeURIComponent('task:nope:reminder')}/read`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect((await api.get('/api/notifications?unitId=nowhere')).status).toBe(404);
  });
});
