import type { Principal } from '../../domain/access';
import { BULLETIN_OVERDUE_LIMIT, bulletinId, bulletinPeriod, praisedUnits } from '../../domain/bulletin';
import type { LightThresholds } from '../../domain/lights';
import { pathIds } from '../../domain/rollup';
import { toZonedIso } from '../../domain/time';
import type { BulletinRecord, ReadModel, StoredUnit } from '../../readmodel';
import { acknowledgementFigures, overdueTasks, standardsReport, unitSummary } from '../reports';

/**
 * 签收 figures of the scope at `at`, by the function the unit summary reads them with (api/reports.ts
 * acknowledgementFigures): 签收率, the average time to acknowledge, and the counts behind them.
 */
export async function bulletinAcknowledgement(readModel: ReadModel, scope: StoredUnit, at: number): Promise<BulletinAcknowledgement> {
  const { totals } = await acknowledgementFigures(readModel, scope, {}, at);
  return {
    rate: totals.acknowledgementRate,
    averageHours: totals.averageHoursToAcknowledge,
    issued: totals.issued,
    acknowledged: totals.acknowledged,
    acknowledgedLate: totals.acknowledgedLate,
    awaiting: totals.awaiting,
    overdue: totals.overdue,
    declined: totals.declined,
  };
}

export interface BulletinAcknowledgement {
  /** 签收率 (domain/acknowledgement.ts): acknowledged on time ÷ those whose window has passed, percent. */
  rate: number | null;
  /** Average time from issue to 签收, in hours. */
  averageHours: number | null;
  issued: number;
  acknowledged: number;
  acknowledgedLate: number;
  awaiting: number;
  /** Waiting for 签收 past the window. */
  overdue: number;
  declined: number;
}

/**
 * Everything a bulletin states, each figure from the function the report APIs answer with, all at the one instant
 * `at`: the totals and ranking of `GET /api/units/:id/summary`, the first page of `GET /api/overdue?scopeUnitId=`,
 * the compliance of `GET /api/units/:id/standards`; the praised units by domain/bulletin.ts's rule.
 */
export async function bulletinFigures(readModel: ReadModel, scope: StoredUnit, at: number, lights: LightThresholds) {
  const summary = await unitSummary(readModel, scope, {}, at, lights);
  const overdue = await overdueTasks(readModel, scope, { now: at, limit: BULLETIN_OVERDUE_LIMIT, offset: 0 });
  return {
    totals: summary.totals,
    ranking: summary.ranking,
    overdue: { total: overdue.total, limit: BULLETIN_OVERDUE_LIMIT, tasks: overdue.rows, places: await placesOf(readModel, scope, overdue.rows) },
    praised: praisedUnits(summary.ranking),
    standards: await standardsReport(readModel, scope),
    acknowledgement: await bulletinAcknowledgement(readModel, scope, at),
  };
}

/**
 * Where each named unit sits below the scope, by name ('安塞区 真武洞街道 长沟社区居民委员会'): villages of
 * different counties share names, and a bulletin names the county that answers for them.
 */
async function placesOf(readModel: ReadModel, scope: StoredUnit, rows: ReadonlyArray<{ unitId: string }>): Promise<Record<string, string>> {
  const depth = pathIds(scope.path).length;
  const names = new Map<string, string>();
  const nameOf = async (id: string) => {
    let name = names.get(id);
    if (name === undefined) names.set(id, (name = (await readModel.org.get(id))?.name ?? id));
    return name;
  };
  const places: Record<string, string> = {};
  for (const { unitId } of rows) {
    const unit = await readModel.org.get(unitId);
    if (!unit || unitId in places) continue;
    const path: string[] = [];
    for (const id of pathIds(unit.path).slice(depth)) path.push(await nameOf(id));
    places[unitId] = path.join(' ');
  }
  return places;
}

export type BulletinFigures = Awaited<ReturnType<typeof bulletinFigures>>;

/**
 * Makes the scope's bulletin for `period` at `at`, once: a second call for the same scope and period (a retry, a
 * second request, the Schedule's retry) finds the first and writes nothing. The record and its audit entry are
 * written in one transaction.
 */
export async function issueBulletin(
  readModel: ReadModel,
  options: { scope: StoredUnit; period: string; at: number; lights: LightThresholds; createdBy: Principal; source: BulletinRecord['source']; requestId: string },
): Promise<{ bulletin: BulletinRecord<BulletinFigures>; created: boolean }> {
  const { scope, period, at } = options;
  const id = bulletinId(scope.id, period);
  const earlier = await readModel.bulletins.get(id);
  if (earlier) return { bulletin: earlier as BulletinRecord<BulletinFigures>, created: false };
  const bulletin: BulletinRecord<BulletinFigures> = {
    id,
    scopeUnitId: scope.id,
    period,
    asOf: at,
    createdBy: options.createdBy,
    source: options.source,
    figures: await bulletinFigures(readModel, scope, at, options.lights),
  };
  const created = await readModel.recordBulletin(bulletin, scope, options.requestId);
  return { bulletin: created ? bulletin : ((await readModel.bulletins.get(id)) as BulletinRecord<BulletinFigures>), created };
}

/** A bulletin as the API shows it: its scope and period named, its instant in +08:00, who made it, its figures. */
export function bulletinView(bulletin: BulletinRecord<BulletinFigures>, scope: StoredUnit | undefined) {
  const period = bulletinPeriod(bulletin.period);
  return {
    ...bulletinHeader(bulletin, scope),
    periodStartsAt: period && toZonedIso(period.startsAt),
    periodEndsAt: period && toZonedIso(period.endsAt),
    ...bulletin.figures,
  };
}

/** What a list shows of a bulletin. */
export function bulletinHeader(bulletin: Omit<BulletinRecord, 'figures'>, scope: StoredUnit | undefined) {
  const { subject: _subject, issuedBy: _issuedBy, ...by } = bulletin.createdBy;
  return {
    id: bulletin.id,
    scopeUnitId: bulletin.scopeUnitId,
    scopeName: scope?.name,
    period: bulletin.period,
    periodLabel: bulletinPeriod(bulletin.period)?.label ?? bulletin.period,
    asOf: toZonedIso(bulletin.asOf),
    source: bulletin.source,
    createdBy: by,
  };
}
