import type { OrgLevel } from '../../../../domain/org';
import { api } from '../../api/client';
import type { Light } from '../../app/lights';

/** A unit's or a directive's counts and rates, as GET /api/units/:unitId/summary gives them. */
export interface Counts {
  total: number;
  done: number;
  doneLate: number;
  open: number;
  overdue: number;
  atRisk: number;
  dueSoon: number;
  stepsDone: number;
  stepsTotal: number;
  completionRate: number | null;
  onTimeRate: number | null;
  progressRate: number | null;
  light: Light | null;
}

export interface DirectiveSummary extends Counts {
  directiveId: string;
  code?: string;
  title?: string;
}

export interface RankedUnit extends Counts {
  unitId: string;
  name: string;
  level: OrgLevel;
  /** Null: nothing in scope, listed last. */
  rank: number | null;
}

export interface UnitSummary {
  unitId: string;
  name: string;
  level: OrgLevel;
  asOf: string;
  totals: Counts;
  /** 签收 figures of the subtree (签收率 in percent; null when no 签收 has come due yet). */
  acknowledgement?: { acknowledgementRate: number | null; averageHoursToAcknowledge: number | null; overdue: number; issued: number };
  directives: DirectiveSummary[];
  ranking: RankedUnit[];
}

export interface OrgUnitView {
  id: string;
  parentId: string | null;
  name: string;
  level: OrgLevel;
  children: Array<{ id: string; name: string; level: OrgLevel }>;
}

export const dashboardApi = {
  summary: (unitId: string, directiveId: string | undefined, signal?: AbortSignal) =>
    api.get<UnitSummary>(`/api/units/${encodeURIComponent(unitId)}/summary`, { directiveId }, signal),
  unit: (unitId: string, signal?: AbortSignal) => api.get<OrgUnitView>(`/api/org/units/${encodeURIComponent(unitId)}`, undefined, signal),
  /**
   * The units from the reader's own unit down to `unitId`, for breadcrumbs: up the parent chain until the reader's
   * unit (or the top of what the reader may read).
   */
  async chain(unitId: string, homeUnitId: string, signal?: AbortSignal): Promise<Array<{ id: string; name: string }>> {
    const chain: Array<{ id: string; name: string }> = [];
    let id: string | null = unitId;
    while (id && chain.length < 8) {
      const unit: OrgUnitView = await dashboardApi.unit(id, signal);
      chain.unshift({ id: unit.id, name: unit.name });
      if (unit.id === homeUnitId) break;
      id = unit.parentId;
    }
    return chain;
  },
};
