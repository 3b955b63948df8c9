import type { OrgLevel } from '../../../../domain/org';
import { api } from '../../api/client';

export type DirectiveKind = 'one-off' | 'recurring' | 'event' | 'standing';
export type SourceKind = 'speech' | 'instruction' | 'meeting';

/** One version's content as GET /api/directives/:id gives it (a catalog entry: domain/catalog/types.ts). */
export interface DirectiveContent {
  id: string;
  code: string;
  version: number;
  title: { zh: string; en: string };
  kinds: DirectiveKind[];
  sources: Array<{ kind?: SourceKind; seed?: string; title?: string; date?: string; section?: string; quote: string }>;
  levels: OrgLevel[];
  targetLevel: OrgLevel;
  steps: Array<{ id: string; title: { zh: string; en: string }; provenance: string }>;
  evidence: string[];
  standards: unknown[];
  deadline: { rule: { type: string; days?: number; hours?: number }; provenance: string; note?: string; description?: string };
  cadence?: { rule: { every: string; holidays?: string[]; periods?: string[] }; provenance: string; note?: string; dueAtPeriodEnd?: boolean };
  triggers?: unknown[];
  externalDependency?: string;
}

export interface DirectiveSummary {
  id: string;
  code: string;
  title: string;
  seeded: boolean;
  unitId?: string;
  createdAt: string;
  status: 'draft' | 'published';
  publishedVersion?: number;
  draftVersion?: number;
  latestVersion: number;
}

export interface DirectiveVersion {
  version: number;
  status: 'current' | 'superseded' | 'draft';
  createdAt: string;
  createdBy?: { name: string; role: string; unitId: string };
  publishedAt?: string;
  publishedBy?: { name: string; role: string; unitId: string };
  directive: DirectiveContent;
}

export interface DirectiveDetail extends DirectiveSummary {
  versions: DirectiveVersion[];
}

/** The body of POST /api/directives and PUT /api/directives/:id: a catalog entry without id, code and version. */
export type DirectiveBody = Omit<DirectiveContent, 'id' | 'code' | 'version'>;

const enc = encodeURIComponent;

export const directivesApi = {
  list: (status: 'draft' | 'published' | undefined, signal?: AbortSignal) =>
    api.get<{ count: number; directives: DirectiveSummary[] }>('/api/directives', { status }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<DirectiveDetail>(`/api/directives/${enc(id)}`, undefined, signal),
  create: (body: DirectiveBody, idempotencyKey: string) =>
    api.post<DirectiveDetail>('/api/directives', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  edit: (id: string, body: DirectiveBody) => api.put<DirectiveDetail>(`/api/directives/${enc(id)}`, body),
  publish: (id: string) => api.post<DirectiveDetail>(`/api/directives/${enc(id)}/publish`),
};
