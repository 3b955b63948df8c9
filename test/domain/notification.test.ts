import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { audienceOf, NOTIFICATION_KINDS, notificationId, type NotificationKind, type NotificationRequest } from '../../domain/notification';
import { renderNotification, wallClock } from '../../domain/notification-render';
import { ZONE } from '../../domain/time';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();

const DUE = at('2027-03-31T23:59:59.999+08:00');
const ctx = { unitName: '东河村委会', directiveTitle: '成立关爱基金', recipientUnitName: '甲县东镇' };

const request = (kind: NotificationKind, extra: Partial<NotificationRequest> = {}): NotificationRequest => ({
  key: `${kind}-1`,
  kind,
  subjectId: 'a1.v1',
  subjectType: 'task',
  unitId: 'v1',
  directiveId: 'care-fund-establishment',
  assignmentId: 'a1',
  at: at('2027-03-28T09:00:00+08:00'),
  dueAt: DUE,
  ...extra,
});

describe('who hears of what', () => {
  it.each([
    ['reminder', 'unit', 'staff'],
    ['progressCheck', 'unit', 'staff'],
    ['urge', 'unit', 'staff'],
    ['overdue', 'parent', 'supervisor'],
    ['escalation', 'leader', 'leader'],
    ['extensionRequested', 'leader', 'leader'],
    ['extensionApproved', 'unit', 'staff'],
    ['extensionRejected', 'unit', 'staff'],
    ['returned', 'unit', 'staff'],
    ['acknowledgementReminder', 'unit', 'staff'],
    ['declined', 'issuer', 'leader'],
  ] as const)('%s goes to %s (%s)', (kind, audience, role) => {
    expect(audienceOf(kind)).toEqual({ audience, role });
  });

  it('covers every kind', () => {
    expect(NOTIFICATION_KINDS).toHaveLength(11);
  });

  it('names a notification by its subject and key', () => {
    expect(notificationId(request('urge'))).toBe('task:a1.v1:urge-1');
  });
});

describe('rendering', () => {
  it('shows instants as Shanghai wall-clock time, whatever the server zone', () => {
    expect(wallClock(DUE)).toBe('2027-03-31 23:59');
    // 16:30 UTC is already the next day in Shanghai.
    expect(wallClock(at('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30');
    expect(DateTime.fromMillis(DUE, { zone: ZONE }).offset).toBe(480);
  });

  it.each(NOTIFICATION_KINDS)('%s names the unit and the directive, in Chinese', (kind) => {
    const { title, text } = renderNotification(request(kind, { newDueAt: at('2027-04-30T23:59:59.999+08:00') }), ctx);
    expect(title).toContain('成立关爱基金');
    expect(`${title}${text}`).toContain('东河村委会');
    expect(text).toContain('成立关爱基金');
    expect(text).not.toMatch(/undefined|NaN/);
  });

  it('reminds before the deadline with its Shanghai time', () => {
    const { title, text } = renderNotification(request('reminder'), ctx);
    expect(title).toBe('临期提醒：成立关爱基金');
    expect(text).toContain('2027-03-31 23:59');
    expect(text).toContain('到期');
  });

  it('checks progress with done/total', () => {
    const { title, text } = renderNotification(request('progressCheck', { progress: { done: 4, total: 12 } }), ctx);
    expect(title).toContain('进度提醒');
    expect(text).toContain('4/12');
  });

  it('says who urged and what they said', () => {
    const { title, text } = renderNotification(request('urge', { by: '王科长', reason: '本周内上报进展' }), ctx);
    expect(title).toContain('催办');
    expect(text).toContain('王科长');
    expect(text).toContain('本周内上报进展');
  });

  it('tells the parent unit’s supervisor of an overdue task', () => {
    const { title, text } = renderNotification(request('overdue', { at: DUE }), ctx);
    expect(title).toContain('逾期');
    expect(text).toContain('致甲县东镇督办人员');
    expect(text).toContain('2027-03-31 23:59');
  });

  it('escalates to the leader with the days overdue', () => {
    const leaderCtx = { ...ctx, recipientUnitName: '测试市' };
    const { title, text } = renderNotification(request('escalation', { at: at('2027-04-10T09:00:00+08:00') }), leaderCtx);
    expect(title).toContain('逾期升级');
    expect(text).toContain('致测试市领导');
    expect(text).toContain('已逾期 9 天');
    expect(text).toContain('2027-04-10 09:00');
  });

  it('names a petition case and its clock with the due date, not the directive behind every case', () => {
    const petition = request('escalation', {
      subjectType: 'petitionCase',
      subjectId: '延信2026第12号',
      directiveId: 'petition-four-modes',
      reason: '受理期限',
      at: at('2027-04-10T09:00:00+08:00'),
    });
    const { title, text } = renderNotification(petition, { ...ctx, directiveTitle: '接访、约访、下访、督访', recipientUnitName: '测试市' });
    expect(title).toBe('逾期升级：东河村委会信访事项 延信2026第12号 受理期限');
    expect(text).toContain('信访事项 延信2026第12号 受理期限于 2027-03-31 23:59 到期');
    expect(`${title}${text}`).not.toContain('接访');
  });

  it('asks the leader for an extension with the reason and the date asked for', () => {
    const req = request('extensionRequested', { by: '李主任', reason: '资金待县财政拨付', newDueAt: at('2027-04-30T23:59:59.999+08:00') });
    const { title, text } = renderNotification(req, { ...ctx, recipientUnitName: '测试市' });
    expect(title).toContain('延期申请');
    expect(text).toContain('资金待县财政拨付');
    expect(text).toContain('2027-04-30 23:59');
    expect(text).toContain('2027-03-31 23:59');
    expect(text).toContain('李主任');
  });

  it('answers an extension: approved with the new date, rejected with the reason', () => {
    const approved = renderNotification(request('extensionApproved', { newDueAt: at('2027-04-30T23:59:59.999+08:00') }), ctx);
    expect(approved.title).toContain('延期已批准');
    expect(approved.text).toContain('2027-04-30 23:59');
    const rejected = renderNotification(request('extensionRejected', { reason: '时间节点不能后移' }), ctx);
    expect(rejected.title).toContain('延期已驳回');
    expect(rejected.text).toContain('时间节点不能后移');
    expect(rejected.text).toContain('2027-03-31 23:59');
  });

  it('sends work back with the reason', () => {
    const { title, text } = renderNotification(request('returned', { by: '张科长', reason: '缺少会议纪要' }), ctx);
    expect(title).toContain('退回重办');
    expect(text).toContain('缺少会议纪要');
    expect(text).toContain('张科长');
  });

  it('reminds a unit to acknowledge (签收) or send back, with the task’s deadline', () => {
    const { title, text } = renderNotification(request('acknowledgementReminder'), ctx);
    expect(title).toBe('签收提醒：成立关爱基金');
    expect(text).toContain('未签收');
    expect(text).toContain(wallClock(DUE));
  });

  it('tells the issuing leader of a 回退 with who sent it back and why', () => {
    const { title, text } = renderNotification(request('declined', { by: '东河村专干', reason: '本村无此类对象' }), ctx);
    expect(title).toContain('回退');
    expect(text).toContain('致甲县东镇领导');
    expect(text).toContain('东河村专干');
    expect(text).toContain('本村无此类对象');
    expect(text).toContain('重新交办或撤销');
  });
});
