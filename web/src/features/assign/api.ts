import type { OrgLevel } from '../../../../domain/org';
import { api } from '../../api/client';
import type { Light } from '../../app/lights';

export type Provenance = 'text' | 'proposed' | 'external';
export type DirectiveKind = 'one-off' | 'recurring' | 'event' | 'standing';

/** A directive as GET /api/catalog gives it (domain/catalog/types.ts, its deadline rule described). */
export interface CatalogDirective {
  id: string;
  code: string;
  title: { zh: string; en: string };
  kinds: DirectiveKind[];
  /** A seed speech's file and section; a source entered at 立项 has its own title and date instead. */
  sources: Array<{ seed?: string; section?: string; title?: string; date?: string; quote: string }>;
  version?: number;
  levels: OrgLevel[];
  targetLevel: OrgLevel;
  deadline: { rule: { type: string }; provenance: Provenance; note?: string; description: string };
  cadence?: { rule: { every: string }; provenance: Provenance; note?: string };
}

export interface OrgUnitNode {
  id: string;
  parentId: string | null;
  name: string;
  level: OrgLevel;
  children: Array<{ id: string; name: string; level: OrgLevel }>;
}

export interface AssignmentPreview {
  directiveId: string;
  scopeUnitId: string;
  scopeName: string;
  targetLevel: OrgLevel;
  taskCount: number;
  dueAt: string;
  dueAtFrom: 'rule' | 'request';
  deadline: { description: string; provenance: Provenance; note?: string };
}

export interface AssignmentFields {
  directiveId: string;
  scopeUnitId: string;
  targetLevel?: OrgLevel;
  /** Omitted: the server applies the directive's default rule. */
  dueAt?: string;
  note?: string;
}

export interface ProgressCounts {
  total: number;
  done: number;
  doneLate: number;
  open: number;
  overdue: number;
  percentDone: number;
}

export interface Assignment {
  id: string;
  directiveId: string;
  scopeUnitId: string;
  targetLevel: OrgLevel;
  dueAt: string;
  createdAt: string;
  note?: string;
  taskCount: number;
  recurring?: { recurringId: string; periodKey: string };
  fanOut: { taskCount: number; started: number; complete: boolean };
  /** In the list only. */
  counts?: ProgressCounts;
}

export interface TaskRow {
  id: string;
  unitId: string;
  unitName: string;
  status: 'open' | 'done' | 'overdue';
  late: boolean;
  dueAt: string;
  doneAt?: string;
  stepsDone: number;
  stepsTotal: number;
}

export interface Progress extends ProgressCounts {
  assignmentId: string;
  dueAt: string;
  asOf: string;
  limit: number;
  offset: number;
  units: TaskRow[];
}

export interface RollupNode {
  unitId: string;
  name: string;
  level: OrgLevel;
  counts: { total: number; done: number; overdue: number; completionRate: number | null; onTimeRate: number | null; light: Light | null };
  children?: RollupNode[];
}

export interface Occurrence {
  periodKey: string;
  label: string;
  opensAt: string;
  dueAt: string;
  endsAt: string;
}

export interface RecurringSummary {
  id: string;
  directiveId: string;
  scopeUnitId: string;
  targetLevel: OrgLevel;
  cadence: { every: string };
  note?: string;
  createdAt: string;
}

export interface RecurringDetail extends RecurringSummary {
  schedule: { paused: boolean; note?: string; nextActionTimes?: string[]; [key: string]: unknown } | null;
  upcoming: Occurrence[];
  periods: Array<{ periodKey: string; assignmentId: string; taskCount: number; issuedAt: string; dueAt: string }>;
}

/** POST /api/recurring/preview (预演): the next 12 months of a recurring duty not yet created. */
export interface RecurringPreview {
  directiveId: string;
  title: string;
  scopeName: string;
  targetLevel: OrgLevel;
  from: string;
  to: string;
  unitCount: number;
  currentPeriod?: { periodKey: string; issued: boolean; reason?: string };
  totals: { periods: number; tasks: number; reminders: number; progressChecks: number; overdue: number; escalations: number };
  months: Array<{
    month: string;
    label: string;
    issued: { periods: string[]; tasks: number };
    deadlines: Array<{ periodKey: string; dueAt: string; tasks: number }>;
    reminders: number;
    progressChecks: number;
    overdue: number;
    escalations: number;
  }>;
  periods: Array<Occurrence & { issuedAt: string; taskCount: number; alarms: Array<{ key: string; notice: string; at: string; recipientRole: string }> }>;
  busiestUnits: Array<{ unitId: string; name: string; tasks: number; steps: number; otherRecurringTasks: number }>;
  busiestWeeks: Array<{ week: string; from: string; to: string; deadlines: number; otherRecurringDeadlines: number; notices: number }>;
}

export interface RecurringFields {
  id: string;
  directiveId: string;
  scopeUnitId: string;
  targetLevel?: OrgLevel;
  note?: string;
  issueCurrentPeriod?: boolean;
}

const enc = encodeURIComponent;

export const assignApi = {
  catalog: (filter: { kind?: string; level?: string }, signal?: AbortSignal) =>
    api.get<{ count: number; directives: CatalogDirective[] }>('/api/catalog', filter, signal),
  directive: (id: string, signal?: AbortSignal) => api.get<CatalogDirective>(`/api/catalog/${enc(id)}`, undefined, signal),
  org: (signal?: AbortSignal) => api.get<OrgUnitNode>('/api/org', undefined, signal),
  unit: (id: string, signal?: AbortSignal) => api.get<OrgUnitNode>(`/api/org/units/${enc(id)}`, undefined, signal),
  preview: (fields: Omit<AssignmentFields, 'note'>, signal?: AbortSignal) => api.get<AssignmentPreview>('/api/assignments/preview', { ...fields }, signal),
  create: (fields: AssignmentFields, idempotencyKey: string) =>
    api.post<{ id: string; taskCount: number; started: number }>('/api/assignments', fields, { headers: { 'Idempotency-Key': idempotencyKey } }),
  list: (query: { limit: number; offset: number; directiveId?: string }, signal?: AbortSignal) =>
    api.get<{ total: number; assignments: Assignment[] }>('/api/assignments', query, signal),
  assignment: (id: string, signal?: AbortSignal) => api.get<Assignment>(`/api/assignments/${enc(id)}`, undefined, signal),
  progress: (id: string, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    api.get<Progress>(`/api/assignments/${enc(id)}/progress`, page, signal),
  rollup: (id: string, signal?: AbortSignal) => api.get<{ tree: RollupNode }>(`/api/assignments/${enc(id)}/rollup`, { depth: 1 }, signal),
  progressXlsxUrl: (id: string) => `/api/assignments/${enc(id)}/progress?format=xlsx`,
  recurringList: (signal?: AbortSignal) => api.get<{ recurring: RecurringSummary[] }>('/api/recurring', undefined, signal),
  recurring: (id: string, signal?: AbortSignal) => api.get<RecurringDetail>(`/api/recurring/${enc(id)}`, undefined, signal),
  createRecurring: (fields: RecurringFields) => api.post<RecurringDetail>('/api/recurring', fields),
  /** 预演: the body of the create; nothing is created. */
  previewRecurring: (fields: Omit<RecurringFields, 'id'>) => api.post<RecurringPreview>('/api/recurring/preview', fields),
  setPaused: (id: string, paused: boolean, note?: string) =>
    api.post<RecurringDetail>(`/api/recurring/${enc(id)}/${paused ? 'pause' : 'resume'}`, note ? { note } : {}),
};

/** A fresh key per submission (RFC 4122 v4); crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
