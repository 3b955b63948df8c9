import { z } from 'zod';
import { ID_PATTERN } from '../domain/ids';
import { CASE_ID_RULE, isCaseId } from '../domain/petition-id';
import { TASK_STATE_FILTERS } from '../domain/task';

export const Id = z.string().regex(ID_PATTERN, 'must be 1–128 letters, digits, "-", "_" or "."');
/** A petition case number (信访事项编号), which may be Chinese: domain/petition-id. */
export const CaseId = z.string().refine(isCaseId, `must be a case number: ${CASE_ID_RULE}`);

export const Paging = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

/** An instant: ISO-8601, with an offset or read as Shanghai wall-clock time. */
export const Instant = z.iso.datetime({ offset: true, local: true, message: 'must be an ISO-8601 date-time' });

export const StateFilter = z.enum(TASK_STATE_FILTERS);
