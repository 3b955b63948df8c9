import { ACTIONS, type Action } from '../../../../domain/access';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/hooks';
import type { AssignmentInfo, TaskDetail } from '../tasks/api';
import type { Role } from '../../app/pages';
import type { Person } from '../session/session';

/** Whether a role may take an action at all: the role table every API route consults (domain/access.ts). */
export const roleMay = (role: Role, action: Action) => role in ACTIONS[action];

/** Whether a unit lies in the reader's subtree: GET /api/org/units/:id answers only for those (403 otherwise). */
const reach = new Map<string, Promise<boolean>>();
function withinReach(home: string, unitId: string): Promise<boolean> {
  const key = `${home}>${unitId}`;
  let known = reach.get(key);
  if (!known) {
    known = api.get(`/api/org/units/${encodeURIComponent(unitId)}`).then(
      () => true,
      (err: unknown) => {
        reach.delete(key);
        if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return false;
        throw err;
      },
    );
    reach.set(key, known);
  }
  return known;
}

/**
 * Separation of duties (domain/access.ts `oversees`): a decision on a task (延期审批, 退回, 验收) belongs to the unit its
 * assignment was issued at or one above it, and never to the unit that holds the task. The person's unit must hold
 * the issuer in its subtree (the task, being readable, is in it) and not be the task's unit.
 */
export async function oversees(person: Person, task: { unitId: string; parentUnitId?: string }, assignment: AssignmentInfo): Promise<boolean> {
  if (task.unitId === person.unitId) return false;
  // A sub-task (分解) was issued by the unit holding the task it was split from.
  const issuer = task.parentUnitId ?? assignment.assignedByUnitId ?? assignment.scopeUnitId;
  if (issuer === person.unitId) return true;
  return withinReach(person.unitId, issuer);
}

export interface DecisionRights {
  urge: boolean;
  returnWork: boolean;
  acceptWork: boolean;
  decideExtension: boolean;
}

const NONE: DecisionRights = { urge: false, returnWork: false, acceptWork: false, decideExtension: false };

/** What the person may do to this task now: buttons are shown only for these (the API refuses the rest anyway). */
export function rightsOn(person: Person, task: TaskDetail, overseen: boolean): DecisionRights {
  const reviewable = task.status === 'done' && task.acceptance === 'awaiting';
  const pending = task.history?.extensions.some((e) => e.status === 'pending') ?? false;
  return {
    urge: roleMay(person.role, 'urge') && task.status !== 'done' && task.unitId !== person.unitId,
    returnWork: roleMay(person.role, 'returnWork') && overseen && reviewable,
    acceptWork: roleMay(person.role, 'acceptWork') && overseen && reviewable,
    decideExtension: roleMay(person.role, 'decideExtension') && overseen && pending,
  };
}

/** The decision rights on a task, once its assignment is known; none until then. */
export function useDecisionRights(person: Person | undefined, task: TaskDetail | undefined, assignment: AssignmentInfo | undefined): DecisionRights {
  const decides = person !== undefined && (['returnWork', 'acceptWork', 'decideExtension'] as const).some((a) => roleMay(person.role, a));
  const { data: overseen } = useApi(
    async () => (person && task && assignment && decides ? oversees(person, task, assignment) : false),
    [person?.unitId, person?.role, task?.unitId, task?.parentUnitId, assignment?.id],
  );
  if (!person || !task) return NONE;
  return rightsOn(person, task, overseen ?? false);
}
