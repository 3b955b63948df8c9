import { randomBytes } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import { Router, type Request, type Response } from 'express';
import type { Directive } from '../../domain/catalog/types';
import { concerns, ROLE_NAMES } from '../../domain/access';
import { z } from 'zod';
import { ORG_LEVELS } from '../../domain/org';
import { occurrencesInYear } from '../../domain/recurrence';
import type { ReadModel } from '../../readmodel';
import { toZonedIso, yearInZone } from '../../domain/time';
import type { WorkCalendar } from '../../domain/work-calendar';
import type { RecurringRecord, StoredUnit } from '../../readmodel';
import { Access, allow, principalOf } from '../access';
import { audit } from '../audit';
import { resolveTarget } from '../assignment-target';
import type { ApiDeps } from '../deps';
import { badField, idempotencyConflict, notFound, parse } from '../errors';
import { occurrenceView } from '../occurrence-view';
import { previewRecurring } from '../recurring-preview';
import { recurringScheduleId, scheduleView, startRecurring } from '../recurring-schedule';
import { Id } from '../schemas';

const CreateRecurring = z.strictObject({
  /** The caller's id makes a retried create safe; one is made up otherwise. */
  id: Id.optional(),
  directiveId: z.string().min(1).max(128),
  scopeUnitId: Id,
  targetLevel: z.enum(ORG_LEVELS).optional(),
  note: z.string().max(2000).optional(),
  /** Issue the period under way now, not only from the next opening on: if enough is left (true), or 'always'. */
  issueCurrentPeriod: z.union([z.boolean(), z.literal('always')]).default(false),
});

const ScheduleNote = z.strictObject({ note: z.string().max(500).optional() });

/** The next few periods from now, so a leader sees what will be issued and when. */
async function upcoming(readModel: ReadModel, record: RecurringRecord, now: number, calendar: WorkCalendar, count = 3) {
  const year = yearInZone(now);
  const deadline = await readModel.directives.occurrenceDeadline(record);
  const directive = await readModel.directives.of(record.directiveId, record.directiveVersion);
  return [year, year + 1]
    .flatMap((y) => occurrencesInYear(record.cadence, y, record.windows, deadline, calendar))
    .filter((o) => o.endsAt > now)
    .slice(0, count)
    .map((o) => occurrenceView(o, directive));
}

function recordView(record: RecurringRecord) {
  return {
    id: record.id,
    directiveId: record.directiveId,
    directiveVersion: record.directiveVersion,
    scopeUnitId: record.scopeUnitId,
    targetLevel: record.targetLevel,
    cadence: record.cadence,
    note: record.note,
    createdAt: toZonedIso(record.createdAt),
  };
}

/**
 * Recurring assignments (每月走访, 两节慰问, 年度关爱基金): a directive assigned for every period of its cadence, run
 * by one Temporal Schedule each, which the API shows, pauses and resumes.
 */
export function recurringRoutes(deps: ApiDeps): Router {
  const { client, readModel, taskQueue, now = Date.now } = deps;
  const router = Router();
  const access = new Access(readModel);

  const scheduleOf = async (id: string) => {
    try {
      return scheduleView(await client.schedule.getHandle(recurringScheduleId(id)).describe());
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return null;
      throw err;
    }
  };

  const detail = async (record: RecurringRecord) => ({
    ...recordView(record),
    schedule: await scheduleOf(record.id),
    upcoming: await upcoming(readModel, record, now(), await readModel.workCalendar()),
    periods: (await readModel.recurring.periods(record.id)).map((p) => ({
      periodKey: p.periodKey,
      assignmentId: p.assignmentId,
      taskCount: p.taskCount,
      issuedAt: toZonedIso(p.createdAt),
      dueAt: toZonedIso(p.dueAt),
    })),
  });

  /** A recurring assignment the person may see (read) or run (assign: pause, resume). */
  const existing = async (res: Response, id: string, action: 'read' | 'assign') => {
    const record = await readModel.recurring.get(id);
    if (!record) throw notFound('recurring assignment', id);
    if (action === 'read') await access.concerned(res, record.scopeUnitId, 'recurring assignment', id);
    else await access.unit(res, action, record.scopeUnitId);
    return record;
  };

  /** The create's checks, which its preview makes too: the same body, role, scope and directive. */
  const checked = async (req: Request, res: Response) => {
    const body = parse(CreateRecurring, req.body, 'body');
    await access.unit(res, 'assign', body.scopeUnitId, 'scopeUnitId');
    const { directive, scope, targetLevel } = await resolveTarget(readModel, body);
    if (!directive.cadence) {
      throw badField('directiveId', `directiveId: ${directive.id} does not recur; assign it once with POST /api/assignments`);
    }
    return { body, directive: directive as typeof directive & { cadence: NonNullable<Directive['cadence']> }, scope, targetLevel };
  };

  // 预演: what the create would issue over the next 12 months, from the engine's own rules; nothing is started or stored.
  router.post('/api/recurring/preview', allow('assign'), async (req, res) => {
    const { body, directive, scope, targetLevel } = await checked(req, res);
    const running = [];
    for (const record of await readModel.recurring.list({})) {
      const recordScope = await readModel.org.get(record.scopeUnitId);
      if (record.targetLevel !== targetLevel || !recordScope || !concerns(scope, recordScope)) continue;
      const schedule = await scheduleOf(record.id);
      if (schedule && !schedule.paused) running.push(record);
    }
    res.json(
      await previewRecurring(
        readModel,
        { directive, scope, targetLevel, issueCurrentPeriod: body.issueCurrentPeriod, ...(deps.acknowledgeWorkingDays !== undefined ? { acknowledgeWorkingDays: deps.acknowledgeWorkingDays } : {}) },
        now(),
        running,
      ),
    );
  });

  router.post('/api/recurring', allow('assign'), async (req, res) => {
    const { body, directive, scope, targetLevel } = await checked(req, res);
    const record: RecurringRecord = {
      id: body.id ?? `r${randomBytes(8).toString('hex')}`,
      directiveId: directive.id,
      directiveVersion: directive.version,
      scopeUnitId: scope.id,
      targetLevel,
      cadence: directive.cadence.rule,
      ...(body.note !== undefined ? { note: body.note } : {}),
      createdAt: now(),
    };
    // The record is inserted first (a no-op when its id is taken) and the stored one compared after: compared before,
    // two creates of one id sent at once would both find nothing, and the one that lost would answer with the other's
    // duty instead of a conflict. The same create again (a retry) makes sure its schedule exists and answers as before.
    const { created, currentPeriod } = await startRecurring(client, readModel, record, taskQueue, {
      issueCurrentPeriod: body.issueCurrentPeriod,
      now: now(),
    });
    const stored = (await readModel.recurring.get(record.id)) as RecurringRecord;
    if (!created && (stored.directiveId !== record.directiveId || stored.scopeUnitId !== record.scopeUnitId || stored.targetLevel !== targetLevel)) {
      throw idempotencyConflict(`recurring assignment ${record.id} exists for another directive or scope`);
    }
    if (created) {
      const { id, createdAt: _at, ...after } = stored;
      await audit(readModel, res, { action: 'recurring.create', subjectType: 'recurring', subjectId: id, unit: scope, after }, now());
      res.status(201).location(`/api/recurring/${record.id}`);
    }
    res.json({ ...(await detail(stored)), ...(currentPeriod ? { currentPeriod } : {}) });
  });

  router.get('/api/recurring', allow('read'), async (req, res) => {
    const query = parse(z.strictObject({ scopeUnitId: Id.optional(), directiveId: z.string().max(128).optional() }), req.query, 'query');
    const home = await access.home(res);
    const visible: RecurringRecord[] = [];
    for (const r of await readModel.recurring.list(query)) {
      const scope = await readModel.org.get(r.scopeUnitId);
      if (scope !== undefined && concerns(home, scope)) visible.push(r);
    }
    res.json({ recurring: visible.map(recordView) });
  });

  router.get('/api/recurring/:id', allow('read'), async (req, res) => {
    const { id } = parse(z.object({ id: Id }), req.params, 'params');
    res.json(await detail(await existing(res, id, 'read')));
  });

  // Pausing stops new periods from being issued; tasks already issued keep their deadlines.
  for (const action of ['pause', 'resume'] as const) {
    router.post(`/api/recurring/:id/${action}`, allow('assign'), async (req, res) => {
      const { id } = parse(z.object({ id: Id }), req.params, 'params');
      const record = await existing(res, id, 'assign');
      const body = parse(ScheduleNote, req.body ?? {}, 'body');
      // Without a note the SDK writes its own ("Paused via TypeScript SDK"); the Schedule's note says who did it.
      const { name, role, unitId } = principalOf(res);
      const note = body.note ?? `${action === 'pause' ? '暂停' : '恢复'}: ${name} (${ROLE_NAMES[role]}, ${unitId})`;
      const handle = client.schedule.getHandle(recurringScheduleId(id));
      const before = (await handle.describe()).state.paused;
      await (action === 'pause' ? handle.pause(note) : handle.unpause(note));
      const view = await detail(record);
      await audit(readModel, res, {
        action: `recurring.${action}`,
        subjectType: 'recurring',
        subjectId: id,
        unit: (await readModel.org.get(record.scopeUnitId)) as StoredUnit,
        before: { paused: before },
        after: { paused: action === 'pause', note },
      }, now());
      res.json(view);
    });
  }

  return router;
}
