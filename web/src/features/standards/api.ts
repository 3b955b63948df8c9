import { api } from '../../api/client';
import type { Light } from '../../app/lights';

export interface StandardDef {
  id: string;
  title: { zh: string; en: string };
  appliesTo: { level: string; kind?: string };
  min?: number;
  max?: number;
  unit: string;
  checklist?: Array<{ id: string; title: { zh: string; en: string }; provenance: 'text' | 'proposed' | 'external' }>;
}

export interface StandingDirective {
  id: string;
  code: string;
  title: { zh: string; en: string };
  standards: StandardDef[];
}

export interface UnitView {
  id: string;
  name: string;
  level: string;
  kind?: string;
}

export interface Evidence {
  sha256: string;
  fileName?: string;
  mediaType?: string;
  url: string;
}

export interface StandardResult {
  standardId: string;
  title: string;
  unit: string;
  value: number;
  min?: number;
  max?: number;
  compliant: boolean;
  missingItems?: string[];
}

export interface Attestation {
  id: string;
  unitId: string;
  directiveId: string;
  values: Record<string, number | string[]>;
  evidence: Array<{ sha256: string; url: string }>;
  attestedAt: string;
  recordedAt: string;
  results: StandardResult[];
}

export interface Compliance {
  applicable: number;
  compliant: number;
  nonCompliant: number;
  missing: number;
  complianceRate: number | null;
  light: Light | null;
}

export interface StandardRollup extends Compliance {
  standardId: string;
  title: { zh: string; en: string };
  appliesTo: { level: string; kind?: string };
  min?: number;
  max?: number;
  unit: string;
  children: Array<Compliance & { unitId: string; name: string }>;
}

export interface StandardsRollup {
  unitId: string;
  name: string;
  directives: Array<{ directiveId: string; code: string; title: string; standards: StandardRollup[] }>;
}

const unitPath = (unitId: string) => `/api/units/${encodeURIComponent(unitId)}`;

export const standardsApi = {
  catalog: (signal?: AbortSignal) => api.get<{ directives: StandingDirective[] }>('/api/catalog', { kind: 'standing' }, signal),
  unit: (unitId: string, signal?: AbortSignal) => api.get<UnitView>(`/api/org/units/${encodeURIComponent(unitId)}`, undefined, signal),
  history: (unitId: string, signal?: AbortSignal) => api.get<{ attestations: Attestation[] }>(`${unitPath(unitId)}/attestations`, undefined, signal),
  rollup: (unitId: string, directiveId: string | undefined, signal?: AbortSignal) =>
    api.get<StandardsRollup>(`${unitPath(unitId)}/standards`, { directiveId }, signal),
  attest: (unitId: string, body: { directiveId: string; values: Record<string, number | string[]>; evidence: string[] }) =>
    api.post<Attestation>(`${unitPath(unitId)}/attestations`, body),
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.post<Evidence>('/api/evidence', form);
  },
};

/** Whether a standard binds a unit: its level, and its kind when the standard names one (村 vs 社区). */
export const applies = (s: StandardDef, unit: UnitView) => s.appliesTo.level === unit.level && (s.appliesTo.kind === undefined || s.appliesTo.kind === unit.kind);
