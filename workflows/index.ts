// The workflow bundle's entry: every workflow the worker runs.
export { assignmentWorkflow } from './assignment';
export { unitTaskWorkflow } from './unit-task';
export { recurringOccurrenceWorkflow } from './recurring';
export { petitionCaseWorkflow } from './petition-case';
export { rescreeningCampaignWorkflow } from './rescreening-campaign';
