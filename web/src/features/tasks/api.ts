import { api } from '../../api/client';

/**
 * The task routes as the web app uses them (README "API"): GET /api/tasks, GET /api/tasks/:id and its history, the
 * step completion with evidence and a visit record, 延期申请, and the evidence upload. Every write goes through the
 * shared client, which sends the CSRF header and the session cookie.
 */

export type TaskStatus = 'open' | 'overdue' | 'done';
export type Acceptance = 'awaiting' | 'accepted' | 'closed';
export type TaskStateFilter = 'open' | 'overdue' | 'done' | 'doneLate' | 'awaitingAcceptance' | 'extensionPending';

export interface TaskSummary {
  id: string;
  assignmentId: string;
  directiveId: string;
  directiveTitle?: string;
  unitId: string;
  unitName: string;
  status: TaskStatus;
  late: boolean;
  dueAt: string;
  originalDueAt?: string;
  createdAt: string;
  overdueAt?: string;
  doneAt?: string;
  stepsDone: number;
  stepsTotal: number;
  acceptance?: Acceptance;
  reviewEndsAt?: string;
  /** 分解: the task a sub-task was split from, and that task's unit (which decides on the sub-task's work). */
  parentTaskId?: string;
  parentUnitId?: string;
  /** A sub-task closed by its parent's holder (关闭), with the reason. */
  closedByHolder?: { at: string; by: string; reason: string };
  /** 签收/回退 (README "API"); absent on tasks from before it existed. */
  acknowledgement?: AcknowledgementView;
}

export type AcknowledgementState = 'pending' | 'acknowledged' | 'declined' | 'reassigned' | 'cancelled';

export interface AcknowledgementView {
  state: AcknowledgementState;
  acknowledgeBy?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  byWork?: boolean;
  remindedAt?: string;
  declinedAt?: string;
  declinedBy?: string;
  reason?: string;
  decidedAt?: string;
  decidedBy?: string;
  note?: string;
  reassignedTo?: { unitId: string; taskId: string };
}

export type EvidenceLink = { sha256: string; url: string } | { reference: string };

export interface VisitRecord {
  date: string;
  visitors: string;
  findings: string;
}

export interface TaskStep {
  id: string;
  title: string;
  done: boolean;
  completedAt?: string;
  completedBy?: string;
  note?: string;
  evidence?: EvidenceLink[];
  visit?: VisitRecord;
}

export interface ExtensionView {
  status: 'pending' | 'approved' | 'rejected';
  requestedAt: string;
  requestedBy: string;
  reason: string;
  requestedDueAt: string;
  decidedAt?: string;
  decidedBy?: string;
  grantedDueAt?: string;
  note?: string;
}

export interface TaskHistoryView {
  extensions: ExtensionView[];
  urges: Array<{ at: string; by: string; note?: string }>;
  returns: Array<{ at: string; by: string; reason: string; stepIds: string[] }>;
  accepted?: { at: string; by: string; note?: string };
}

export interface TaskDetail extends TaskSummary {
  steps: TaskStep[];
  /** Absent for tasks started before extensions, urges and returns existed. */
  history?: TaskHistoryView;
}

export interface TaskPage {
  total: number;
  limit: number;
  offset: number;
  tasks: TaskSummary[];
}

export interface AuditEntry {
  seq: number;
  at: string;
  requestId?: string;
  actor: { subject: string; name: string; role: string; unitId: string; issuedBy?: string };
  action: string;
  subjectType: string;
  subjectId: string;
  unitId: string;
  stepId?: string;
  before?: unknown;
  after?: unknown;
}

export interface EvidenceUpload {
  sha256: string;
  size: number;
  mediaType: string;
  fileName: string;
  unitId: string;
  taskId?: string;
  uploadedAt: string;
  url: string;
}

/** The assignment a task belongs to, as far as the task pages need it. */
export interface AssignmentInfo {
  id: string;
  directiveId: string;
  scopeUnitId: string;
  /** The unit it was issued at, when a person issued it: decisions on its tasks belong there or above. */
  assignedByUnitId?: string;
  createdAt: string;
  dueAt: string;
  /** Epoch ms: when the period the work is for began, if before the assignment was recorded. */
  periodStartsAt?: number;
  note?: string;
}

export interface TaskQuery {
  unitId?: string;
  assignmentId?: string;
  state?: TaskStateFilter;
  limit?: number;
  offset?: number;
}

export const tasksApi = {
  list: (query: TaskQuery, signal?: AbortSignal) => api.get<TaskPage>('/api/tasks', { ...query }, signal),
  get: (taskId: string, signal?: AbortSignal) => api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(taskId)}`, undefined, signal),
  history: (taskId: string, signal?: AbortSignal) =>
    api.get<{ taskId: string; total: number; entries: AuditEntry[] }>(`/api/tasks/${encodeURIComponent(taskId)}/history`, { limit: 1000 }, signal),
  assignment: (assignmentId: string, signal?: AbortSignal) =>
    api.get<AssignmentInfo>(`/api/assignments/${encodeURIComponent(assignmentId)}`, undefined, signal),
  completeStep: (taskId: string, stepId: string, body: { note?: string; evidence?: string[]; visit?: VisitRecord }) =>
    api.post<TaskDetail>(`/api/tasks/${encodeURIComponent(taskId)}/steps/${encodeURIComponent(stepId)}/complete`, body),
  acknowledge: (taskId: string) => api.post<TaskDetail>(`/api/tasks/${encodeURIComponent(taskId)}/acknowledge`, {}),
  decline: (taskId: string, body: { reason: string }) => api.post<TaskDetail>(`/api/tasks/${encodeURIComponent(taskId)}/decline`, body),
  reassign: (taskId: string, body: { unitId: string; note?: string }) => api.post<TaskDetail>(`/api/tasks/${encodeURIComponent(taskId)}/reassign`, body),
  cancelTask: (taskId: string, body: { note?: string }) => api.post<TaskDetail>(`/api/tasks/${encodeURIComponent(taskId)}/cancel`, body),
  requestExtension: (taskId: string, body: { reason: string; dueDate: string }) =>
    api.post<TaskDetail>(`/api/tasks/${encodeURIComponent(taskId)}/extension`, body),
  uploadEvidence: (file: Blob & { name?: string }, taskId?: string) => {
    const form = new FormData();
    if (taskId) form.append('taskId', taskId);
    form.append('file', file, file.name ?? 'evidence');
    return api.post<EvidenceUpload>('/api/evidence', form);
  },
};

/** The evidence file, served to readers of a unit that uploaded it (the session cookie goes with same-origin <img>). */
export const evidenceUrl = (sha256: string) => `/api/evidence/${sha256}`;
