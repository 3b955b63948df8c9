import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Directive } from '../../domain/catalog';
import { derivedId } from '../../domain/ids';
import { attestedAtRefusal, evaluateAttestation, validateAttestation } from '../../domain/standards';
import { parseInstant, toZonedIso } from '../../domain/time';
import type { AttestationRecord, StoredUnit } from '../../readmodel';
import { Access, allow } from '../access';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, idempotencyConflict, notFound, parse } from '../errors';
import { Id, Instant } from '../schemas';
import { evidenceLinks } from '../views';
import { standardsReport } from '../reports';
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

/** Standing standards: attestations by units, and compliance rolled up over the org tree. */
export function standardsRoutes({ readModel, now = Date.now }: ApiDeps): Router {
  const router = Router();
  const access = new Access(readModel);
  const unitOf = async (res: Response, params: unknown, action: 'read' | 'attest') => {
    const { unitId } = parse(z.object({ unitId: Id }), params, 'params');
    return access.unit(res, action, unitId);
  };

  router.post('/api/units/:unitId/attestations', allow('attest'), async (req, res) => {
    const unit = await unitOf(res, req.params, 'attest');
    const body = parse(CreateAttestation, req.body, 'body');
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IdempotencyKey.safeParse(key).success) {
      throw badField('Idempotency-Key', 'Idempotency-Key: must be 1–128 letters, digits or "_.:-"');
    }
    // Attested against the standards the directive has now (its current published version).
    const directive = await readModel.directives.current(body.directiveId);
    if (!directive) throw badField('directiveId', `directiveId: no directive ${body.directiveId} in the catalog`);
    const problem = validateAttestation(directive, unit, body.values)[0];
    if (problem) throw badField(problem[0], problem[1]);
    await requireUploads(readModel, unit, body.evidence);
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
    if (!(await readModel.attestations.record(attestation, unit.path))) {
      const first = (await readModel.attestations.get(id)) as AttestationRecord;
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
    await audit(readModel, res, { action: 'unit.attest', subjectType: 'unit', subjectId: unit.id, unit, after: view }, recordedAt);
    res.status(201).json(view);
  });

  router.get('/api/units/:unitId/attestations', allow('read'), async (req, res) => {
    const unit = await unitOf(res, req.params, 'read');
    const { directiveId } = parse(DirectiveFilter, req.query, 'query');
    const history = await readModel.attestations.history(unit.id, directiveId);
    res.json({
      unitId: unit.id,
      attestations: await Promise.all(
        history.map(async (a) => attestationView(a, (await readModel.directives.named(a.directiveId)) as Directive, unit)),
      ),
    });
  });

  router.get('/api/units/:unitId/standards', allow('read'), async (req, res) => {
    const unit = await unitOf(res, req.params, 'read');
    const { directiveId } = parse(DirectiveFilter, req.query, 'query');
    const directive = directiveId === undefined ? undefined : await readModel.directives.current(directiveId);
    if (directiveId !== undefined && !directive?.standards.length) {
      throw badField('directiveId', `directiveId: ${directiveId} is not a directive with standards`);
    }
    res.json({ unitId: unit.id, name: unit.name, directives: await standardsReport(readModel, unit, directive) });
  });

  return router;
}
