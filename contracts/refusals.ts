import { ApplicationFailure } from '@temporalio/common';

/**
 * Why a workflow refused an update, as the failure type its validator throws; the API turns each into one answer.
 * Every entity uses the same three, so one refusal has one code wherever it happens.
 */
/** The entity's state does not allow the request now: 409. */
export const NOT_ALLOWED = 'NotAllowed';
/** The person may not take this decision on this entity (separation of duties): 403. */
export const FORBIDDEN = 'Forbidden';
/** A field the entity's rules refuse (details: [field]): 400 with the field. */
export const INVALID_FIELD = 'InvalidField';
/** The request names a part the entity does not have (a step, a campaign's screening): 404. */
export const NOT_FOUND = 'NotFound';

export const notAllowed = (message: string) => ApplicationFailure.create({ type: NOT_ALLOWED, message, nonRetryable: true });
export const forbidden = (message: string) => ApplicationFailure.create({ type: FORBIDDEN, message, nonRetryable: true });
export const invalidField = (field: string, message: string) =>
  ApplicationFailure.create({ type: INVALID_FIELD, message, details: [field], nonRetryable: true });
export const notFound = (message: string) => ApplicationFailure.create({ type: NOT_FOUND, message, nonRetryable: true });
