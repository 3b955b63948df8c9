import { checkAgainstExisting, parseOrgFile, type ImportCounts, type ImportError, type OrgFileFormat } from '../domain/org-import';
import type { OrgUnit } from '../domain/org';
import type { ReadModel } from './index';

export type OrgImportResult =
  | { ok: true; counts: ImportCounts; dryRun: boolean; refused?: true }
  | { ok: false; errors: ImportError[] };

/** Checks, then (unless a dry run) applies, in one transaction: the store cannot change in between. */
export function importOrgText(
  readModel: ReadModel,
  text: string,
  options: {
    format: OrgFileFormat;
    dryRun?: boolean;
    /** Decided inside the transaction, against the same stored tree the check saw; false imports nothing. */
    allowed?: (units: readonly OrgUnit[]) => boolean;
  },
): OrgImportResult {
  const parsed = parseOrgFile(text, options.format);
  if (!parsed.ok) return parsed;
  return readModel.db.transaction((): OrgImportResult => {
    const checked = checkAgainstExisting(parsed, readModel.org);
    if (!checked.ok) return checked;
    if (options.allowed && !options.allowed(parsed.units)) return { ok: true, counts: checked.counts, dryRun: true, refused: true };
    if (options.dryRun) return { ok: true, counts: checked.counts, dryRun: true };
    return { ok: true, counts: readModel.org.applyImport(parsed.units), dryRun: false };
  })();
}

