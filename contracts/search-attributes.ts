import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * What the project indexes in Temporal Visibility, for operators finding a workflow in the UI or CLI. Reports do not
 * read these (the read model does), and none of them may ever hold personal data.
 */
export const DirectiveIdKey = defineSearchAttributeKey('DubanDirectiveId', SearchAttributeType.KEYWORD);
export const UnitIdKey = defineSearchAttributeKey('DubanUnitId', SearchAttributeType.KEYWORD);
export const AssignmentIdKey = defineSearchAttributeKey('DubanAssignmentId', SearchAttributeType.KEYWORD);
export const TaskStatusKey = defineSearchAttributeKey('DubanTaskStatus', SearchAttributeType.KEYWORD);
export const DueAtKey = defineSearchAttributeKey('DubanDueAt', SearchAttributeType.DATETIME);

export const SEARCH_ATTRIBUTES = [DirectiveIdKey, UnitIdKey, AssignmentIdKey, TaskStatusKey, DueAtKey] as const;
