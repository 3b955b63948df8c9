import { Router } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { checkArrangementEntry } from '../../domain/arrangement-entry';
import { isArrangementPublished, FIRST_YEAR, LAST_YEAR, yearCalendar, type WorkCalendar, type YearCalendar } from '../../domain/calendar';
import type { Directive } from '../../domain/catalog';
import type { VersionedDirective } from '../../readmodel';
import type { OrgLevel } from '../../domain/org';
import { occurrenceDeadlineOf, occurrencesInYear } from '../../domain/recurrence';
import { toZonedIso, ZONE } from '../../domain/time';
import { logger } from '../../platform/logger';
import { Access, allow, principalOf } from '../access';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, parse } from '../errors';
import { occurrenceView } from '../occurrence-view';
import { refreshRecurringSchedules } from '../recurring-schedule';
import { Id } from '../schemas';

const CalendarParams = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}`)
    .transform(Number)
    .pipe(z.number().int().min(FIRST_YEAR).max(LAST_YEAR)),
});

const CalendarQuery = z.strictObject({ unitId: Id.optional() });

const Day = z.string().max(10);
/** The notice as an admin copies it: its title and date, each break (a range, or its days one by one), each 上班 day. */
const ArrangementBody = z.strictObject({
  notice: z.strictObject({ title: z.string().max(200), date: Day }),
  holidays: z.array(z.union([Day, z.strictObject({ name: z.string().max(40), start: Day, end: Day })])).max(60),
  workdays: z.array(Day).max(30),
});

/** The recurring duties of a level (all levels when none is given), with their occurrences due in the year. */
async function duties(readModel: ApiDeps['readModel'], year: number, level: OrgLevel | undefined, calendar: WorkCalendar) {
  return (await readModel.directives.published()).filter((d): d is VersionedDirective & { cadence: NonNullable<Directive['cadence']> } => d.cadence !== undefined)
    .filter((d) => level === undefined || d.levels.includes(level))
    .map((d) => ({
      directiveId: d.id,
      code: d.code,
      title: d.title.zh,
      cadence: d.cadence,
      occurrences: occurrencesInYear(d.cadence.rule, year, undefined, occurrenceDeadlineOf(d), calendar).map((o) => occurrenceView(o, d)),
    }));
}

/** The arrangement as the API shows it: instants in +08:00. */
function arrangementView(arrangement: YearCalendar['arrangement']) {
  const { notice } = arrangement;
  return notice ? { ...arrangement, notice: { ...notice, enteredAt: toZonedIso(notice.enteredAt) } } : arrangement;
}

/** The disagreement of a year, as a warning a person can act on. */
function disagreementWarning(year: number, days: ReadonlyArray<{ date: string }>, reason: string | undefined): string {
  const shown = days.slice(0, 10).map((d) => d.date).join(', ');
  return `The library and the entered ${year} notice disagree on ${days.length} day(s) (${shown}${days.length > 10 ? ', …' : ''}): ${reason ?? ''}`;
}

/**
 * 年度工作日历: the year's holidays, key dates and sensitive periods, and a unit's recurring duties in it; and the
 * admin's entry of a year's arrangement from the State Council's notice when the library lacks it.
 */
export function calendarRoutes(deps: ApiDeps): Router {
  const { readModel, now = Date.now } = deps;
  const router = Router();
  const access = new Access(readModel);
  router.get('/api/calendar/:year', allow('read'), async (req, res) => {
    const { year } = parse(CalendarParams, req.params, 'params');
    const { unitId } = parse(CalendarQuery, req.query, 'query');
    const unit = unitId === undefined ? undefined : await access.unit(res, 'read', unitId);

    const workCalendar = await readModel.workCalendar();
    const calendar = yearCalendar(year, workCalendar);
    const yearDuties = await duties(readModel, year, unit?.level, workCalendar);
    const warnings: string[] = [];
    if (calendar.arrangement.note) warnings.push(calendar.arrangement.note);
    if (calendar.disagreement.length) warnings.push(disagreementWarning(year, calendar.disagreement, calendar.arrangement.reason));
    // The screening before next year's 元旦 is due on 31 Dec of this one, on a period proposed until next year's
    // arrangement is out.
    const next = year + 1;
    if (!isArrangementPublished(next, workCalendar) && yearDuties.some((d) => d.occurrences.some((o) => o.periodKey.startsWith(`${next}-`)))) {
      warnings.push(`Some duties fall before ${next} periods, which are proposed until the ${next} holiday arrangement is published.`);
    }
    res.json({
      ...calendar,
      arrangement: arrangementView(calendar.arrangement),
      unit: unit ? { id: unit.id, name: unit.name, level: unit.level } : null,
      duties: yearDuties,
      warnings,
    });
  });

  /**
   * 年度放假安排: an admin enters the year's arrangement from the State Council's notice. Each entry is a new version
   * of the year's record (the latest is used); working-day deadlines issued from then on count on it, those issued
   * before keep theirs (a deadline is fixed when work is issued). Sending what is already entered changes nothing.
   */
  router.put('/api/calendar/:year/arrangement', allow('enterArrangement'), async (req, res) => {
    const { year } = parse(CalendarParams, req.params, 'params');
    const body = parse(ArrangementBody, req.body, 'body');
    const home = await access.unit(res, 'enterArrangement', principalOf(res).unitId);
    const enteredAt = now();
    const today = DateTime.fromMillis(enteredAt, { zone: ZONE }).toISODate() as string;
    const checked = checkArrangementEntry(year, body, today);
    if (!checked.ok) throw badField(checked.field, checked.message);

    const { notice, holidays, workdays } = checked;
    const { before, entered, same } = await readModel.arrangements.enter({ year, notice, holidays, workdays, enteredAt, enteredBy: principalOf(res).name });
    const { arrangement, disagreement } = yearCalendar(year, await readModel.workCalendar());
    if (same) res.set('Idempotent-Replayed', 'true');
    else {
      const shown = (e: typeof entered | undefined) => e && { version: e.version, notice: e.notice, holidays: e.holidays, workdays: e.workdays };
      await audit(readModel, res, {
        action: 'calendar.enterArrangement',
        subjectType: 'calendar',
        subjectId: String(year),
        unit: home,
        before: shown(before),
        after: { ...shown(entered), basis: arrangement.basis, disagreement: disagreement.map((d) => d.date) },
      }, enteredAt);
      const log = (req as { log?: typeof logger }).log ?? logger;
      if (disagreement.length) {
        log.warn({ year, days: disagreement.map((d) => d.date), basis: arrangement.basis }, 'holiday arrangement entered disagrees with the library');
      }
      // Festival-bound Schedules list their openings from the calendar: the entered breaks move those still ahead
      // (a 春节 screening window). The entry stands if this fails; `npm start` refreshes them again.
      try {
        await refreshRecurringSchedules(deps.client, readModel, enteredAt);
      } catch (err) {
        log.warn({ err, year }, 'recurring Schedules not refreshed after a holiday arrangement entry');
      }
    }
    res.status(before ? 200 : 201).json({
      year,
      version: entered.version,
      notice: entered.notice,
      holidays: entered.holidays,
      workdays: entered.workdays,
      enteredAt: toZonedIso(entered.enteredAt),
      enteredBy: entered.enteredBy,
      arrangement: arrangementView(arrangement),
      disagreement,
    });
  });
  return router;
}
