import { findDirective } from '../domain/catalog';
import type { Directive } from '../domain/catalog/types';
import { levelIndex, type OrgLevel } from '../domain/org';
import type { ReadModel, StoredUnit } from '../readmodel';
import { badField } from './errors';

/**
 * Checks what a leader assigns and where: the directive exists, the scope unit exists, and the level that gets the
 * tasks is one the directive is for and not above the scope. Shared by one-off and recurring assignments.
 */
export function resolveTarget(
  readModel: ReadModel,
  body: { directiveId: string; scopeUnitId: string; targetLevel?: OrgLevel | undefined },
): { directive: Directive; scope: StoredUnit; targetLevel: OrgLevel } {
  const directive = findDirective(body.directiveId);
  if (!directive) throw badField('directiveId', `directiveId: no directive ${body.directiveId} in the catalog`);
  const scope = readModel.org.get(body.scopeUnitId);
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
