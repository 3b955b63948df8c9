import { randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';
import { deeper, eventSubjectShown, type Role } from '../../domain/access';
import { z } from 'zod';
import { DEFAULT_LIGHT_THRESHOLDS } from '../../domain/lights';
import { describeDeadlineRule } from '../../domain/deadline';
import { derivedId } from '../../domain/ids';
import { ORG_LEVELS } from '../../domain/org';
import { tallyProgress } from '../../domain/task';
import { toZonedIso } from '../../domain/time';
import type { AssignmentRecord, StoredUnit } from '../../readmodel';
import { concerningIds } from '../../readmodel/concerning';
import type { AssignmentInput } from '../../contracts/assignment';
import { Access, allow, principalOf } from '../access';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, notFound, parse } from '../errors';
import { Id, Instant, Paging } from '../schemas';
import { startAssignment } from '../assignment-start';
import { planAssignment } from '../assignment-target';
import { assignmentRollup } from '../reports';
import { taskView } from '../views';
import { PROGRESS_COLUMNS, ROLLUP_COLUMNS, rollupLines } from '../exports/lists';
import { allRows, exportFormat, fileDay, sendXlsx } from '../exports/xlsx';

const CreateAssignment = z.strictObject({
  directiveId: z.string().min(1).max(128),
  scopeUnitId: Id,
  dueAt: Instant.optional(),
  note: z.string().max(2000).optional(),
  targetLevel: z.enum(ORG_LEVELS).optional(),
});

/** The fields of a create, less the note: what GET /api/assignments/preview is asked about. */
const PreviewQuery = CreateAssignment.omit({ note: true });

const RollupQuery = z.strictObject({
  /** The subtree to show; the assignment's scope by default. */
  unitId: Id.optional(),
  /** Levels of children below it; 1 shows the unit and its children. */
  depth: z.coerce.number().int().min(0).max(4).default(1),
});

/** Assignments that concern the reader (made inside their subtree or above them), newest first. */
const ListQuery = z.strictObject({
  scopeUnitId: Id.optional(),
  directiveId: z.string().min(1).max(128).optional(),
  limit: Paging.limit,
  offset: Paging.offset,
});

const ProgressQuery = z.strictObject({ limit: Paging.limit, offset: Paging.offset });

const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1–128 letters, digits or "_.:-"');

/** A retried request with the same Idempotency-Key maps to the same assignment id, hence the same workflow. */
function assignmentIdFor(idempotencyKey: string | undefined): string {
  return idempotencyKey ? derivedId('a', idempotencyKey) : `a${randomBytes(8).toString('hex')}`;
}

function sameRequest(existing: AssignmentRecord, input: AssignmentInput, dueAtGiven: boolean): boolean {
  return (
    existing.directiveId === input.directiveId &&
    existing.scopeUnitId === input.scopeUnitId &&
    (!dueAtGiven || existing.dueAt === input.dueAt)
  );
}

/** The event behind an event-driven assignment; a petition case named as its subject only to those who may read cases. */
function eventView({ subject, ...event }: NonNullable<AssignmentRecord['event']>, role: Role) {
  return { ...event, ...(eventSubjectShown(role, event.type) ? { subject } : {}), occurredAt: toZonedIso(event.occurredAt) };
}

export function assignmentRoutes(deps: ApiDeps): Router {
  const { readModel, now = Date.now, lights = DEFAULT_LIGHT_THRESHOLDS } = deps;
  const router = Router();
  const access = new Access(readModel);

  router.post('/api/assignments', allow('assign'), async (req, res) => {
    const body = parse(CreateAssignment, req.body, 'body');
    const scopeUnit = await access.unit(res, 'assign', body.scopeUnitId, 'scopeUnitId');
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IdempotencyKey.safeParse(key).success) {
      throw badField('Idempotency-Key', 'Idempotency-Key: must be 1–128 letters, digits or "_.:-"');
    }
    const createdAt = now();
    const { directive, scope, targetLevel, dueAt } = await planAssignment(readModel, body, createdAt);

    const input: AssignmentInput = {
      assignmentId: assignmentIdFor(key),
      directiveId: directive.id,
      directiveVersion: directive.version,
      scopeUnitId: scope.id,
      assignedByUnitId: (await access.home(res)).id,
      dueAt,
      createdAt,
      ...(body.note !== undefined ? { note: body.note } : {}),
      ...(body.targetLevel !== undefined ? { targetLevel } : {}),
    };

    // A retry with the same Idempotency-Key gets the original answer, but only for the same request.
    const { registration: result, replayed } = await startAssignment(deps, input, (existing) =>
      sameRequest(existing, input, body.dueAt !== undefined),
    );
    if (replayed) res.set('Idempotent-Replayed', 'true');
    else {
      await audit(readModel, res, {
        action: 'assignment.create',
        subjectType: 'assignment',
        subjectId: result.assignmentId,
        unit: scopeUnit,
        after: { directiveId: input.directiveId, directiveVersion: input.directiveVersion, scopeUnitId: input.scopeUnitId, dueAt: toZonedIso(input.dueAt), targetLevel, note: input.note, taskCount: result.taskCount },
      }, createdAt);
    }
    // A large fan-out answers once recorded: 202 and where to watch it; otherwise every task has started.
    res
      .status(result.started === result.taskCount ? 201 : 202)
      .set('Location', `/api/assignments/${result.assignmentId}`)
      .json({ id: result.assignmentId, taskCount: result.taskCount, started: result.started });
  });

  // What a create with the same fields would make, now: how many tasks, at which level, due when (the directive's
  // default rule unless dueAt is given). Nothing is recorded; registered before /:assignmentId.
  router.get('/api/assignments/preview', allow('assign'), async (req, res) => {
    const query = parse(PreviewQuery, req.query, 'query');
    await access.unit(res, 'assign', query.scopeUnitId, 'scopeUnitId');
    const plan = await planAssignment(readModel, query, now());
    const { deadline } = plan.directive;
    res.json({
      directiveId: plan.directive.id,
      directiveVersion: plan.directive.version,
      scopeUnitId: plan.scope.id,
      scopeName: plan.scope.name,
      scopeLevel: plan.scope.level,
      targetLevel: plan.targetLevel,
      taskCount: (await plan.units()).length,
      dueAt: toZonedIso(plan.dueAt),
      dueAtFrom: plan.dueAtFrom,
      deadline: { description: describeDeadlineRule(deadline.rule), provenance: deadline.provenance, ...(deadline.note !== undefined ? { note: deadline.note } : {}) },
    });
  });

  const readable = async (res: Response, params: unknown): Promise<AssignmentRecord> => {
    const { assignmentId } = parse(z.object({ assignmentId: Id }), params, 'params');
    const assignment = await readModel.tasks.getAssignment(assignmentId);
    if (!assignment) throw notFound('assignment', assignmentId);
    await access.concerned(res, assignment.scopeUnitId, 'assignment', assignmentId);
    return assignment;
  };

  /** An assignment as the reader may see it (domain/access: a follow-up's case only to those who read cases). */
  const view = async (res: Response, assignment: AssignmentRecord) => {
    const started = await readModel.tasks.startedTaskCount(assignment.id);
    return {
      ...assignment,
      dueAt: toZonedIso(assignment.dueAt),
      createdAt: toZonedIso(assignment.createdAt),
      ...(assignment.event ? { event: eventView(assignment.event, principalOf(res).role) } : {}),
      fanOut: { taskCount: assignment.taskCount, started, complete: started === assignment.taskCount },
    };
  };

  router.get('/api/assignments', allow('read'), async (req, res) => {
    const query = parse(ListQuery, req.query, 'query');
    if (query.scopeUnitId !== undefined && !(await readModel.org.get(query.scopeUnitId))) throw badField('scopeUnitId', `scopeUnitId: no unit ${query.scopeUnitId}`);
    const home = await access.home(res);
    const { total, ids } = await concerningIds(readModel.db, 'assignments', { homePath: home.path, ...query });
    const at = now();
    res.json({
      asOf: toZonedIso(at),
      total,
      limit: query.limit,
      offset: query.offset,
      assignments: await Promise.all(
        ids.map(async (id) => {
          const assignment = (await readModel.tasks.getAssignment(id)) as AssignmentRecord;
          // The counts are over the tasks the reader can see, as /progress counts them.
          return { ...(await view(res, assignment)), counts: tallyProgress(await readModel.tasks.statusCountsOfAssignment(id, home.path, at)) };
        }),
      ),
    });
  });

  // From the read model alone: the assignment workflow is busy starting tasks during a large fan-out, and asking it
  // then took seconds or failed.
  router.get('/api/assignments/:assignmentId', allow('read'), async (req, res) => {
    res.json(await view(res, await readable(res, req.params)));
  });

  /** The title an assignment's export names it by: its directive's, as the version it was made from. */
  const titleOf = async (assignment: AssignmentRecord) =>
    (await readModel.directives.of(assignment.directiveId, assignment.directiveVersion))?.title.zh ?? assignment.directiveId;

  /** The file name of an assignment's export: what the list is, the directive's title, the day. */
  const exportName = (list: string, ascii: string, assignment: AssignmentRecord, title: string, at: number) => ({
    zh: `${list}_${title}_${fileDay(at)}`,
    ascii: `${ascii}_${assignment.id}_${fileDay(at)}`,
  });

  router.get('/api/assignments/:assignmentId/rollup', allow('read'), async (req, res) => {
    const assignment = await readable(res, req.params);
    const assignmentId = assignment.id;
    const asked = exportFormat(req.query);
    const query = parse(RollupQuery, asked.query, 'query');
    // By default the assignment's scope, or the reader's own unit when they sit inside it.
    const root =
      query.unitId !== undefined
        ? await access.unit(res, 'read', query.unitId)
        : (deeper(await access.home(res), (await readModel.org.get(assignment.scopeUnitId)) as StoredUnit) as StoredUnit);
    const at = now();
    const body = {
      assignmentId,
      directiveId: assignment.directiveId,
      dueAt: toZonedIso(assignment.dueAt),
      asOf: toZonedIso(at),
      tree: await assignmentRollup(readModel, assignmentId, root, query.depth, at, lights),
    };
    if (asked.xlsx) {
      const title = await titleOf(assignment);
      await sendXlsx(res, exportName('汇总台账', 'rollup', assignment, title, at), [{ name: '汇总', columns: ROLLUP_COLUMNS, rows: rollupLines(body.tree) }], {
        title: `汇总台账：${title}（${root.name}）`,
        asOf: body.asOf,
        query: { unitId: root.id, depth: query.depth },
        extra: [['截止时间', body.dueAt]],
      });
      return;
    }
    res.json(body);
  });

  router.get('/api/assignments/:assignmentId/progress', allow('read'), async (req, res) => {
    const assignment = await readable(res, req.params);
    const assignmentId = assignment.id;
    const asked = exportFormat(req.query);
    const { limit, offset } = parse(ProgressQuery, asked.query, 'query');
    const within = (await access.home(res)).path;
    const at = now();
    // The totals are over every unit the reader can see; `units` is one page of them (`total` long in all).
    const tally = tallyProgress(await readModel.tasks.statusCountsOfAssignment(assignmentId, within, at));
    const page = async (limit: number, offset: number) => ({
      total: tally.total,
      rows: await Promise.all(
        (await readModel.tasks.taskPageOfAssignment(assignmentId, within, { limit, offset }, at)).map((t) => taskView(t, readModel.directives)),
      ),
    });
    if (asked.xlsx) {
      const { rows, total, capped } = await allRows(page);
      const title = await titleOf(assignment);
      await sendXlsx(res, exportName('任务进度台账', 'progress', assignment, title, at), [{ name: '任务进度', columns: PROGRESS_COLUMNS, rows }], {
        title: `任务进度台账：${title}`,
        asOf: toZonedIso(at),
        query: {},
        extra: [
          ['截止时间', toZonedIso(assignment.dueAt)],
          ['任务数', tally.total],
          ['已完成', tally.done],
          ['已逾期', tally.overdue],
          ['完成率(%)', tally.percentDone],
        ],
        ...(capped ? { total } : {}),
      });
      return;
    }
    res.json({
      assignmentId,
      directiveId: assignment.directiveId,
      dueAt: toZonedIso(assignment.dueAt),
      asOf: toZonedIso(at),
      ...tally,
      limit,
      offset,
      units: (await page(limit, offset)).rows,
    });
  });

  return router;
}
