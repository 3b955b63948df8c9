import express, { Router } from 'express';
import { z } from 'zod';
import { ROLES, subjectRefusal } from '../../domain/access';
import { acceptOnly, jsonBody } from '../body';
import type { OrgUnit } from '../../domain/org';
import { detectFormat, unitChanged } from '../../domain/org-import';
import { toZonedIso } from '../../domain/time';
import { issueToken } from '../../platform/tokens';
import { importOrgText } from '../../readmodel/org-import';
import { Access, allow, principalOf } from '../access';
import { audit } from '../audit';
import type { ApiDeps } from '../deps';
import { badField, HttpError, lineErrors, parse } from '../errors';
import { Id } from '../schemas';

/** An org file for a province runs to some tens of thousands of lines. */
const ORG_FILE_LIMIT = '8mb';
/** Tokens an admin hands out last at most a month; a person is re-issued one when it runs out. */
const MAX_TTL_HOURS = 24 * 31;

const IssueToken = z.strictObject({
  role: z.enum(ROLES),
  unitId: Id,
  name: z.string().trim().min(1).max(100),
  /** The person's stable id; by default derived from unit, role and name. */
  subject: z.string().trim().min(1).max(200).optional(),
  ttlHours: z.number().int().min(1).max(MAX_TTL_HOURS).optional(),
});

const ImportQuery = z.strictObject({ dryRun: z.enum(['true', 'false']).optional() });

/** The admin's work (系统管理): the org tree and people's access, within the admin's own subtree. */
export function adminRoutes(deps: ApiDeps): Router {
  const { readModel, tokens, now = Date.now } = deps;
  const router = Router();
  const access = new Access(readModel);
  const orgTypes = ['text/csv', 'text/*', 'application/csv', 'application/json'];
  const orgText = express.text({ type: orgTypes, limit: ORG_FILE_LIMIT });
  const json = jsonBody();

  router.post('/api/org/import', allow('importOrg'), acceptOnly(orgTypes), orgText, async (req, res) => {
    const type = req.get('content-type') ?? '';
    if (typeof req.body !== 'string' || !/json|csv|text\//i.test(type)) {
      throw badField('body', 'body: send the org file as text/csv or application/json');
    }
    const { dryRun } = parse(ImportQuery, req.query, 'query');
    const home = await access.home(res);
    // Everything the file adds or changes lies inside the admin's subtree; unchanged ancestors are only its context.
    // Files list parents first, so a new unit is inside when its parent is.
    const inReach = async (units: readonly OrgUnit[]) => {
      // The stored units the file names, as units or as parents, read at once (a province's file has tens of thousands).
      const known = await readModel.org.getMany(units.flatMap((u) => (u.parentId !== null ? [u.id, u.parentId] : [u.id])));
      const inside = new Set<string>();
      return units.every((u) => {
        const stored = known.get(u.id);
        const parentInside = u.parentId !== null && (inside.has(u.parentId) || (known.get(u.parentId)?.path.startsWith(home.path) ?? false));
        if (stored ? stored.path.startsWith(home.path) : parentInside) inside.add(u.id);
        return inside.has(u.id) || (stored !== undefined && !unitChanged(stored, u));
      });
    };
    const format = /json/i.test(type) ? 'json' : detectFormat(undefined, req.body);
    const result = await importOrgText(readModel, req.body, { format, dryRun: dryRun === 'true', allowed: inReach });
    if (!result.ok) return lineErrors(res, { code: 'invalid_org_file', file: 'the org file', field: 'body' }, result.errors);
    if (result.refused) throw new HttpError(403, 'out_of_scope', `the file reaches outside ${home.name} (${home.id}); nothing was imported`);
    if (!result.dryRun) await audit(readModel, res, { action: 'org.import', subjectType: 'org', subjectId: home.id, unit: home, after: result.counts }, now());
    res.json({ dryRun: result.dryRun, counts: result.counts, units: await readModel.org.count() });
  });

  /** Issues a sign-in token for a person at a unit in the admin's subtree (the token itself is not kept). */
  router.post('/api/tokens', allow('issueTokens'), json, async (req, res) => {
    const body = parse(IssueToken, req.body, 'body');
    const unit = await access.unit(res, 'issueTokens', body.unitId, 'unitId');
    const subject = body.subject ?? `${unit.id}/${body.role}/${body.name}`;
    const ttlHours = body.ttlHours ?? 12;
    const issuedAt = now();
    const issuedBy = principalOf(res).subject;
    const expiresAt = toZonedIso(issuedAt + ttlHours * 3_600_000);
    // A subject is one person: bound to the name, role and unit it was first issued to or seen acting as. The binding
    // is read and the issue recorded under the subject's lock, so two people asked for one subject at once are not
    // both given it.
    const token = await readModel.db.transaction(async () => {
      const refusal = subjectRefusal(subject, { name: body.name, role: body.role, unitId: unit.id }, await readModel.audit.personOf(subject));
      if (refusal) throw new HttpError(409, 'subject_taken', refusal, 'subject');
      await audit(readModel, res, { action: 'token.issue', subjectType: 'token', subjectId: subject, unit, after: { role: body.role, unitId: unit.id, name: body.name, expiresAt, issuedBy } }, issuedAt);
      return issueToken(tokens, { subject, name: body.name, role: body.role, unitId: unit.id, issuedBy }, `${ttlHours}h`);
    }, `subject:${subject}`);
    res.status(201).json({ token, subject, role: body.role, unitId: unit.id, name: body.name, expiresAt });
  });

  return router;
}
