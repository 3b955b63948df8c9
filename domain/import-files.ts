import { parse as parseCsv } from 'csv-parse/sync';

/** A problem in an imported file, at a 1-based line (the header is line 1). */
export interface TableError<F extends string> {
  line: number;
  field?: F;
  message: string;
}

/** One data row as text, by the field its column maps to, with the line the row starts on. */
export interface TableRecord<F extends string> {
  line: number;
  fields: Partial<Record<F, string>>;
}

export interface TableColumns<F extends string> {
  /** The field a header names (aliases, Chinese or English), or undefined for an unknown column. */
  fieldOf(header: string): F | undefined;
  required: readonly F[];
  /** Shown with an unknown column: what the header may name. */
  hint: string;
  missingMessage(field: F): string;
  /** Whether an empty cell is kept as '' (true) or left out. */
  keepEmpty: boolean;
}

/**
 * Reads a CSV file whose first row names its columns, for imports that report every problem with its line: a
 * header problem stops there (every row would repeat it), a row with more values than columns is reported and
 * skipped. Line numbers are those a person sees in an editor, even when a quoted value spans lines.
 */
export function readCsvTable<F extends string>(
  text: string,
  columnsOf: TableColumns<F>,
): { records: TableRecord<F>[]; errors: TableError<F>[] } {
  // csv-parse counts lines reliably only with '\n' endings.
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parseCsv(normalized, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    }) as unknown as typeof rows;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { records: [], errors: [{ line, message: `not readable as CSV: ${(err as Error).message}` }] };
  }
  const header = rows[0];
  if (!header) return { records: [], errors: [] };
  const headerLine = startLine(header.record, header.info.lines);
  const errors: TableError<F>[] = [];
  const columns: Array<F | undefined> = [];
  header.record.forEach((name, index) => {
    const field = columnsOf.fieldOf(name);
    if (!field) {
      errors.push({ line: headerLine, message: `unknown column "${name}" (column ${index + 1}): expected ${columnsOf.hint}` });
    } else if (columns.includes(field)) {
      errors.push({ line: headerLine, field, message: `column "${name}" repeats the ${field} column` });
    }
    columns.push(field);
  });
  for (const field of columnsOf.required) {
    if (!columns.includes(field)) errors.push({ line: headerLine, field, message: columnsOf.missingMessage(field) });
  }
  if (errors.length) return { records: [], errors };

  const records: TableRecord<F>[] = [];
  for (const { record, info } of rows.slice(1)) {
    const line = startLine(record, info.lines);
    if (record.length > columns.length) {
      const message = `${record.length} values but the header has ${columns.length} columns: quote values that contain commas`;
      errors.push({ line, message });
      continue;
    }
    const fields: Partial<Record<F, string>> = {};
    record.forEach((value, index) => {
      const field = columns[index];
      if (field && (columnsOf.keepEmpty || value !== '')) fields[field] = value;
    });
    records.push({ line, fields });
  }
  return { records, errors };
}

/** csv-parse reports the line a record ends on; a quoted value may span lines. */
function startLine(record: string[], endLine: number): number {
  return endLine - record.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
}

/**
 * The line each element of the top-level array, or of the array under `key` in a top-level object, starts on:
 * a scan of the text that skips strings and tracks brackets (JSON.parse keeps no positions).
 */
export function arrayElementLines(text: string, key: string): number[] {
  const lines: number[] = [];
  const stack: Array<'{' | '[' | 'target'> = [];
  let line = 1;
  let expectElement = false;
  let lastKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n') {
      line++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    const top = stack[stack.length - 1];
    if (top === 'target' && expectElement && ch !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (stack.length === 1 && top === '{') lastKey = text.slice(i + 1, j);
      i = j;
    } else if (ch === '[') {
      const target = stack.length === 0 || (stack.length === 1 && top === '{' && lastKey === key);
      stack.push(target ? 'target' : '[');
      if (target) expectElement = true;
    } else if (ch === '{') {
      stack.push('{');
    } else if (ch === ']' || ch === '}') {
      stack.pop();
      expectElement = false;
    } else if (ch === ',' && top === 'target') {
      expectElement = true;
    }
  }
  return lines;
}

/**
 * A refused JSON value as a message shows it: a plain value as written, an array or object by its kind only, as it
 * may be nested thousands deep (printing it whole overflowed the stack: a 500 for a bad file) or be megabytes long.
 */
export function shownValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}
