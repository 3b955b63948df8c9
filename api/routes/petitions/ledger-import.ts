import type { Client } from '@temporalio/client';
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { DEFAULT_CLOCK_RULES, type PetitionClockRules } from '../../../domain/petition';
import { changedFields, checkLedger, readLedger, type LedgerCase, type LedgerError } from '../../../domain/petition-ledger';
import { startOnce } from '../../../platform/start-once';
import type { StoredUnit } from '../../../readmodel';
import { PETITION_CASE_WORKFLOW, petitionCaseStartOptions, type PetitionCaseInput } from '../../../contracts/petition-case';
import { Access, allow, principalOf } from '../../access';
import { acceptOnly } from '../../body';
import { audit } from '../../audit';
import type { ApiDeps } from '../../deps';
import { badField, HttpError, idempotencyConflict, lineErrors, parse } from '../../errors';
import type { WorkCalendar } from '../../../domain/work-calendar';

/** A ledger of some thousands of cases; every other petition request is a small JSON document. */
const LEDGER_LIMIT = '2mb';
/** Case workflows started at once by an import. */
const STARTS_IN_FLIGHT = 50;
/** How long an import waits for its new cases to reach the read model before answering 202 instead of 201. */
const PROJECTION_WAIT_MS = 30_000;

const ClockRules = z.strictObject({
  acceptDays: z.coerce.number().int().min(1).max(365).optional(),
  replyDays: z.coerce.number().int().min(1).max(365).optional(),
  maxExtensionDays: z.coerce.number().int().min(0).max(365).optional(),
  reviewDays: z.coerce.number().int().min(1).max(365).optional(),
  reReviewDays: z.coerce.number().int().min(1).max(365).optional(),
  reminderLeadDays: z.coerce.number().int().min(0).max(30).optional(),
  escalationAfterDays: z.coerce.number().int().min(1).max(365).optional(),
});

/** The petition ledger (信访台账): every case in it becomes a case workflow, all or nothing, once. */
export function ledgerImportRoutes(deps: ApiDeps): Router {
  const { client, readModel, taskQueue, now = Date.now } = deps;
  const router = Router();
  const access = new Access(readModel);
  // Only the ledger import reads large bodies.
  const types = ['text/csv', 'text/*', 'application/csv', 'application/json', 'application/*+json'];
  const ledgerText = express.text({ type: types, limit: LEDGER_LIMIT });

  router.post('/api/petitions/import', allow('importPetitions'), acceptOnly(types), ledgerText, async (req, res) => {
    const type = req.get('content-type') ?? '';
    const format = /json/i.test(type) ? 'json' : 'csv';
    if (typeof req.body !== 'string' || !/json|csv|text\//i.test(type)) {
      throw badField('body', 'body: send the ledger as text/csv or application/json');
    }
    const read = readLedger(req.body, format);
    if (!read.ok) return ledgerErrors(res, format, read.errors);
    const query = parse(ClockRules, req.query, 'query');
    const overrides = read.clocks === undefined ? {} : parseClocks(read.clocks);
    const rules: PetitionClockRules = { ...DEFAULT_CLOCK_RULES, ...strip(query), ...strip(overrides) };
    const importedAt = now();
    const calendar = await readModel.workCalendar();
    // The units the ledger names, read once: the check asks for them by id, synchronously, as do the steps below.
    const units = await readModel.org.getMany(read.records.flatMap((r) => (r.fields.unitId ? [r.fields.unitId] : [])));
    const checked = checkLedger(read.records, { units, rules, now: importedAt, calendar });
    if (!checked.ok) return ledgerErrors(res, format, checked.errors);
    const home = await access.home(res);
    const inReach = (unit: StoredUnit | undefined) => unit?.path.startsWith(home.path) ?? false;
    const outside = checked.cases.find((c) => !inReach(units.get(c.unitId)));
    if (outside) {
      throw new HttpError(403, 'out_of_scope', `case ${outside.id} belongs to unit ${outside.unitId}, outside ${principalOf(res).name}'s reach; nothing was imported`);
    }

    const existing = await readModel.petitions.existingIds(checked.cases.map((c) => c.id));
    // The cases already imported under the ledger's numbers, as stored, in the ledger's order.
    const heldCases = await Promise.all(checked.cases.map(async (c) => (existing.has(c.id) ? { c, held: await readModel.petitions.getCase(c.id) } : undefined)));
    const held = heldCases.filter((h) => h !== undefined);
    // A case number already taken outside the importer's reach is neither merged nor described.
    let taken: (typeof checked.cases)[number] | undefined;
    for (const { c, held: record } of held) {
      if (!inReach(record && (await readModel.org.get(record.unitId)))) {
        taken = c;
        break;
      }
    }
    if (taken) throw idempotencyConflict(`case number ${taken.id} cannot be imported by ${principalOf(res).name}; nothing was imported`);
    const fresh = checked.cases.filter((c) => !existing.has(c.id));
    // A row whose case is already imported is not applied again (the running case stands), but when it says
    // something else than the case, the answer says so instead of dropping it silently.
    const changes = await Promise.all(
      held.map(async ({ c, held: record }) => {
        if (!record) return [];
        const person = await readModel.petitions.getPerson(c.id);
        const fields = changedFields(c, { ...record, petitioner: person?.petitioner ?? '', ...(person?.contact !== undefined ? { contact: person.contact } : {}), actions: record.log });
        return fields.length ? [{ line: c.line, id: c.id, fields }] : [];
      }),
    );
    const changed = changes.flat();
    const started: string[] = [];
    for (let i = 0; i < fresh.length; i += STARTS_IN_FLIGHT) {
      const batch = fresh.slice(i, i + STARTS_IN_FLIGHT);
      const results = await Promise.all(
        batch.map(async (c) => {
          // A campaign already open over the case's unit has fanned out without it: the case joins it at its start.
          const open = await readModel.petitions.campaignsOpenOver((units.get(c.unitId) as StoredUnit).path, importedAt);
          const screenings = open.map((k) => ({ campaignId: k.id, openedAt: k.opensAt, dueAt: k.dueAt }));
          return startCase(client, taskQueue, { ...caseInput(c, rules, importedAt, calendar), ...(screenings.length ? { screenings } : {}) });
        }),
      );
      batch.forEach((c, index) => results[index] && started.push(c.id));
    }
    const startedCases = new Set(started);
    await readModel.db.transaction(async () => {
      for (const c of fresh.filter((c) => startedCases.has(c.id))) {
        const unit = units.get(c.unitId) as StoredUnit;
        // The trail names the case, never the petitioner.
        await audit(readModel, res, { action: 'petition.import', subjectType: 'petitionCase', subjectId: c.id, unit, after: { unitId: c.unitId, summary: c.summary, rules } }, importedAt);
      }
    });
    // Each case writes itself to the read model as its workflow starts; answer once they are all there to read.
    const visible = await waitUntil(async () => (await readModel.petitions.existingIds(started)).size, (n) => n === started.length, PROJECTION_WAIT_MS);
    res.status(visible < started.length ? 202 : started.length > 0 ? 201 : 200).json({
      received: checked.cases.length,
      imported: started.length,
      existing: checked.cases.length - started.length,
      ...(visible < started.length ? { notYetVisible: started.length - visible } : {}),
      changed,
      ...(changed.length
        ? { changedNote: `${changed.length} row${changed.length === 1 ? '' : 's'} differ from the case already imported under that number and were not applied: a running case is not overwritten by a ledger; change it through its steps` }
        : {}),
      rules,
    });
  });

  return router;
}

function ledgerErrors(res: Response, format: 'json' | 'csv', errors: LedgerError[]): void {
  lineErrors(res, { code: 'invalid_ledger', file: 'the ledger', field: format === 'json' ? 'cases' : 'body' }, errors);
}

function parseClocks(value: unknown): z.infer<typeof ClockRules> {
  const result = ClockRules.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
  const field = key ? `clocks.${key}` : 'clocks';
  throw badField(field, `${field}: ${issue?.message ?? 'invalid'}`);
}

/** Drops the keys a partial schema left undefined, so they do not override the defaults. */
function strip<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function caseInput(c: LedgerCase, rules: PetitionClockRules, createdAt: number, calendar: WorkCalendar): PetitionCaseInput {
  return {
    caseId: c.id,
    unitId: c.unitId,
    summary: c.summary,
    petitioner: c.petitioner,
    ...(c.contact !== undefined ? { contact: c.contact } : {}),
    facts: c.facts,
    rules,
    // The case counts days off on the calendar of its import, fixed for it as its rules are (contracts/petition-case.ts).
    ...(calendar.entered.length ? { calendar: [...calendar.entered] } : {}),
    createdAt,
  };
}

/** Starts a case workflow, or meets the running one; false when one with that id has already ended. */
async function startCase(client: Client, taskQueue: string, input: PetitionCaseInput): Promise<boolean> {
  // A case workflow stopped by an operator is never restarted by an import.
  const once = await startOnce(client, { workflowType: PETITION_CASE_WORKFLOW, options: { ...petitionCaseStartOptions(input), taskQueue } });
  return once.started;
}

async function waitUntil<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
