import { DateTime } from 'luxon';
import type { Principal } from './access';
import { derivedId } from './ids';
import type { Rates } from './rollup';
import { ZONE } from './time';

/**
 * 通报: a supervisor office's periodic bulletin on a part of the org tree — its child units ranked by 按期率, the
 * units with overdue work named, the units praised, standing-standard compliance and 签收 figures. A bulletin is a
 * record, frozen at the instant it was made: its figures are the reports' figures at that instant.
 */

/**
 * A bulletin's period: a month `2026-11` (the default, as the monthly Schedule makes them), a quarter `2026-Q4` or a
 * year `2026`. The period names what the bulletin reports on; its figures are the state of the work as at the
 * instant it was made (for the scheduled one, the first instant after the period).
 */
export const PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;
export const PERIOD_RULE = "a month 'YYYY-MM' (e.g. 2026-11), a quarter 'YYYY-Qn' or a year 'YYYY'";

const QUARTERS = ['一', '二', '三', '四'] as const;

export interface BulletinPeriod {
  period: string;
  /** 2026年11月, 2026年第四季度, 2026年. */
  label: string;
  startsAt: number;
  /** The period's last instant. */
  endsAt: number;
}

/** The period a key names, or undefined when it is not one (PERIOD_RULE). */
export function bulletinPeriod(period: string): BulletinPeriod | undefined {
  const m = PERIOD_PATTERN.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return undefined;
  const [month, quarter] = [m[2], m[3]];
  const start = DateTime.fromObject({ year, month: month ? Number(month) : quarter ? (Number(quarter) - 1) * 3 + 1 : 1 }, { zone: ZONE });
  const end = month ? start.endOf('month') : quarter ? start.endOf('quarter') : start.endOf('year');
  const label = month ? `${year}年${Number(month)}月` : quarter ? `${year}年第${QUARTERS[Number(quarter) - 1]}季度` : `${year}年`;
  return { period, label, startsAt: start.toMillis(), endsAt: end.toMillis() };
}

/** Why a bulletin for `period` cannot be made at `now`, or undefined: a period not yet begun has nothing to report. */
export function periodRefusal(period: string, now: number): string | undefined {
  const p = bulletinPeriod(period);
  if (!p) return `period: must be ${PERIOD_RULE}; got ${JSON.stringify(period)}`;
  if (p.startsAt > now) return `period: ${p.label} has not begun`;
  return undefined;
}

/** The month before the one `instant` falls in, in Shanghai: what the monthly Schedule's bulletin reports on. */
export function monthBefore(instant: number): string {
  return DateTime.fromMillis(instant, { zone: ZONE }).minus({ months: 1 }).toFormat('yyyy-MM');
}

/** One bulletin per scope and period, however often it is asked for (a retried request, a Schedule's retry). */
export function bulletinId(scopeUnitId: string, period: string): string {
  return derivedId('b', scopeUnitId, period);
}

/** The monthly Schedule's id for a scope: one per scope, so starting it again at every start-up meets the first. */
export function bulletinScheduleId(scopeUnitId: string): string {
  return `bulletin/${scopeUnitId}`;
}

/**
 * Who makes the scheduled bulletin, in the audit trail: the supervisor office (督办) of the scope, acting through its
 * standing Schedule, not a person. `issuedBy` names the Schedule so the entry cannot be mistaken for a person's.
 */
export function scheduleActor(scope: { id: string }): Principal {
  return { subject: bulletinScheduleId(scope.id), name: '每月通报（定时）', role: 'supervisor', unitId: scope.id, issuedBy: `Temporal Schedule ${bulletinScheduleId(scope.id)}` };
}

/** A ranked unit as the bulletin reads it: the ranking's rates and the counts behind them. */
export interface RankedUnit {
  unitId: string;
  name: string;
  rank: number | null;
  total: number;
  done: number;
  doneLate: number;
  overdue: number;
  onTimeRate: Rates['onTimeRate'];
}

/**
 * 表扬 (units praised), the one rule: a unit is praised when it has finished work and all of it on time — something
 * done, nothing done late, nothing overdue (按期率 100%). Being first is not enough: the least-late unit among late
 * ones is not praised. Returned in ranking order, each with the reason as a bulletin words it.
 */
export function praisedUnits<T extends RankedUnit>(ranking: readonly T[]): Array<{ unitId: string; name: string; rank: number | null; reason: string }> {
  return ranking
    .filter((u) => u.rank !== null && u.done > 0 && u.doneLate === 0 && u.overdue === 0)
    .map((u) => ({
      unitId: u.unitId,
      name: u.name,
      rank: u.rank,
      reason: `已完成${u.done}项任务，全部按期完成，无逾期`,
    }));
}

/** At most this many overdue tasks are named in a bulletin (the longest overdue first); the total is always given. */
export const BULLETIN_OVERDUE_LIMIT = 200;
