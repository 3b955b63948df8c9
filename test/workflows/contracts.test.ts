import { describe, expect, it } from 'vitest';
import { ASSIGNMENT_WORKFLOW } from '../../contracts/assignment';
import { BULLETIN_WORKFLOW } from '../../contracts/bulletin';
import { PETITION_CASE_WORKFLOW } from '../../contracts/petition-case';
import { RECURRING_OCCURRENCE_WORKFLOW } from '../../contracts/recurring';
import { RESCREENING_CAMPAIGN_WORKFLOW } from '../../contracts/rescreening-campaign';
import { UNIT_TASK_WORKFLOW } from '../../contracts/unit-task';
import * as bundle from '../../workflows';

// Callers start workflows by the name their contract gives; the bundle must export each under exactly that name.
describe('workflow contracts', () => {
  it('name every workflow the bundle exports, and only those', () => {
    const named = [ASSIGNMENT_WORKFLOW, UNIT_TASK_WORKFLOW, RECURRING_OCCURRENCE_WORKFLOW, PETITION_CASE_WORKFLOW, RESCREENING_CAMPAIGN_WORKFLOW, BULLETIN_WORKFLOW];
    expect(Object.keys(bundle).sort()).toEqual([...named].sort());
    for (const name of named) expect(typeof (bundle as Record<string, unknown>)[name]).toBe('function');
  });
});
