import { DateTime } from 'luxon';
import { statutoryDue } from './petition';
import type { SensitivePeriod } from './sensitive-periods';
import { endOfDay, ZONE } from './time';

export type { SensitivePeriod } from './sensitive-periods';

/**
 * Re-screening campaigns (再排查, directive F3 petition-rescreening): every case in a part of the org tree is
 * screened once against the four checks by the campaign's deadline; a case failing any check gets one follow-up
 * task (一人一事). Pure: the API computes a campaign's window here, the case workflow keeps its screenings.
 */
export const RESCREENING_DIRECTIVE_ID = 'petition-rescreening';
/** The catalog trigger that starts the follow-up task of a failed screening. */
export const CHECK_FAILED_EVENT = 'rescreening-check-failed';

export const SCREENING_CHECKS = [
  'timelyReply', // 答复是否及时合规
  'policyImplemented', // 政策是否落实到位
  'problemSolved', // 问题是否有效解决
  'attitudeStable', // 思想是否反弹波动
] as const;
export type ScreeningCheck = (typeof SCREENING_CHECKS)[number];

export const CHECK_NAMES: Record<ScreeningCheck, string> = {
  timelyReply: '答复是否及时合规',
  policyImplemented: '政策是否落实到位',
  problemSolved: '问题是否有效解决',
  attitudeStable: '思想是否反弹波动',
};

export type CheckResult = 'pass' | 'fail';
export type ScreeningChecks = Record<ScreeningCheck, CheckResult>;

/** pending → passed | failed; pending past the campaign's deadline → overdue, which can still be screened (late). */
export type ScreeningStatus = 'pending' | 'overdue' | 'passed' | 'failed';

export interface Screening {
  campaignId: string;
  openedAt: number;
  dueAt: number;
  status: ScreeningStatus;
  checks?: ScreeningChecks;
  note?: string;
  screenedAt?: number;
  late: boolean;
  overdueAt?: number;
  /** The one follow-up task of a failed screening, once started. */
  followUp?: { assignmentId: string; taskId: string };
}

export function failedChecks(checks: ScreeningChecks): ScreeningCheck[] {
  return SCREENING_CHECKS.filter((c) => checks[c] === 'fail');
}

export function sameChecks(a: ScreeningChecks, b: ScreeningChecks): boolean {
  return SCREENING_CHECKS.every((c) => a[c] === b[c]);
}

/** How far ahead of a sensitive period a campaign opens by default: two weeks to screen every case. */
export const DEFAULT_LEAD_DAYS = 14;

export type CampaignWindowRequest = {
  now: number;
  opensAt?: number;
  dueAt?: number;
  withinDays?: number;
  beforeSensitivePeriod?: { year: number; key: string; leadDays?: number };
};

export type CampaignWindow = {
  opensAt: number;
  dueAt: number;
  sensitivePeriod?: SensitivePeriod;
};

/**
 * When a campaign opens and when its screenings are due.
 * - Ahead of a sensitive period: it opens at the start of the day `leadDays` before the period starts and is due
 *   at the end of the day before it starts, so every case is screened before the period begins.
 * - Otherwise it opens at `opensAt` (now by default) and is due at `dueAt`, or at the end of the Nth Shanghai day
 *   after it opens (`withinDays`), or by the directive's own rule (30 days).
 */
export function campaignWindow(
  request: CampaignWindowRequest,
  periodsOf: (year: number) => readonly SensitivePeriod[],
): CampaignWindow | { field: string; message: string } {
  const { now } = request;
  if (request.beforeSensitivePeriod) {
    const { year, key, leadDays = DEFAULT_LEAD_DAYS } = request.beforeSensitivePeriod;
    const periods = periodsOf(year);
    const period = periods.find((p) => p.key === key || p.name === key);
    if (!period) {
      const known = periods.map((p) => `${p.key} (${p.name})`).join(', ');
      return { field: 'beforeSensitivePeriod.key', message: `beforeSensitivePeriod.key: no period ${key} in ${year}; known: ${known}` };
    }
    const start = DateTime.fromISO(period.start, { zone: ZONE });
    const opensAt = start.minus({ days: leadDays }).toMillis();
    const dueAt = endOfDay(start.minus({ days: 1 }).toISODate() as string);
    if (dueAt <= now) {
      return { field: 'beforeSensitivePeriod', message: `beforeSensitivePeriod: ${period.name} ${year} starts ${period.start}; too late to screen before it` };
    }
    return { opensAt, dueAt, sensitivePeriod: period };
  }
  // A campaign cannot open in the past: its screenings would count from a day already gone. Today still counts (the
  // office writes the date, not the minute), and the refusal names opensAt, not the deadline computed from it.
  if (request.opensAt !== undefined && request.opensAt < DateTime.fromMillis(now, { zone: ZONE }).startOf('day').toMillis()) {
    return { field: 'opensAt', message: 'opensAt: must not be before today; leave it out to open the campaign now' };
  }
  const opensAt = request.opensAt ?? now;
  const dueAt = request.dueAt ?? statutoryDue(opensAt, request.withinDays ?? 30);
  if (dueAt <= opensAt) return { field: 'dueAt', message: 'dueAt: must be after the campaign opens' };
  if (dueAt <= now) return { field: 'dueAt', message: 'dueAt: must be in the future' };
  return { opensAt, dueAt };
}

/**
 * What the follow-up task of a failed screening asks: a note naming the campaign and what failed, and one step per
 * failed check (整改 of that check), so the unit fixes what the screening found (一人一事, 一事一策) rather than
 * working through the campaign's general checklist. The case itself is the task's event subject, which only those who
 * may read cases are shown (domain/access `eventSubjectShown`): the note and steps, read by anyone the task concerns,
 * do not repeat it. An old follow-up without failed checks keeps the checklist.
 */
export function rescreeningFollowUp(campaignId: string, failed: readonly ScreeningCheck[]): { note: string; steps?: Array<{ id: string; title: string }> } {
  const names = failed.map((c) => CHECK_NAMES[c]).join('、');
  return {
    note: `再排查 ${campaignId} 未通过的信访事项：${names || '（未注明）'}`,
    ...(failed.length ? { steps: failed.map((c) => ({ id: `fix-${c}`, title: `整改：${CHECK_NAMES[c]}` })) } : {}),
  };
}
