import type { Response } from 'express';
import type { Action } from '../../../domain/access';
import type { ReadModel, StoredUnit } from '../../../readmodel';
import type { PetitionCaseRecord } from '../../../readmodel/petition-store';
import type { Access } from '../../access';
import { notFound } from '../../errors';

/**
 * The case, if the person may take `action` on it. A case outside what they may read is not found: that a
 * petition exists at another unit is itself private. One they may read but not act on is 403.
 */
export async function caseFor(
  { access, readModel }: { access: Access; readModel: ReadModel },
  res: Response,
  caseId: string,
  action: Action,
): Promise<{ record: PetitionCaseRecord; unit: StoredUnit }> {
  const record = await readModel.petitions.getCase(caseId);
  const unit = record && (await readModel.org.get(record.unitId));
  if (!record || !unit) throw notFound('petition case', caseId);
  await access.check(res, 'readPetitions', unit, { what: 'petition case', id: caseId });
  return { record, unit: await access.check(res, action, unit) };
}
