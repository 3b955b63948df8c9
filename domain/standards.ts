import type { Directive, NumericStandard } from './catalog';
import type { Light } from './lights';
import type { OrgUnit } from './org';

/**
 * Standing standards (2–3 full-time staff per town, ≥3 volunteers per community, the 13 display items, the 五有):
 * a unit attests its numbers, and compliance is computed here, once, for the API and every rollup.
 */

/** An attested value: a number, or for a checklist standard the ids of the items in place. */
export type AttestedValue = number | string[];

export function standardApplies(standard: NumericStandard, unit: Pick<OrgUnit, 'level' | 'kind'>): boolean {
  return standard.appliesTo.level === unit.level && (standard.appliesTo.kind === undefined || standard.appliesTo.kind === unit.kind);
}

export function applicableStandards(directive: Directive, unit: Pick<OrgUnit, 'level' | 'kind'>): NumericStandard[] {
  return directive.standards.filter((s) => standardApplies(s, unit));
}

/**
 * What a standard's value is, from the catalog's own data: a checklist (the ids of the items in place), a count of
 * people, items, visits, portraits… (a whole number: there is no half a portrait), or a share in percent (any
 * number). The catalog's units are the ones listed here; test/domain checks that no standard has another.
 */
export type StandardKind = 'checklist' | 'count' | 'percent';

/** The units the catalog counts in, and what each makes a standard. */
export const STANDARD_UNITS: Readonly<Record<string, Exclude<StandardKind, 'checklist'>>> = {
  '%': 'percent',
  人: 'count',
  项: 'count',
  次: 'count',
  幅: 'count',
  户: 'count',
  支: 'count',
};

export function standardKind(standard: Pick<NumericStandard, 'unit' | 'checklist'>): StandardKind {
  if (standard.checklist) return 'checklist';
  // A unit nobody listed yet is held to the stricter rule: counting is the catalog's common case.
  return STANDARD_UNITS[standard.unit] ?? 'count';
}

/** A clock a few minutes fast at the attesting end is not an attestation from the future. */
export const ATTESTATION_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Why an attestation cannot be dated `attestedAt` when it is recorded at `recordedAt`, or undefined. */
export function attestedAtRefusal(attestedAt: number, recordedAt: number): string | undefined {
  return attestedAt > recordedAt + ATTESTATION_CLOCK_SKEW_MS ? 'attestedAt: must not be in the future' : undefined;
}

/** Every problem with an attestation's values, as [field, message]; empty when it can be recorded. */
export function validateAttestation(
  directive: Directive,
  unit: Pick<OrgUnit, 'level' | 'kind' | 'name'>,
  values: Record<string, AttestedValue>,
): Array<[field: string, message: string]> {
  const applicable = applicableStandards(directive, unit);
  if (applicable.length === 0) {
    return [['directiveId', `directiveId: ${directive.id} sets no standard for ${unit.name} (${unit.level}${unit.kind ? `, ${unit.kind}` : ''})`]];
  }
  const problems: Array<[string, string]> = [];
  for (const [id, value] of Object.entries(values)) {
    const standard = applicable.find((s) => s.id === id);
    const field = `values.${id}`;
    if (!standard) {
      problems.push([field, `${field}: not a standard of ${directive.id} for this unit; expected ${applicable.map((s) => s.id).join(', ')}`]);
    } else if (standard.checklist) {
      if (!Array.isArray(value)) problems.push([field, `${field}: a checklist; give the ids of the items in place`]);
      else {
        const unknown = value.filter((item) => !standard.checklist?.some((c) => c.id === item));
        if (unknown.length) problems.push([field, `${field}: unknown checklist items ${unknown.join(', ')}`]);
        if (new Set(value).size !== value.length) problems.push([field, `${field}: an item is listed twice`]);
      }
    } else if (typeof value !== 'number') {
      problems.push([field, `${field}: a number (${standard.unit})`]);
    } else if (standardKind(standard) === 'count' && !Number.isInteger(value)) {
      problems.push([field, `${field}: a count (${standard.unit}) is a whole number; got ${value}`]);
    }
  }
  for (const standard of applicable) {
    if (!(standard.id in values)) problems.push([`values.${standard.id}`, `values.${standard.id}: required (${standard.title.zh})`]);
  }
  return problems;
}

export interface StandardResult {
  standardId: string;
  title: string;
  unit: string;
  value: number;
  min?: number;
  max?: number;
  compliant: boolean;
  /** For a checklist: the items not in place. */
  missingItems?: string[];
}

/** Each applicable standard against the attested value: compliant when min ≤ value ≤ max. */
export function evaluateAttestation(
  directive: Directive,
  unit: Pick<OrgUnit, 'level' | 'kind'>,
  values: Record<string, AttestedValue>,
): StandardResult[] {
  return applicableStandards(directive, unit).map((standard) => {
    const given = values[standard.id];
    const value = Array.isArray(given) ? given.length : (given ?? Number.NaN);
    const compliant =
      Number.isFinite(value) && (standard.min === undefined || value >= standard.min) && (standard.max === undefined || value <= standard.max);
    return {
      standardId: standard.id,
      title: standard.title.zh,
      unit: standard.unit,
      value,
      ...(standard.min !== undefined ? { min: standard.min } : {}),
      ...(standard.max !== undefined ? { max: standard.max } : {}),
      compliant,
      ...(standard.checklist && Array.isArray(given)
        ? { missingItems: standard.checklist.filter((c) => !given.includes(c.id)).map((c) => c.id) }
        : {}),
    };
  });
}

/** How the units bound by a standard stand: they roll up like tasks, each parent the sum of its children. */
export interface ComplianceCounts {
  applicable: number;
  compliant: number;
  nonCompliant: number;
  /** Bound by the standard but never attested. */
  missing: number;
}

export const emptyCompliance = (): ComplianceCounts => ({ applicable: 0, compliant: 0, nonCompliant: 0, missing: 0 });

export function addCompliance(into: ComplianceCounts, from: ComplianceCounts): void {
  into.applicable += from.applicable;
  into.compliant += from.compliant;
  into.nonCompliant += from.nonCompliant;
  into.missing += from.missing;
}

/**
 * Red when any unit falls short, yellow when any has not attested, else green; none (null) when no unit is bound by
 * the standard, as for tasks (domain/lights.ts lightOfScope).
 */
export function complianceLight(counts: ComplianceCounts): Light | null {
  if (counts.applicable === 0) return null;
  if (counts.nonCompliant > 0) return 'red';
  if (counts.missing > 0) return 'yellow';
  return 'green';
}

export function complianceRate(counts: ComplianceCounts): number | null {
  return counts.applicable === 0 ? null : Math.round((counts.compliant / counts.applicable) * 1000) / 10;
}
