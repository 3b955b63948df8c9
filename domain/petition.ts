import { DateTime } from 'luxon';
import { shiftOffDaysOff } from './calendar';
import { LIBRARY_CALENDAR, type WorkCalendar } from './work-calendar';
import { endOfDay, ZONE } from './time';
import { caseIdKey } from './petition-id';

/**
 * Petition cases (信访, 一人一事) and their statutory clocks under 《信访工作条例》 (2022). Pure, so the case
 * workflow, the ledger import and the API all count days the same way.
 *
 * Day counting, chosen here once: every limit is in calendar days (the 条例 says 日 — 15日 受理告知, 60日 办结,
 * 30日 延期, 30日 复查/复核 — and 工作日 nowhere for these clocks); the day the clock starts is not counted (民法典
 * 第二百零一条) and the deadline is the end of the Nth Shanghai calendar day after it (23:59:59.999 +08:00). The
 * 条例 has no counting rule of its own, so a last day that is a day off moves to the next working day as every
 * Chinese period does (民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日;
 * 民事诉讼法's 期间 article likewise, applied to administrative cases by 行政诉讼法 第一百零一条): a clock due on
 * 2026-10-04, inside the 国庆 break, ends on 2026-10-08 — see clockDue.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a case stands; each stage follows from the facts recorded so far (see stageOf). */
export const PETITION_STAGES = [
  'registered', // 登记, awaiting the decision to accept 待受理
  'accepted', // 受理, being handled 办理中
  'replied', // 已答复 (书面答复意见)
  'reviewRequested', // 复查中: the petitioner asked for a review 复查
  'reviewed', // 已复查
  'reReviewRequested', // 复核中
  'reReviewed', // 已复核: final, the same facts are not accepted again
  'closed', // 已办结 / 不予受理告知 / 息诉罢访
] as const;
export type PetitionStage = (typeof PETITION_STAGES)[number];

export const STAGE_NAMES: Record<PetitionStage, string> = {
  registered: '待受理',
  accepted: '办理中',
  replied: '已答复',
  reviewRequested: '复查中',
  reviewed: '已复查',
  reReviewRequested: '复核中',
  reReviewed: '已复核',
  closed: '已办结',
};

/** The four statutory clocks; at most one runs at a time. */
export const CLOCK_KINDS = [
  'accept', // 受理: decide and tell the petitioner within 15 days of receipt
  'reply', // 办理: written reply within 60 days of acceptance, one extension 延期 of up to 30
  'review', // 复查: answer within 30 days of the request
  'reReview', // 复核: answer within 30 days of the request
] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export const CLOCK_NAMES: Record<ClockKind, string> = {
  accept: '受理期限',
  reply: '办理期限',
  review: '复查期限',
  reReview: '复核期限',
};

/**
 * The limits a case runs under. Defaults are the 条例's; an import may override them, and they travel in the case
 * workflow's input, so a running case never changes rule under it.
 */
export interface PetitionClockRules {
  acceptDays: number;
  replyDays: number;
  maxExtensionDays: number;
  reviewDays: number;
  reReviewDays: number;
  /** 临期提醒 this many days before a deadline (0: none). */
  reminderLeadDays: number;
  /** 逾期升级 to the leader this many days after a deadline passes with the clock still open. */
  escalationAfterDays: number;
  /**
   * A last day that is a day off moves to the next working day (民法典 第二百零三条). Cases started before this rule
   * carry no value and keep the deadlines they were started with.
   */
  lastDayOffMoves?: boolean;
}

export const DEFAULT_CLOCK_RULES: PetitionClockRules = {
  acceptDays: 15,
  replyDays: 60,
  maxExtensionDays: 30,
  reviewDays: 30,
  reReviewDays: 30,
  reminderLeadDays: 3,
  escalationAfterDays: 7,
  lastDayOffMoves: true,
};

/** The catalog directive the statutory clocks' notifications are filed under: F1, the handling of petitions. */
export const PETITION_DIRECTIVE_ID = 'petition-four-modes';

/** 延期: granted once, before the reply deadline, with a reason told to the petitioner. */
export interface PetitionExtension {
  days: number;
  reason: string;
  at: number;
}

/** What happened to a case and when; the stage and every clock follow from these. */
export interface PetitionFacts {
  receivedAt: number; // 登记
  acceptedAt?: number; // 受理
  repliedAt?: number; // 答复
  reviewRequestedAt?: number; // 申请复查
  reviewAnsweredAt?: number; // 复查意见
  reReviewRequestedAt?: number; // 申请复核
  reReviewAnsweredAt?: number; // 复核意见
  closedAt?: number; // 办结
  extension?: PetitionExtension;
}

/** The facts in the order they happen; a later one never comes before an earlier one. */
export const FACT_ORDER = [
  'receivedAt',
  'acceptedAt',
  'repliedAt',
  'reviewRequestedAt',
  'reviewAnsweredAt',
  'reReviewRequestedAt',
  'reReviewAnsweredAt',
] as const satisfies ReadonlyArray<keyof PetitionFacts>;
export type FactKey = (typeof FACT_ORDER)[number];

/** The stage the last fact of FACT_ORDER leads to. */
const STAGE_AFTER: Record<FactKey, PetitionStage> = {
  receivedAt: 'registered',
  acceptedAt: 'accepted',
  repliedAt: 'replied',
  reviewRequestedAt: 'reviewRequested',
  reviewAnsweredAt: 'reviewed',
  reReviewRequestedAt: 'reReviewRequested',
  reReviewAnsweredAt: 'reReviewed',
};

/** Stages a case may be closed from: none with a clock running but the accept clock (closing it: 不予受理). */
export const CLOSABLE_STAGES: readonly PetitionStage[] = ['registered', 'replied', 'reviewed', 'reReviewed'];

export function lastFact(facts: PetitionFacts): FactKey {
  let last: FactKey = 'receivedAt';
  for (const key of FACT_ORDER) if (facts[key] !== undefined) last = key;
  return last;
}

export function stageOf(facts: PetitionFacts): PetitionStage {
  return facts.closedAt !== undefined ? 'closed' : STAGE_AFTER[lastFact(facts)];
}

/** The stage the facts before closing reached: what a closed case was closed from. */
export function stageBeforeClosing(facts: PetitionFacts): PetitionStage {
  return STAGE_AFTER[lastFact(facts)];
}

/** The end of the Nth Shanghai calendar day after the day of `start` (the start day not counted). */
export function statutoryDue(start: number, days: number): number {
  return DateTime.fromMillis(start, { zone: ZONE }).plus({ days }).endOf('day').toMillis();
}

/**
 * A clock's deadline: statutoryDue, and when its last day is a day off (weekend, statutory holiday or 调休 break day
 * off, per the State Council's arrangement or, for a year not yet arranged, the days fixed by law) the end of the
 * next working day (民法典 第二百零三条, see the top of this file).
 */
export function clockDue(
  start: number,
  days: number,
  rules: Pick<PetitionClockRules, 'lastDayOffMoves'>,
  calendar: WorkCalendar = LIBRARY_CALENDAR,
): number {
  const due = statutoryDue(start, days);
  if (!rules.lastDayOffMoves) return due;
  const lastDay = DateTime.fromMillis(due, { zone: ZONE }).toISODate() as string;
  return endOfDay(shiftOffDaysOff(lastDay, 'next-working-day', calendar));
}

/** Each clock: the fact that starts it, the fact that stops it, its limit. */
const CLOCK_SPECS: Record<ClockKind, { start: FactKey; stop: FactKey; days: (r: PetitionClockRules) => number }> = {
  accept: { start: 'receivedAt', stop: 'acceptedAt', days: (r) => r.acceptDays },
  reply: { start: 'acceptedAt', stop: 'repliedAt', days: (r) => r.replyDays },
  review: { start: 'reviewRequestedAt', stop: 'reviewAnsweredAt', days: (r) => r.reviewDays },
  reReview: { start: 'reReviewRequestedAt', stop: 'reReviewAnsweredAt', days: (r) => r.reReviewDays },
};

export type ClockStatus = 'open' | 'overdue' | 'met';

export interface ClockState {
  kind: ClockKind;
  startAt: number;
  dueAt: number;
  /** The due date before the extension, for the reply clock once extended. */
  originalDueAt?: number;
  status: ClockStatus;
  metAt?: number;
  /** Met after its deadline. */
  late: boolean;
  /** When the engine marked it overdue (its deadline, or the import of a case already past it). */
  overdueAt?: number;
}

/**
 * Every clock the facts have started, in order. A clock stops at its own fact; the accept clock also stops when a
 * case is closed without being accepted (不予受理 is the decision the 15 days are for). `overdueAt` holds the marks
 * the workflow made when deadlines passed; a clock past due but not yet marked still reads as open.
 */
export function clocksOf(
  facts: PetitionFacts,
  rules: PetitionClockRules,
  overdueAt: Partial<Record<ClockKind, number>> = {},
  calendar: WorkCalendar = LIBRARY_CALENDAR,
): ClockState[] {
  const clocks: ClockState[] = [];
  for (const kind of CLOCK_KINDS) {
    const spec = CLOCK_SPECS[kind];
    const startAt = facts[spec.start];
    if (startAt === undefined) continue;
    const originalDueAt = clockDue(startAt, spec.days(rules), rules, calendar);
    const extended = kind === 'reply' && facts.extension !== undefined;
    const dueAt = extended ? clockDue(startAt, spec.days(rules) + (facts.extension as PetitionExtension).days, rules, calendar) : originalDueAt;
    const metAt = facts[spec.stop] ?? (kind === 'accept' ? facts.closedAt : undefined);
    const marked = overdueAt[kind];
    clocks.push({
      kind,
      startAt,
      dueAt,
      ...(extended ? { originalDueAt } : {}),
      status: metAt !== undefined ? 'met' : marked !== undefined ? 'overdue' : 'open',
      ...(metAt !== undefined ? { metAt } : {}),
      late: metAt !== undefined && metAt > dueAt,
      ...(marked !== undefined ? { overdueAt: marked } : {}),
    });
  }
  return clocks;
}

/** The clock still running (open or overdue), if any: only the latest started clock can be. */
export function activeClock(clocks: readonly ClockState[]): ClockState | undefined {
  const last = clocks[clocks.length - 1];
  return last && last.status !== 'met' ? last : undefined;
}

/** Why an extension cannot be granted now, or undefined when it can. */
export function extensionRefusal(
  facts: PetitionFacts,
  rules: PetitionClockRules,
  request: { days: number; reason: string },
  now: number,
  calendar: WorkCalendar = LIBRARY_CALENDAR,
): { field?: 'days' | 'reason'; message: string } | undefined {
  if (facts.closedAt !== undefined || facts.acceptedAt === undefined || facts.repliedAt !== undefined) {
    return { message: 'only a case being handled (受理后、答复前) can be extended' };
  }
  if (facts.extension !== undefined) {
    return { message: `the case was already extended once (${facts.extension.days} days); 延期 is granted only once` };
  }
  if (!Number.isInteger(request.days) || request.days < 1 || request.days > rules.maxExtensionDays) {
    return { field: 'days', message: `days: must be a whole number from 1 to ${rules.maxExtensionDays}` };
  }
  if (request.reason.trim().length === 0) {
    return { field: 'reason', message: 'reason: the petitioner must be told why; give a reason' };
  }
  const due = clockDue(facts.acceptedAt, rules.replyDays, rules, calendar);
  if (now > due) return { message: 'the reply deadline has passed; an extension must be granted before it' };
  return undefined;
}

/** A case's workflow id, from its ledger number alone: a second import meets the first workflow. */
export function petitionWorkflowId(caseId: string): string {
  return `petition/${caseIdKey(caseId)}`;
}

export function campaignWorkflowId(campaignId: string): string {
  return `petition-campaign/${campaignId}`;
}

/**
 * How long a petitioner has to ask for the next review. 《信访工作条例》(2022) 第三十五条: a petitioner who does not
 * accept the handling opinion may, within 30 days of receiving the written reply (自收到书面答复之日起30日内), ask the
 * next level up of the body that handled it (原办理机关、单位的上一级机关、单位) for a 复查; 第三十六条: one who does
 * not accept the 复查 opinion may, within 30 days of receiving it, ask the next level up of the reviewing body
 * (复查机关、单位的上一级机关、单位) for a 复核. A request made later is not accepted (不予受理). The days are counted
 * as every other clock here (clockDue: from the answer's own day, a last day off moving to the next working day, so
 * the petitioner's time is no shorter than the office's); the reply's delivery is taken as its date.
 */
export const REVIEW_REQUEST_DAYS = 30;

/** Why a 复查 (after the reply) or 复核 (after the 复查 opinion) requested at `at` is out of time, or undefined. */
export function reviewRequestRefusal(
  facts: PetitionFacts,
  kind: 'review' | 'reReview',
  at: number,
  rules: Pick<PetitionClockRules, 'lastDayOffMoves'>,
  calendar: WorkCalendar = LIBRARY_CALENDAR,
): string | undefined {
  const answeredAt = kind === 'review' ? facts.repliedAt : facts.reviewAnsweredAt;
  if (answeredAt === undefined) return undefined;
  const due = clockDue(answeredAt, REVIEW_REQUEST_DAYS, rules, calendar);
  if (at <= due) return undefined;
  const asked = kind === 'review' ? '复查 must be requested within 30 days of the written reply' : '复核 must be requested within 30 days of the 复查 opinion';
  const day = DateTime.fromMillis(due, { zone: ZONE }).toISODate();
  const article = kind === 'review' ? '第三十五条' : '第三十六条';
  return `a ${asked} (信访工作条例 ${article}); the time ran out at the end of ${day}, so the request is not accepted (不予受理)`;
}

/**
 * A case as its audit trail shows it: what the workflow holds of the case itself, without who petitioned and how to
 * reach them (kept apart, read only on the case's own page: 《个人信息保护法》第六条, no more personal data than the
 * purpose needs — the trail records what was done, not to whom) and without its screenings, which each show in the
 * entry of the change that recorded them. The one place the trail's case view is defined.
 */
export function caseAuditView<Case extends { petitioner: string; contact?: string; screenings: unknown }>(
  snapshot: Case,
): Omit<Case, 'petitioner' | 'contact' | 'screenings'> {
  const view: Partial<Case> = { ...snapshot };
  delete view.petitioner;
  delete view.contact;
  delete view.screenings;
  return view as Omit<Case, 'petitioner' | 'contact' | 'screenings'>;
}
