import { Router } from 'express';
import { z } from 'zod';
import { resolveDeadline } from '../../domain/deadline';
import { derivedId, taskId } from '../../domain/ids';
import { parseInstant, toZonedIso } from '../../domain/time';
import type { AssignmentRecord } from '../../readmodel';
import type { AssignmentInput } from '../../contracts/assignment';
import { startAssignment } from '../assignment-start';
import { Access, allow } from '../access';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, HttpError, parse } from '../errors';
import { Id, Instant } from '../schemas';

const CreateEvent = z.strictObject({
  type: z.string().min(1).max(64),
  unitId: Id,
  /** Who or what the event is about: a veteran, a family, a case. Kept out of search attributes. */
  subject: z.string().trim().min(1).max(200),
  occurredAt: Instant,
});

/** A clock a few minutes fast at the reporting end is not an event from the future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * The one task an event starts: its id derives from what the event is (its type, the unit, its subject) and not from
 * when it is said to have occurred, so a second report of the same event meets the first task whatever its
 * occurredAt, and can never start a second one.
 */
function eventAssignmentId(type: string, unitId: string, subject: string): string {
  return derivedId('e', type, unitId, subject);
}

/**
 * A second report of an event with another occurredAt is refused, naming the task the first one started: the task's
 * deadline was counted from the first occurredAt and stays (a correction would have to move it through the task's
 * workflow, audited, as an approved extension does; until that exists the unit asks for an extension).
 */
function eventConflict(type: string, first: AssignmentRecord, unitId: string, occurredAt: number): HttpError {
  const task = taskId(first.id, unitId);
  const was = toZonedIso(first.event?.occurredAt as number);
  return new HttpError(
    409,
    'event_conflict',
    `this ${type} event was reported before as occurring at ${was}, which started task ${task} (due ${toZonedIso(first.dueAt)}); ` +
      `a report with occurredAt ${toZonedIso(occurredAt)} does not start another task or move its deadline`,
    'occurredAt',
  );
}

/**
 * Event-driven directives: reporting an event (a veteran newly verified, a merit award notice…) starts the task its
 * directive asks for at that unit, due by the directive's rule counted from when the event occurred. The same event
 * reported twice is one task: its id is derived from the event itself (eventAssignmentId).
 */
export function eventRoutes(deps: ApiDeps): Router {
  const { now = Date.now } = deps;
  const router = Router();
  const access = new Access(deps.readModel);

  router.post('/api/events', allow('reportEvent'), async (req, res) => {
    const body = parse(CreateEvent, req.body, 'body');
    // Event types are those of the published directives (立项 may add some), each at its current version.
    const match = await deps.readModel.directives.eventTrigger(body.type);
    if (!match) throw badField('type', `type: unknown event type ${body.type}; known: ${(await deps.readModel.directives.eventTypes()).join(', ')}`);
    const { directive, trigger } = match;
    const unit = await access.unit(res, 'reportEvent', body.unitId, 'unitId');
    if (!directive.levels.includes(unit.level)) {
      throw badField('unitId', `unitId: ${directive.id} is handled by ${directive.levels.join(', ')} units; ${unit.name} is a ${unit.level} unit`);
    }
    const occurredAt = parseInstant(body.occurredAt);
    if (occurredAt === undefined) throw badField('occurredAt', 'occurredAt: not a valid date-time');
    const recordedAt = now();
    if (occurredAt > recordedAt + CLOCK_SKEW_MS) throw badField('occurredAt', 'occurredAt: must not be in the future');

    // An event reported before this id rule (its id then also held occurredAt) is met by what it recorded.
    const reported = await deps.readModel.tasks.findEventAssignment(trigger.type, unit.id, body.subject);
    if (reported && reported.event?.occurredAt !== occurredAt) throw eventConflict(trigger.type, reported, unit.id, occurredAt);

    const input: AssignmentInput = {
      assignmentId: reported?.id ?? eventAssignmentId(trigger.type, unit.id, body.subject),
      directiveId: directive.id,
      directiveVersion: directive.version,
      scopeUnitId: unit.id,
      targetLevel: unit.level,
      // A deadline already past when the event is reported makes a task that is overdue from the start: a late
      // report does not earn more time.
      dueAt: resolveDeadline(trigger.deadline, occurredAt, await deps.readModel.workCalendar()),
      createdAt: recordedAt,
      event: { type: trigger.type, subject: body.subject, occurredAt },
    };
    const { registration, replayed } = await startAssignment(deps, input, () => true);
    // Two reports sent at once with different occurredAt meet one workflow: the one it recorded stands.
    const recorded = await deps.readModel.tasks.getAssignment(registration.assignmentId);
    if (recorded && recorded.event?.occurredAt !== occurredAt) throw eventConflict(trigger.type, recorded, unit.id, occurredAt);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    else {
      // The event's subject (often a person) stays with the assignment, out of the trail.
      const after = { type: trigger.type, directiveId: directive.id, unitId: unit.id, occurredAt: toZonedIso(occurredAt), dueAt: toZonedIso(input.dueAt) };
      await audit(deps.readModel, res, { action: 'event.report', subjectType: 'assignment', subjectId: registration.assignmentId, unit, after }, recordedAt);
    }
    res.status(201).json({
      assignmentId: registration.assignmentId,
      taskId: taskId(registration.assignmentId, unit.id),
      directiveId: directive.id,
      unitId: unit.id,
      occurredAt: toZonedIso(occurredAt),
      dueAt: toZonedIso(input.dueAt),
    });
  });

  router.get('/api/events/types', allow('read'), async (_req, res) => {
    res.json({
      types: await Promise.all(
        (await deps.readModel.directives.eventTypes()).map(async (type) => {
          const { directive, trigger } = (await deps.readModel.directives.eventTrigger(type)) as NonNullable<
            Awaited<ReturnType<typeof deps.readModel.directives.eventTrigger>>
          >;
          return { type, title: trigger.title, directiveId: directive.id, levels: directive.levels, deadline: trigger.deadline };
        }),
      ),
    });
  });

  return router;
}
