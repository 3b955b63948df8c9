import { DateTime } from 'luxon';
import type { NotificationRequest } from './notification';
import { ZONE } from './time';

export interface RenderContext {
  /** The unit whose work it is (承办单位). */
  unitName: string;
  directiveTitle: string;
  /** Where the message goes: the unit itself, its parent's supervisor, or the assigning leader's unit. */
  recipientUnitName: string;
}

export interface RenderedNotification {
  title: string;
  /** Markdown, as both group robots render it; plain enough to read as text in the inbox. */
  text: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Shanghai wall-clock time, as people read a deadline: 'YYYY-MM-DD HH:mm'. */
export function wallClock(instant: number): string {
  return DateTime.fromMillis(instant, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
}

const deadline = (at: number | undefined) => (at === undefined ? '' : `截止时间：${wallClock(at)}。`);
const byWhom = (by: string | undefined) => (by ? `（${by}）` : '');
const because = (reason: string | undefined) => (reason ? `理由：${reason}。` : '');

/** The Chinese wording of each kind of notification; pure, so the same request always reads the same. */
export function renderNotification(req: NotificationRequest, ctx: RenderContext): RenderedNotification {
  // A petition case's notice is about the case and its clock (信访事项 XF-1 受理期限), which the reader must act on;
  // the directive behind every case (「接访、约访、下访、督访」) tells them nothing.
  const what = req.subjectType === 'petitionCase' ? `信访事项 ${req.subjectId}${req.reason ? ` ${req.reason}` : ''}` : `「${ctx.directiveTitle}」`;
  const named = req.subjectType === 'petitionCase' ? what : ctx.directiveTitle;
  const work = `${ctx.unitName}承办的${what}`;
  switch (req.kind) {
    case 'reminder':
      return {
        title: `临期提醒：${named}`,
        text: `${work}将于 ${req.dueAt === undefined ? '近期' : wallClock(req.dueAt)} 到期，尚未办结，请抓紧办理、按期完成。`,
      };
    case 'progressCheck': {
      const progress = req.progress ? `当前进度 ${req.progress.done}/${req.progress.total}，` : '';
      return {
        title: `进度提醒：${ctx.directiveTitle}`,
        text: `${work}${progress}落后于序时进度，请加快推进。${deadline(req.dueAt)}`,
      };
    }
    case 'urge':
      return {
        title: `催办：${ctx.directiveTitle}`,
        text: `${req.by ?? '督办人员'}对${work}进行催办${req.reason ? `：${req.reason}` : ''}。请尽快办理并反馈。${deadline(req.dueAt)}`,
      };
    case 'overdue':
      return {
        title: `逾期：${ctx.unitName}${what}`,
        text:
          `致${ctx.recipientUnitName}督办人员：${work}` +
          `${req.dueAt === undefined ? '' : `已于 ${wallClock(req.dueAt)} 到期，`}仍未办结，已逾期。请督促落实。`,
      };
    case 'escalation': {
      const days = req.dueAt === undefined ? undefined : Math.floor((req.at - req.dueAt) / DAY_MS);
      return {
        title: `逾期升级：${ctx.unitName}${what}`,
        text:
          `致${ctx.recipientUnitName}领导：${work}` +
          `${req.dueAt === undefined ? '' : `于 ${wallClock(req.dueAt)} 到期，`}` +
          `至 ${wallClock(req.at)} 仍未办结${days === undefined ? '' : `，已逾期 ${days} 天`}。请关注。`,
      };
    }
    case 'extensionRequested':
      return {
        title: `延期申请：${ctx.unitName}「${ctx.directiveTitle}」`,
        text:
          `致${ctx.recipientUnitName}领导：${ctx.unitName}${byWhom(req.by)}申请将「${ctx.directiveTitle}」的办理期限` +
          `${req.dueAt === undefined ? '' : `由 ${wallClock(req.dueAt)} `}` +
          `延至 ${req.newDueAt === undefined ? '（未填写）' : wallClock(req.newDueAt)}。${because(req.reason)}请审批。`,
      };
    case 'extensionApproved':
      return {
        title: `延期已批准：${ctx.directiveTitle}`,
        text:
          `${work}的延期申请已获批准${byWhom(req.by)}，` +
          `新的办理期限为 ${req.newDueAt === undefined ? '（未变更）' : wallClock(req.newDueAt)}。${because(req.reason)}`,
      };
    case 'extensionRejected':
      return {
        title: `延期已驳回：${ctx.directiveTitle}`,
        text:
          `${work}的延期申请未获批准${byWhom(req.by)}。${because(req.reason)}` +
          `请按原期限${req.dueAt === undefined ? '' : ` ${wallClock(req.dueAt)} `}完成。`,
      };
    case 'returned':
      return {
        title: `退回重办：${ctx.directiveTitle}`,
        text: `${work}的办理结果被退回重办${byWhom(req.by)}。${because(req.reason)}请整改后重新提交。${deadline(req.dueAt)}`,
      };
    case 'acknowledgementReminder':
      return {
        title: `签收提醒：${ctx.directiveTitle}`,
        text: `${work}已超过签收时限仍未签收，请及时签收；如非本单位职责，请回退并说明理由。${deadline(req.dueAt)}`,
      };
    case 'declined':
      return {
        title: `回退：${ctx.unitName}「${ctx.directiveTitle}」`,
        text:
          `致${ctx.recipientUnitName}领导：${ctx.unitName}${byWhom(req.by)}认为「${ctx.directiveTitle}」交办有误，已回退。` +
          `${because(req.reason)}请重新交办或撤销。`,
      };
    default: {
      // A new kind must get its own wording here; the compiler points to this line until it does.
      const unknown: never = req.kind;
      throw new Error(`no wording for notification kind ${String(unknown)}`);
    }
  }
}
