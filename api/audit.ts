import type { Response } from 'express';
import type { Actor } from '../contracts/audit';
import type { AuditSubjectType, ReadModel, StoredUnit } from '../readmodel';
import { principalOf } from './access';

export interface AuditFact {
  /** The route's action, e.g. 'task.urge'. */
  action: string;
  subjectType: AuditSubjectType;
  subjectId: string;
  unit: StoredUnit;
  before?: unknown;
  after?: unknown;
}

/** The person and request behind a change a workflow makes: it records the audit entry with the change itself. */
export function actorOf(res: Response): Actor {
  return { ...principalOf(res), requestId: String(res.getHeader('x-request-id')) };
}

/** Records a change the request made, with the person and request behind it (留痕). */
export async function audit(readModel: ReadModel, res: Response, fact: AuditFact, at = Date.now()): Promise<void> {
  await readModel.audit.append({
    at,
    requestId: String(res.getHeader('x-request-id')),
    actor: principalOf(res),
    action: fact.action,
    subjectType: fact.subjectType,
    subjectId: fact.subjectId,
    unitId: fact.unit.id,
    unitPath: fact.unit.path,
    before: fact.before,
    after: fact.after,
  });
}
