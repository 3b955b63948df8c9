import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNotificationActivities, WEBHOOK_MAX_ATTEMPTS } from '../../activities/notifications';
import type { NotificationRequest } from '../../domain/notification';
import type { WebhookConfig } from '../../platform/webhook';
import type { ReadModel } from '../../readmodel';
import { SMALL_ORG } from '../support/org';
import { tempReadModel, uniqueId } from '../support/temporal';

interface Received {
  path: string;
  query: URLSearchParams;
  body: any;
}

/** A stand-in group robot on 127.0.0.1: records what it is sent and answers as told (by default, errcode 0). */
class Receiver {
  readonly received: Received[] = [];
  /** Answers to give, first to last; when empty, success. */
  readonly answers: Array<{ status: number; body: unknown }> = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let data = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (data += chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        this.received.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(data) });
        const answer = this.answers.shift() ?? { status: 200, body: { errcode: 0, errmsg: 'ok' } };
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((ready) => this.server.listen(0, '127.0.0.1', ready));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.received.length = 0;
    this.answers.length = 0;
  }

  stop(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }
}

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const DUE = at('2027-03-31T23:59:59.999+08:00');
const NOW = at('2027-03-28T09:00:05+08:00');

describe('notification activities against a real read model and a local robot', () => {
  const robot = new Receiver();
  let readModel: ReadModel;

  beforeAll(async () => {
    await robot.start();
    readModel = await tempReadModel(SMALL_ORG);
    await readModel.tasks.registerAssignment(
      { id: 'a1', directiveId: 'care-fund-establishment', scopeUnitId: 'k1', targetLevel: 'village', dueAt: DUE, createdAt: NOW, taskCount: 2 },
      [
        { taskId: 'a1.v1', unitId: 'v1', unitPath: '/c1/k1/t1/v1/' },
        { taskId: 'a1.v2', unitId: 'v2', unitPath: '/c1/k1/t1/v2/' },
      ],
      [{ id: 'brief', title: '汇报' }],
    );
  });

  afterAll(async () => {
    await readModel?.close();
    await robot.stop();
  });

  beforeEach(() => robot.reset());

  const request = (extra: Partial<NotificationRequest> = {}): NotificationRequest => ({
    key: uniqueId('reminder-3d@'),
    kind: 'reminder',
    subjectId: 'a1.v1',
    subjectType: 'task',
    unitId: 'v1',
    directiveId: 'care-fund-establishment',
    assignmentId: 'a1',
    at: at('2027-03-28T09:00:00+08:00'),
    dueAt: DUE,
    ...extra,
  });

  const activities = (webhook?: WebhookConfig) =>
    createNotificationActivities({ readModel, now: () => NOW, ...(webhook ? { webhook } : {}) });

  /** Runs an activity as Temporal would on the given attempt; the failures these tests provoke are not logged. */
  const onAttempt = (attempt: number) => {
    const env = new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });
    // run() cannot infer the result type from the function alone, so it is given.
    return { run: <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A) => env.run<A, R, typeof fn>(fn, ...args) };
  };

  it('records in the inbox, addressed to the unit, worded in Chinese, and nothing to deliver without a robot', async () => {
    const { notify } = activities();
    const result = await onAttempt(1).run(notify, request());
    expect(result.deliver).toBe(false);
    const stored = (await readModel.notifications.get(result.id))!;
    expect(stored).toMatchObject({
      kind: 'reminder',
      unitId: 'v1',
      recipientRole: 'staff',
      recipientUnitId: 'v1',
      title: '临期提醒：县区关爱基金年底前成立',
      dueAt: DUE,
      createdAt: NOW,
      webhook: null,
    });
    expect(stored.text).toContain('东河村委会');
    expect(stored.text).toContain('2027-03-31 23:59');
  });

  it('resolves the parent unit for an overdue task, and itself at the root', async () => {
    const { notify } = activities();
    const overdue = await onAttempt(1).run(notify, request({ kind: 'overdue', key: uniqueId('overdue') }));
    expect(await readModel.notifications.get(overdue.id)).toMatchObject({ recipientRole: 'supervisor', recipientUnitId: 't1' });
    expect((await readModel.notifications.get(overdue.id))!.text).toContain('致甲县东镇督办人员');

    const atRoot = await onAttempt(1).run(notify, request({ kind: 'overdue', key: uniqueId('overdue'), unitId: 'c1', subjectId: 'x.c1' }));
    expect((await readModel.notifications.get(atRoot.id))!.recipientUnitId).toBe('c1');
  });

  it('resolves the leader: the assignment’s scope unit, else two levels up, else the highest ancestor', async () => {
    const { notify } = activities();
    const byScope = await onAttempt(1).run(notify, request({ kind: 'escalation', key: uniqueId('escalation') }));
    expect(await readModel.notifications.get(byScope.id)).toMatchObject({ recipientRole: 'leader', recipientUnitId: 'k1' });
    expect((await readModel.notifications.get(byScope.id))!.text).toContain('致甲县领导');

    const noAssignment = request({ kind: 'extensionRequested', key: uniqueId('ext'), assignmentId: undefined, subjectType: 'petitionCase' });
    const grandparent = await onAttempt(1).run(notify, noAssignment);
    expect((await readModel.notifications.get(grandparent.id))!.recipientUnitId).toBe('k1');

    const county = await onAttempt(1).run(notify, { ...noAssignment, key: uniqueId('ext'), unitId: 'k2' });
    expect((await readModel.notifications.get(county.id))!.recipientUnitId).toBe('c1');
  });

  it('posts the DingTalk markdown body, signed with 加签', async () => {
    const secret = 'SEC0123456789abcdef';
    const { notify, deliverNotification } = activities({ url: `${robot.url}/robot/send?access_token=t0k`, format: 'dingtalk', secret });
    const req = request();
    const { id, deliver } = await onAttempt(1).run(notify, req);
    expect(deliver).toBe(true);
    expect((await readModel.notifications.get(id))!.webhook).toEqual({ status: 'pending', attempts: 0 });

    const before = Date.now();
    await onAttempt(1).run(deliverNotification, id);
    expect(robot.received).toHaveLength(1);
    const [sent] = robot.received;
    expect(sent!.path).toBe('/robot/send');
    expect(sent!.query.get('access_token')).toBe('t0k');
    expect(sent!.body).toEqual({
      msgtype: 'markdown',
      markdown: { title: '临期提醒：县区关爱基金年底前成立', text: expect.stringContaining('2027-03-31 23:59') },
    });
    expect(sent!.body.markdown.text).toMatch(/^#### 临期提醒/);

    // The robot checks the signature against its own clock, so it is made for the real time, not the activity's `now`.
    const timestamp = sent!.query.get('timestamp')!;
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(Date.now());
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(sent!.query.get('sign')).toBe(expected);

    expect((await readModel.notifications.get(id))!.webhook).toEqual({ status: 'delivered', attempts: 1 });
    await onAttempt(2).run(deliverNotification, id);
    expect(robot.received).toHaveLength(1);
    expect((await onAttempt(1).run(notify, req)).deliver).toBe(false);
  });

  it('posts the WeCom markdown body, unsigned', async () => {
    const { notify, deliverNotification } = activities({ url: `${robot.url}/cgi-bin/webhook/send?key=k3y`, format: 'wecom' });
    const { id } = await onAttempt(1).run(notify, request({ kind: 'urge', key: uniqueId('urge'), by: '王科长', reason: '本周内上报' }));
    await onAttempt(1).run(deliverNotification, id);
    const [sent] = robot.received;
    expect(sent!.query.get('key')).toBe('k3y');
    expect(sent!.query.has('sign')).toBe(false);
    expect(sent!.body).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('王科长') } });
    expect(sent!.body.markdown.content).toMatch(/^#### 催办：县区关爱基金年底前成立\n\n/);
  });

  it('throws on a refusal so Temporal retries, and a later attempt delivers', async () => {
    const { notify, deliverNotification } = activities({ url: `${robot.url}/robot/send`, format: 'dingtalk' });
    const { id } = await onAttempt(1).run(notify, request());
    robot.answers.push({ status: 200, body: { errcode: 310000, errmsg: 'sign not match' } }, { status: 502, body: { error: 'bad gateway' } });

    await expect(onAttempt(1).run(deliverNotification, id)).rejects.toThrow(/errcode 310000 sign not match/);
    expect((await readModel.notifications.get(id))!.webhook).toEqual({ status: 'pending', attempts: 1, error: 'robot refused the message: errcode 310000 sign not match' });

    await expect(onAttempt(2).run(deliverNotification, id)).rejects.toThrow(/HTTP 502/);
    expect((await readModel.notifications.get(id))!.webhook).toMatchObject({ status: 'pending', attempts: 2, error: expect.stringContaining('502') });

    await onAttempt(3).run(deliverNotification, id);
    expect((await readModel.notifications.get(id))!.webhook).toEqual({ status: 'delivered', attempts: 3 });
    expect(robot.received).toHaveLength(3);
  });

  it('gives up quietly on the final attempt: failed, still in the inbox', async () => {
    const { notify, deliverNotification } = activities({ url: `${robot.url}/robot/send`, format: 'wecom' });
    const req = request();
    const { id } = await onAttempt(1).run(notify, req);
    robot.answers.push({ status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } });
    await expect(onAttempt(WEBHOOK_MAX_ATTEMPTS).run(deliverNotification, id)).resolves.toBeUndefined();
    expect((await readModel.notifications.get(id))!.webhook).toEqual({ status: 'failed', attempts: 1, error: expect.stringContaining('45009') });
    expect((await readModel.notifications.list({ subjectId: 'a1.v1', limit: 1000, offset: 0 })).notifications.map((n) => n.id)).toContain(id);

    // Nothing is due any more, and a stray retry does not post again.
    expect((await onAttempt(1).run(notify, req)).deliver).toBe(false);
    await onAttempt(1).run(deliverNotification, id);
    expect(robot.received).toHaveLength(1);
  });

  it('cannot reach the robot: the cause is recorded', async () => {
    const closed = new Receiver();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const { notify, deliverNotification } = activities({ url, format: 'dingtalk' });
    const { id } = await onAttempt(1).run(notify, request());
    await expect(onAttempt(1).run(deliverNotification, id)).rejects.toThrow(/robot not reached/);
    expect((await readModel.notifications.get(id))!.webhook).toMatchObject({ status: 'pending', attempts: 1, error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('is idempotent: the same request twice is one row and one delivery', async () => {
    const { notify, deliverNotification } = activities({ url: `${robot.url}/robot/send`, format: 'dingtalk' });
    const req = request({ kind: 'urge', key: uniqueId('urge'), by: '王科长' });
    const first = await onAttempt(1).run(notify, req);
    const second = await onAttempt(2).run(notify, req);
    expect(second).toEqual(first);
    // A replayed or retried workflow may ask to deliver it again; only the pending copy is posted.
    await onAttempt(1).run(deliverNotification, first.id);
    await onAttempt(1).run(deliverNotification, second.id);
    expect(robot.received).toHaveLength(1);
    expect((await readModel.notifications.list({ subjectId: 'a1.v1', kind: 'urge', limit: 1000, offset: 0 })).notifications.filter((n) => n.id === first.id)).toHaveLength(1);
  });

  it('refuses a request for an unknown unit without retrying', async () => {
    const { notify } = activities();
    await expect(onAttempt(1).run(notify, request({ unitId: 'nope' }))).rejects.toMatchObject({ type: 'UnknownUnit', nonRetryable: true });
  });
});

describe('the inbox store', () => {
  it('counts per kind and Shanghai month, within [from, to)', async () => {
    const readModel = await tempReadModel(SMALL_ORG);
    const base = {
      subjectType: 'task' as const,
      subjectId: 'a9.v1',
      unitId: 'v1',
      directiveId: 'care-fund-establishment',
      recipientRole: 'staff' as const,
      recipientUnitId: 'v1',
      title: 't',
      text: 'x',
      createdAt: NOW,
      webhookPending: false,
    };
    const rows: Array<[string, 'reminder' | 'escalation', string]> = [
      ['r1', 'reminder', '2027-01-15T10:00:00+08:00'],
      // 16:30 UTC on 31 Jan is already February in Shanghai.
      ['r2', 'reminder', '2027-01-31T16:30:00Z'],
      ['e1', 'escalation', '2027-02-10T10:00:00+08:00'],
      ['r3', 'reminder', '2027-02-28T23:59:59.999+08:00'],
      ['late', 'reminder', '2027-03-01T00:00:00+08:00'],
      ['early', 'reminder', '2026-12-31T23:59:59.999+08:00'],
    ];
    for (const [id, kind, when] of rows) expect(await readModel.notifications.record({ ...base, id, kind, at: at(when) })).toBe(true);
    expect(await readModel.notifications.record({ ...base, id: 'r1', kind: 'reminder', at: at('2027-01-15T10:00:00+08:00') })).toBe(false);

    expect(await readModel.notifications.countsBy({ from: at('2027-01-01T00:00:00+08:00'), to: at('2027-03-01T00:00:00+08:00') })).toEqual([
      { month: '2027-01', kind: 'reminder', count: 1 },
      { month: '2027-02', kind: 'escalation', count: 1 },
      { month: '2027-02', kind: 'reminder', count: 2 },
    ]);
    await readModel.close();
  });
});
