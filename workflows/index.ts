// The workflow bundle's entry: every workflow the worker runs, each exported under the name its contract gives
// callers (contracts/*: ASSIGNMENT_WORKFLOW, …), typed by the signature it declares there.
export { assignmentWorkflow } from './assignment';
export { unitTaskWorkflow } from './unit-task';
export { recurringOccurrenceWorkflow } from './recurring';
export { petitionCaseWorkflow } from './petition-case';
export { rescreeningCampaignWorkflow } from './rescreening-campaign';
export { bulletinWorkflow } from './bulletin';
