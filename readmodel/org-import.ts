import {
  checkAgainstExisting,
  parseOrgFile,
  type ExistingOrg,
  type ImportCounts,
  type ImportError,
  type OrgFileFormat,
} from '../domain/org-import';
import type { OrgUnit } from '../domain/org';
import type { ReadModel } from './index';
import { ORG_LOCK, type OrgStore } from './org-store';

export type OrgImportResult =
  | { ok: true; counts: ImportCounts; dryRun: boolean; refused?: true }
  | { ok: false; errors: ImportError[] };

/**
 * What checkAgainstExisting (domain/org-import.ts, synchronous) needs of the stored org, read ahead: the roots and
 * the stored units among the given ones' ids.
 */
export async function existingOrgFor(org: OrgStore, units: readonly OrgUnit[]): Promise<ExistingOrg> {
  const roots = await org.roots();
  const stored = await org.getMany(units.map((u) => u.id));
  return { roots: () => roots, get: (id) => stored.get(id) };
}

/**
 * Checks, then (unless a dry run) applies, in one transaction under the org's lock: the store cannot change in
 * between.
 */
export async function importOrgText(
  readModel: ReadModel,
  text: string,
  options: {
    format: OrgFileFormat;
    dryRun?: boolean;
    /** Decided inside the transaction, against the same stored tree the check saw; false imports nothing. */
    allowed?: (units: readonly OrgUnit[]) => boolean | Promise<boolean>;
  },
): Promise<OrgImportResult> {
  const parsed = parseOrgFile(text, options.format);
  if (!parsed.ok) return parsed;
  return readModel.db.transaction(async (): Promise<OrgImportResult> => {
    const checked = checkAgainstExisting(parsed, await existingOrgFor(readModel.org, parsed.units));
    if (!checked.ok) return checked;
    if (options.allowed && !(await options.allowed(parsed.units))) return { ok: true, counts: checked.counts, dryRun: true, refused: true };
    if (options.dryRun) return { ok: true, counts: checked.counts, dryRun: true };
    return { ok: true, counts: await readModel.org.applyImport(parsed.units), dryRun: false };
  }, ORG_LOCK);
}

