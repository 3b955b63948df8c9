import type { Worksheet } from 'exceljs';

/** A sheet as objects keyed by its header row: how tests compare an exported 台账 with the API's JSON rows. */
export function records(sheet: Worksheet | undefined): Array<Record<string, unknown>> {
  if (!sheet) throw new Error('no such sheet');
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const out = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as unknown[];
    out.push(Object.fromEntries(headers.map((h, i) => [h, values[i + 1] ?? null])));
  }
  return out;
}
