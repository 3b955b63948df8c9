import { Router } from 'express';
import { z } from 'zod';
import { isArrangementPublished, FIRST_YEAR, LAST_YEAR, yearCalendar } from '../../domain/calendar';
import type { Directive } from '../../domain/catalog';
import type { VersionedDirective } from '../../readmodel';
import type { OrgLevel } from '../../domain/org';
import { occurrenceDeadlineOf, occurrencesInYear } from '../../domain/recurrence';
import { Access, allow } from '../access';
import type { ApiDeps } from '../deps';
import { parse } from '../errors';
import { occurrenceView } from '../occurrence-view';
import { Id } from '../schemas';

const CalendarParams = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}`)
    .transform(Number)
    .pipe(z.number().int().min(FIRST_YEAR).max(LAST_YEAR)),
});

const CalendarQuery = z.strictObject({ unitId: Id.optional() });

/** The recurring duties of a level (all levels when none is given), with their occurrences due in the year. */
function duties(readModel: ApiDeps['readModel'], year: number, level: OrgLevel | undefined) {
  return readModel.directives.published().filter((d): d is VersionedDirective & { cadence: NonNullable<Directive['cadence']> } => d.cadence !== undefined)
    .filter((d) => level === undefined || d.levels.includes(level))
    .map((d) => ({
      directiveId: d.id,
      code: d.code,
      title: d.title.zh,
      cadence: d.cadence,
      occurrences: occurrencesInYear(d.cadence.rule, year, undefined, occurrenceDeadlineOf(d)).map((o) => occurrenceView(o, d)),
    }));
}

/** 年度工作日历: the year's holidays, key dates and sensitive periods, and a unit's recurring duties in it. */
export function calendarRoutes({ readModel }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);
  router.get('/api/calendar/:year', allow('read'), (req, res) => {
    const { year } = parse(CalendarParams, req.params, 'params');
    const { unitId } = parse(CalendarQuery, req.query, 'query');
    const unit = unitId === undefined ? undefined : access.unit(res, 'read', unitId);

    const calendar = yearCalendar(year);
    const yearDuties = duties(readModel, year, unit?.level);
    const warnings: string[] = [];
    if (calendar.arrangement.note) warnings.push(calendar.arrangement.note);
    // The screening before next year's 元旦 is due on 31 Dec of this one, on a period proposed until next year's
    // arrangement is out.
    const next = year + 1;
    if (!isArrangementPublished(next) && yearDuties.some((d) => d.occurrences.some((o) => o.periodKey.startsWith(`${next}-`)))) {
      warnings.push(`Some duties fall before ${next} periods, which are proposed until the ${next} holiday arrangement is published.`);
    }
    res.json({
      ...calendar,
      unit: unit ? { id: unit.id, name: unit.name, level: unit.level } : null,
      duties: yearDuties,
      warnings,
    });
  });
  return router;
}
