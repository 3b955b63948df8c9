import { api } from '../../api/client';
import type { OrgLevel } from '../../../../domain/org';
import type { TaskDetail, TaskSummary } from '../tasks/api';

/**
 * 分解 as the web app uses it (README "API"): POST /api/tasks/:id/split and …/close, the split task's sub-tasks as
 * GET /api/tasks/:id lists them, and the holder's unit with its children (GET /api/org/units/:id).
 */

export interface Counts {
  total: number;
  done: number;
  doneLate: number;
  open: number;
  overdue: number;
  completionRate: number | null;
}

export interface SubTask extends TaskSummary {
  /** Its own figures (itself, or its sub-tasks when split in turn); null once closed. */
  progress: Counts | null;
}

/** A task as the task page reads it, with what 分解 adds. */
export interface SplitDetail extends TaskDetail {
  subTasks?: SubTask[];
  /** While any sub-task stands: the task's progress, which is its sub-tasks'. */
  subTaskProgress?: Counts;
}

export interface HolderUnit {
  id: string;
  name: string;
  level: OrgLevel;
  children: Array<{ id: string; name: string; level: OrgLevel }>;
}

const enc = encodeURIComponent;

export const splitApi = {
  unit: (unitId: string, signal?: AbortSignal) => api.get<HolderUnit>(`/api/org/units/${enc(unitId)}`, undefined, signal),
  split: (taskId: string, body: { unitIds: string[]; dueAt: string; stepIds: string[] }) => api.post<SplitDetail>(`/api/tasks/${enc(taskId)}/split`, body),
  close: (subTaskId: string, reason: string) => api.post<SplitDetail>(`/api/tasks/${enc(subTaskId)}/close`, { reason }),
  task: (taskId: string, signal?: AbortSignal) => api.get<SplitDetail>(`/api/tasks/${enc(taskId)}`, undefined, signal),
};
