import { api } from '../../api/client';

// The stages and the four checks are the domain's own lists (domain/ is side-effect free, so only these constants
// reach the bundle).
export { PETITION_STAGES as STAGES } from '../../../../domain/petition';
import type { ScreeningCheck } from '../../../../domain/petition-campaign';
export { SCREENING_CHECKS as CHECKS } from '../../../../domain/petition-campaign';
export type Check = ScreeningCheck;

/** A case as lists show it: no personal fields. */
export interface CaseRow {
  id: string;
  unitId: string;
  unitName: string;
  summary: string;
  stage: string;
  stageName: string;
  receivedAt?: string;
  activeClock?: string;
  activeDueAt?: string;
  overdue: boolean;
}

export interface Clock {
  kind: string;
  name: string;
  status: 'open' | 'overdue' | 'met';
  startAt?: string;
  dueAt?: string;
  originalDueAt?: string;
  metAt?: string;
  late: boolean;
  overdueAt?: string;
}

export interface Screening {
  campaignId: string;
  caseId: string;
  status: 'pending' | 'overdue' | 'passed' | 'failed';
  dueAt?: string;
  checks?: Record<Check, 'pass' | 'fail'>;
  failed?: Array<{ check: Check; name: string }>;
  note?: string;
  screenedAt?: string;
  late: boolean;
  overdueAt?: string;
}

/** A case on its own page: the petitioner's name and contact only as the API gives them. */
export interface CaseDetail extends CaseRow {
  petitioner?: string;
  contact?: string;
  facts: Record<string, string | undefined>;
  extension?: { days: number; reason: string; at?: string };
  clocks: Clock[];
  screenings: Screening[];
  log: Array<{ at?: string; action: string; by: string; note?: string; unitId?: string }>;
}

export interface Campaign {
  id: string;
  scopeUnitId: string;
  scopeUnitName?: string;
  status: 'scheduled' | 'open' | 'ended';
  opensAt?: string;
  dueAt?: string;
  sensitivePeriod?: { year: number; key: string; name: string; start: string; end: string };
  note?: string;
  progress: { cases: number; pending: number; screened: number; passed: number; failed: number; overdue: number; screenedLate: number; followUps: number };
}

const casePath = (id: string) => `/api/petitions/${encodeURIComponent(id)}`;

export const petitionsApi = {
  cases: (query: { unitId?: string; stage?: string; overdue?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    api.get<{ total: number; cases: CaseRow[] }>('/api/petitions', query, signal),
  case: (id: string, signal?: AbortSignal) => api.get<CaseDetail>(casePath(id), undefined, signal),
  campaigns: (signal?: AbortSignal) => api.get<{ total: number; campaigns: Campaign[] }>('/api/petitions/campaigns', { limit: 100 }, signal),
  campaign: (id: string, signal?: AbortSignal) => api.get<Campaign>(`/api/petitions/campaigns/${encodeURIComponent(id)}`, undefined, signal),
  screen: (caseId: string, campaignId: string, body: { checks: Record<Check, 'pass' | 'fail'>; note?: string }) =>
    api.post<Screening>(`${casePath(caseId)}/screenings/${encodeURIComponent(campaignId)}`, body),
};

/** The app's address of a case page: the case number (may be Chinese, 延信2026第12号) URL-encoded. */
export const casePage = (id: string) => `/petitions/cases/${encodeURIComponent(id)}`;
export const campaignPage = (id: string) => `/petitions/campaigns/${encodeURIComponent(id)}`;
export const when = (iso?: string) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');
export const day = (iso?: string) => (iso ? iso.slice(0, 10) : '—');
