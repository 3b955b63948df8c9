import { api } from '../../api/client';
import type { TaskDetail, TaskSummary } from '../tasks/api';

/** The supervision routes (README "API"): the overdue list, 催办, 退回, 验收 and the extension decision. */

export type OrgLevel = 'province' | 'city' | 'county' | 'town' | 'village';
export const ORG_LEVELS: readonly OrgLevel[] = ['province', 'city', 'county', 'town', 'village'];

export interface OverdueTask extends TaskSummary {
  daysOverdue: number;
}

export interface OverdueQuery {
  scopeUnitId?: string;
  directiveId?: string;
  level?: OrgLevel;
  minDaysOverdue?: number;
  limit?: number;
  offset?: number;
}

export interface DirectiveOption {
  id: string;
  code: string;
  title: { zh: string };
}

const path = (taskId: string, action: string) => `/api/tasks/${encodeURIComponent(taskId)}/${action}`;

export const superviseApi = {
  overdue: (query: OverdueQuery, signal?: AbortSignal) =>
    api.get<{ scopeUnitId: string; total: number; limit: number; offset: number; tasks: OverdueTask[] }>('/api/overdue', { ...query }, signal),
  catalog: (signal?: AbortSignal) => api.get<{ count: number; directives: DirectiveOption[] }>('/api/catalog', undefined, signal),
  urge: (taskId: string, body: { note?: string }) => api.post<TaskDetail>(path(taskId, 'urge'), body),
  returnWork: (taskId: string, body: { reason: string; stepIds?: string[] }) => api.post<TaskDetail>(path(taskId, 'return'), body),
  accept: (taskId: string, body: { note?: string }) => api.post<TaskDetail>(path(taskId, 'accept'), body),
  decideExtension: (taskId: string, body: { approve: boolean; dueDate?: string; note?: string }) =>
    api.post<TaskDetail>(path(taskId, 'extension/decision'), body),
};

/** The overdue list as a 台账 download: the same query with format=xlsx (answered as an attachment). */
export function overdueXlsxUrl(query: OverdueQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '' && k !== 'limit' && k !== 'offset') params.set(k, String(v));
  params.set('format', 'xlsx');
  return `/api/overdue?${params.toString()}`;
}
