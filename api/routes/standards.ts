import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Directive } from '../../domain/catalog';
import { derivedId } from '../../domain/ids';
import { pathIds } from '../../domain/rollup';
import {
  addCompliance,
  attestedAtRefusal,
  complianceLight,
  complianceRate,
  emptyCompliance,
  evaluateAttestation,
  standardApplies,
  validateAttestation,
  type ComplianceCounts,
} from '../../domain/standards';
import { parseInstant, toZonedIso } from '../../domain/time';
import type { AttestationRecord, ReadModel, StoredUnit } from '../../readmodel';
import { Access, allow } from '../access';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, idempotencyConflict, notFound, parse } from '../errors';
import { Id, Instant } from '../schemas';
import { evidenceLinks } from '../views';
import { EvidenceRefs, requireUploads } from './evidence';

const CreateAttestation = z.strictObject({
  directiveId: z.string().min(1).max(128),
  values: z.record(
    z.string().max(64),
    z.union([z.number().finite().min(0).max(1_000_000), z.array(z.string().max(64)).max(100)]),
  ),
  /** By the SHA-256 of files the unit uploaded (POST /api/evidence). */
  evidence: EvidenceRefs.min(1, 'at least one piece of evidence').max(50),
  attestedAt: Instant.optional(),
});

const DirectiveFilter = z.strictObject({ directiveId: z.string().min(1).max(128).optional() });
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);

const complianceView = (counts: ComplianceCounts) => ({
  ...counts,
  complianceRate: complianceRate(counts),
  light: complianceLight(counts),
});

const attestationView = (a: AttestationRecord, directive: Directive, unit: StoredUnit) => ({
  id: a.id,
  unitId: a.unitId,
  directiveId: a.directiveId,
  values: a.values,
  evidence: evidenceLinks(a.evidence),
  attestedAt: toZonedIso(a.attestedAt),
  recordedAt: toZonedIso(a.recordedAt),
  results: evaluateAttestation(directive, unit, a.values),
});

/**
 * Each standard of a directive over a subtree: every bound unit is compliant, non-compliant or missing by its latest
 * attestation, counted at the subtree's root and at each of its children.
 */
function standardsRollup(readModel: ReadModel, root: StoredUnit, directive: Directive) {
  const latest = readModel.attestations.latestInSubtree(root.path, directive.id);
  const depth = pathIds(root.path).length;
  const children = readModel.org.children(root.id);
  return directive.standards.map((standard) => {
    const total = emptyCompliance();
    const byChild = new Map(children.map((c) => [c.id, emptyCompliance()]));
    const bound = readModel.org.unitsAtLevel(root.id, standard.appliesTo.level).filter((u) => standardApplies(standard, u));
    for (const unit of bound) {
      const attestation = latest.get(unit.id);
      const result = attestation && evaluateAttestation(directive, unit, attestation.values).find((r) => r.standardId === standard.id);
      const counts: ComplianceCounts = {
        applicable: 1,
        compliant: result?.compliant ? 1 : 0,
        nonCompliant: result && !result.compliant ? 1 : 0,
        missing: result ? 0 : 1,
      };
      addCompliance(total, counts);
      const child = byChild.get(pathIds(unit.path)[depth] ?? '');
      if (child) addCompliance(child, counts);
    }
    return {
      standardId: standard.id,
      title: standard.title,
      appliesTo: standard.appliesTo,
      min: standard.min,
      max: standard.max,
      unit: standard.unit,
      ...complianceView(total),
      children: children.map((c) => ({ unitId: c.id, name: c.name, ...complianceView(byChild.get(c.id) ?? emptyCompliance()) })),
    };
  });
}

/** Standing standards: attestations by units, and compliance rolled up over the org tree. */
export function standardsRoutes({ readModel, now = Date.now }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);
  const unitOf = (res: Response, params: unknown, action: 'read' | 'attest') => {
    const { unitId } = parse(z.object({ unitId: Id }), params, 'params');
    return access.unit(res, action, unitId);
  };

  router.post('/api/units/:unitId/attestations', allow('attest'), (req, res) => {
    const unit = unitOf(res, req.params, 'attest');
    const body = parse(CreateAttestation, req.body, 'body');
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IdempotencyKey.safeParse(key).success) {
      throw badField('Idempotency-Key', 'Idempotency-Key: must be 1–128 letters, digits or "_.:-"');
    }
    // Attested against the standards the directive has now (its current published version).
    const directive = readModel.directives.current(body.directiveId);
    if (!directive) throw badField('directiveId', `directiveId: no directive ${body.directiveId} in the catalog`);
    const problem = validateAttestation(directive, unit, body.values)[0];
    if (problem) throw badField(problem[0], problem[1]);
    requireUploads(readModel, unit, body.evidence);
    const recordedAt = now();
    const attestedAt = body.attestedAt === undefined ? recordedAt : parseInstant(body.attestedAt);
    if (attestedAt === undefined) throw badField('attestedAt', 'attestedAt: not a valid date-time');
    const tooLate = attestedAtRefusal(attestedAt, recordedAt);
    if (tooLate) throw badField('attestedAt', tooLate);

    const id = key
      ? derivedId('s', unit.id, key)
      : `s${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const attestation: AttestationRecord = {
      id,
      unitId: unit.id,
      directiveId: directive.id,
      values: body.values,
      evidence: body.evidence,
      attestedAt,
      recordedAt,
    };
    if (!readModel.attestations.record(attestation, unit.path)) {
      const first = readModel.attestations.get(id) as AttestationRecord;
      const same =
        first.directiveId === attestation.directiveId &&
        JSON.stringify(first.values) === JSON.stringify(attestation.values) &&
        JSON.stringify(first.evidence) === JSON.stringify(attestation.evidence) &&
        // A retry without attestedAt is dated when it is recorded; one that names a date must name the first's.
        (body.attestedAt === undefined || first.attestedAt === attestation.attestedAt);
      if (!same) throw idempotencyConflict('Idempotency-Key was used before for a different attestation');
      res.status(201).set('Idempotent-Replayed', 'true').json(attestationView(first, directive, unit));
      return;
    }
    const view = attestationView(attestation, directive, unit);
    audit(readModel, res, { action: 'unit.attest', subjectType: 'unit', subjectId: unit.id, unit, after: view }, recordedAt);
    res.status(201).json(view);
  });

  router.get('/api/units/:unitId/attestations', allow('read'), (req, res) => {
    const unit = unitOf(res, req.params, 'read');
    const { directiveId } = parse(DirectiveFilter, req.query, 'query');
    const history = readModel.attestations.history(unit.id, directiveId);
    res.json({
      unitId: unit.id,
      attestations: history.map((a) => attestationView(a, readModel.directives.named(a.directiveId) as Directive, unit)),
    });
  });

  router.get('/api/units/:unitId/standards', allow('read'), (req, res) => {
    const unit = unitOf(res, req.params, 'read');
    const { directiveId } = parse(DirectiveFilter, req.query, 'query');
    const directive = directiveId === undefined ? undefined : readModel.directives.current(directiveId);
    if (directiveId !== undefined && !directive?.standards.length) {
      throw badField('directiveId', `directiveId: ${directiveId} is not a directive with standards`);
    }
    const directives = directive ? [directive] : readModel.directives.published({ kind: 'standing' }).filter((d) => d.standards.length > 0);
    res.json({
      unitId: unit.id,
      name: unit.name,
      directives: directives.map((d) => ({ directiveId: d.id, code: d.code, title: d.title.zh, standards: standardsRollup(readModel, unit, d) })),
    });
  });

  return router;
}
