import { api } from '../../api/client';
import type { Light } from '../../app/lights';

export interface BulletinHeader {
  id: string;
  scopeUnitId: string;
  scopeName?: string;
  period: string;
  periodLabel: string;
  asOf: string;
  source: 'request' | 'schedule';
  createdBy: { name: string; role: string; unitId: string };
}

export interface RankedUnit {
  unitId: string;
  name: string;
  rank: number | null;
  total: number;
  done: number;
  doneLate: number;
  open: number;
  overdue: number;
  completionRate: number | null;
  onTimeRate: number | null;
  light: Light | null;
}

export interface OverdueTask {
  id: string;
  unitId: string;
  unitName?: string;
  directiveId: string;
  directiveTitle?: string;
  dueAt: string;
  daysOverdue: number;
}

export interface StandardFigure {
  standardId: string;
  title: { zh: string };
  applicable: number;
  compliant: number;
  nonCompliant: number;
  missing: number;
  complianceRate: number | null;
  light: Light | null;
  /** The same per child unit of the scope. */
  children?: unknown[];
}

export interface Bulletin extends BulletinHeader {
  totals: Omit<RankedUnit, 'unitId' | 'name' | 'rank'>;
  ranking: RankedUnit[];
  overdue: { total: number; limit: number; tasks: OverdueTask[]; places: Record<string, string> };
  praised: Array<{ unitId: string; name: string; rank: number | null; reason: string }>;
  standards: Array<{ directiveId: string; code: string; title: string; standards: StandardFigure[] }>;
  /** 签收 figures (api/bulletins/figures.ts bulletinAcknowledgement); null in a bulletin made before they were counted. */
  acknowledgement: {
    rate: number | null;
    averageHours: number | null;
    issued: number;
    acknowledged: number;
    acknowledgedLate: number;
    awaiting: number;
    overdue: number;
    declined: number;
  } | null;
}

const enc = encodeURIComponent;

export const bulletinsApi = {
  list: (scopeUnitId: string, signal?: AbortSignal) =>
    api.get<{ scopeUnitId: string; name: string; bulletins: BulletinHeader[] }>('/api/bulletins', { scopeUnitId }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<Bulletin>(`/api/bulletins/${enc(id)}`, undefined, signal),
  create: (body: { scopeUnitId: string; period: string }) => api.post<Bulletin>('/api/bulletins', body),
  docxUrl: (id: string) => `/api/bulletins/${enc(id)}?format=docx`,
};
