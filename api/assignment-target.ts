import { resolveDeadline } from '../domain/deadline';
import { parseInstant } from '../domain/time';
import { levelIndex, type OrgLevel } from '../domain/org';
import type { ReadModel, StoredUnit, VersionedDirective } from '../readmodel';
import { badField, HttpError } from './errors';

/**
 * Checks what a leader assigns and where: the directive exists and is published (立项: its current published version
 * is what the work is made from; a draft is 409 `not_published`), the scope unit exists, and the level that gets the
 * tasks is one the directive is for and not above the scope. Shared by one-off and recurring assignments.
 */
export async function resolveTarget(
  readModel: ReadModel,
  body: { directiveId: string; scopeUnitId: string; targetLevel?: OrgLevel | undefined },
): Promise<{ directive: VersionedDirective; scope: StoredUnit; targetLevel: OrgLevel }> {
  const directive = await readModel.directives.current(body.directiveId);
  if (!directive) {
    if (await readModel.directives.summary(body.directiveId)) {
      throw new HttpError(409, 'not_published', `directiveId: ${body.directiveId} is a draft; publish it before assigning it`, 'directiveId');
    }
    throw badField('directiveId', `directiveId: no directive ${body.directiveId} in the catalog`);
  }
  const scope = await readModel.org.get(body.scopeUnitId);
  if (!scope) throw badField('scopeUnitId', `scopeUnitId: no unit ${body.scopeUnitId}`);
  const targetLevel = body.targetLevel ?? directive.targetLevel;
  if (!directive.levels.includes(targetLevel)) {
    throw badField('targetLevel', `targetLevel: ${directive.id} is for ${directive.levels.join(', ')} units, not ${targetLevel}`);
  }
  if (levelIndex(scope.level) > levelIndex(targetLevel)) {
    throw badField(
      'scopeUnitId',
      `scopeUnitId: ${directive.id} is for ${targetLevel} units; ${scope.name} is a ${scope.level} unit below that level`,
    );
  }
  return { directive, scope, targetLevel };
}

/**
 * What a one-off assignment will be, before or when it is made: its target (resolveTarget), its deadline (the one
 * given, else the directive's default rule counted from `createdAt`) and the units that get a task — the units the
 * assignment workflow's record step takes (readModel.org.unitsAtLevel, activities/index.ts). POST /api/assignments
 * and its preview both ask this, so the preview's count and date are the ones the create uses.
 */
export async function planAssignment(
  readModel: ReadModel,
  body: { directiveId: string; scopeUnitId: string; targetLevel?: OrgLevel | undefined; dueAt?: string | undefined },
  createdAt: number,
): Promise<{
  directive: VersionedDirective;
  scope: StoredUnit;
  targetLevel: OrgLevel;
  dueAt: number;
  dueAtFrom: 'request' | 'rule';
  units: () => Promise<StoredUnit[]>;
}> {
  const target = await resolveTarget(readModel, body);
  const dueAt =
    body.dueAt === undefined ? resolveDeadline(target.directive.deadline.rule, createdAt, await readModel.workCalendar()) : parseInstant(body.dueAt);
  if (dueAt === undefined) throw badField('dueAt', 'dueAt: not a valid date-time');
  if (dueAt <= createdAt) throw badField('dueAt', 'dueAt: must be in the future');
  return {
    ...target,
    dueAt,
    dueAtFrom: body.dueAt === undefined ? 'rule' : 'request',
    units: async () => readModel.org.unitsAtLevel(target.scope.id, target.targetLevel),
  };
}
