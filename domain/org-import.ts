import { arrayElementLines, readCsvTable, shownValue } from './import-files';
import { ID_PATTERN } from './ids';
import { LEVEL_NAMES, ORG_LEVELS, levelIndex, type OrgLevel, type OrgUnit, type UnitKind } from './org';

/**
 * Org files: the org tree as JSON or CSV, one unit per record with the fields `id, parent, name, level, type,
 * station` (and optionally `demo`). Parsing is pure: it turns the text into units and checks the whole tree, reporting
 * every problem with the line it is on, so that a file is either imported whole or not at all.
 */
export const ORG_FIELDS = ['id', 'parent', 'name', 'level', 'type', 'station', 'demo'] as const;
export type OrgField = (typeof ORG_FIELDS)[number];

export type OrgFileFormat = 'json' | 'csv';

export interface ImportError {
  /** 1-based line in the file: the CSV line (the header is line 1), or the line where the JSON object starts. */
  line: number;
  id?: string;
  field?: OrgField;
  message: string;
}

export type ParseResult =
  | { ok: true; units: OrgUnit[]; /** The line of each unit, by id. */ lines: Map<string, number> }
  | { ok: false; errors: ImportError[] };

export interface LevelCounts {
  added: number;
  updated: number;
  unchanged: number;
}
export type ImportCounts = Record<OrgLevel, LevelCounts>;

export type CheckResult = { ok: true; counts: ImportCounts } | { ok: false; errors: ImportError[] };

/** What the check needs of the units already stored: the read model's OrgStore fits. */
export interface ExistingOrg {
  get(id: string): OrgUnit | undefined;
  roots(): OrgUnit[];
}

/** Column headers / JSON keys, lower-cased, and the field each one means. */
const FIELD_ALIASES: Record<string, OrgField> = {
  id: 'id',
  编码: 'id',
  parent: 'parent',
  parentid: 'parent',
  parent_id: 'parent',
  上级编码: 'parent',
  name: 'name',
  名称: 'name',
  level: 'level',
  层级: 'level',
  type: 'type',
  kind: 'type',
  类型: 'type',
  station: 'station',
  hasstation: 'station',
  has_station: 'station',
  服务站: 'station',
  demo: 'demo',
  演示: 'demo',
};
const REQUIRED_COLUMNS: readonly OrgField[] = ['id', 'parent', 'name', 'level'];
const COLUMN_HINT = 'id, parent, name, level, type, station (or 编码, 上级编码, 名称, 层级, 类型, 服务站)';

const LEVEL_BY_NAME = new Map<string, OrgLevel>([
  ...ORG_LEVELS.map((level) => [LEVEL_NAMES[level], level] as [string, OrgLevel]),
  ...ORG_LEVELS.map((level) => [level, level] as [string, OrgLevel]),
]);
const LEVEL_HINT = `${ORG_LEVELS.map((l) => LEVEL_NAMES[l]).join(', ')} (or ${ORG_LEVELS.join(', ')})`;

const KINDS_BY_LEVEL: Partial<Record<OrgLevel, readonly UnitKind[]>> = {
  town: ['乡镇', '街道'],
  village: ['村', '社区'],
};
const ROOT_LEVELS: readonly OrgLevel[] = ['province', 'city'];

const TRUE_WORDS = new Set(['是', 'true', '1', 'yes']);
const FALSE_WORDS = new Set(['否', 'false', '0', 'no', '']);

const MAX_NAME = 100;

/** A record as read from the file, before it is checked: each field as text, '' when absent. */
interface RawRecord {
  line: number;
  fields: Partial<Record<OrgField, string>>;
}

export function detectFormat(fileName: string | undefined, text: string): OrgFileFormat {
  const lower = fileName?.toLowerCase() ?? '';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

/** Parses and checks an org file; `ok` only when the whole file is a valid tree, with its units parents first. */
export function parseOrgFile(text: string, format: OrgFileFormat): ParseResult {
  const read = format === 'json' ? readJson(text) : readCsv(text);
  if (read.errors.length) return { ok: false, errors: sortErrors(read.errors) };
  if (read.records.length === 0) return { ok: false, errors: [{ line: 1, message: 'the file holds no units' }] };
  return validateRecords(read.records);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading CSV

function readCsv(text: string): { records: RawRecord[]; errors: ImportError[] } {
  return readCsvTable<OrgField>(text, {
    fieldOf: (name) => FIELD_ALIASES[name.toLowerCase()],
    required: REQUIRED_COLUMNS,
    hint: COLUMN_HINT,
    missingMessage: (field) => `missing column "${field}": the header must name ${COLUMN_HINT}`,
    keepEmpty: true,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading JSON

function readJson(text: string): { records: RawRecord[]; errors: ImportError[] } {
  const body = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const lineCol = /line (\d+)/.exec(message)?.[1];
    const line =
      position !== undefined ? lineAt(body, Number(position)) : lineCol ? Number(lineCol) : lineAt(body, body.length);
    return { records: [], errors: [{ line, message: `not valid JSON: ${message}` }] };
  }
  const entries = Array.isArray(data)
    ? data
    : data !== null && typeof data === 'object' && Array.isArray((data as { units?: unknown }).units)
      ? ((data as { units: unknown[] }).units)
      : undefined;
  if (!entries) {
    const message = 'expected an array of units, or an object with a "units" array';
    return { records: [], errors: [{ line: 1, message }] };
  }
  const lines = arrayElementLines(body, 'units');
  const records: RawRecord[] = [];
  const errors: ImportError[] = [];
  entries.forEach((entry, index) => {
    const line = lines[index] ?? 1;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      errors.push({ line, message: `unit ${index + 1} is not an object: ${shownValue(entry)}` });
      return;
    }
    const fields: RawRecord['fields'] = {};
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      const field = FIELD_ALIASES[key.toLowerCase()];
      if (!field) {
        errors.push({ line, message: `unknown field "${key}": expected ${COLUMN_HINT}` });
        continue;
      }
      const flag = field === 'station' || field === 'demo';
      if (value === null || value === undefined) fields[field] = '';
      else if (typeof value === 'string') fields[field] = value.trim();
      else if (typeof value === 'number' && (flag || field === 'id' || field === 'parent')) {
        fields[field] = String(value);
      }
      else if (typeof value === 'boolean' && flag) fields[field] = String(value);
      else {
        const message = `${field} must be ${flag ? 'true or false' : 'text'}, not ${shownValue(value)}`;
        errors.push({ line, field, message });
      }
    }
    records.push({ line, fields });
  });
  return { records, errors };
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}


// ---------------------------------------------------------------------------------------------------------------
// Checking the tree

function validateRecords(records: RawRecord[]): ParseResult {
  const errors: ImportError[] = [];
  const units: Array<{ unit: OrgUnit; line: number; levelOk: boolean }> = [];
  const firstLine = new Map<string, number>();

  for (const { line, fields } of records) {
    const id = fields.id ?? '';
    const at = (field: OrgField | undefined, message: string) =>
      errors.push({
        line,
        ...(id ? { id } : {}),
        ...(field ? { field } : {}),
        message: id ? `unit ${id}: ${message}` : message,
      });

    if (!id) at('id', 'missing id');
    else if (!ID_PATTERN.test(id)) {
      at(
        'id',
        `id "${id}" is not valid: use letters, digits, '-', '_' and '.', ` +
          'starting with a letter or digit, at most 128 characters',
      );
    }

    const name = fields.name ?? '';
    const length = [...name].length;
    if (!name) at('name', 'missing name');
    else if (length > MAX_NAME) at('name', `name "${name}" is ${length} characters; at most ${MAX_NAME}`);
    else if (/[\u0000-\u001f\u007f]/.test(name)) {
      at('name', `name ${JSON.stringify(name)} contains a line break or control character`);
    }

    const levelText = fields.level ?? '';
    const level = LEVEL_BY_NAME.get(levelText) ?? LEVEL_BY_NAME.get(levelText.toLowerCase());
    if (!levelText) at('level', `missing level: use one of ${LEVEL_HINT}`);
    else if (!level) at('level', `level "${levelText}" is not one of ${LEVEL_HINT}`);

    const kindText = fields.type ?? '';
    let kind: UnitKind | undefined;
    if (level) {
      const allowed = KINDS_BY_LEVEL[level];
      if (allowed) {
        if (!kindText) at('type', `missing type: a ${LEVEL_NAMES[level]} unit is ${allowed.join(' or ')}`);
        else if (!(allowed as readonly string[]).includes(kindText)) {
          at('type', `type "${kindText}" does not fit level ${LEVEL_NAMES[level]}: use ${allowed.join(' or ')}`);
        } else kind = kindText as UnitKind;
      } else if (kindText) {
        at(
          'type',
          `type "${kindText}" given for level ${LEVEL_NAMES[level]}, which takes none (types are for 乡镇街道 and 村社区)`,
        );
      }
    }

    const hasStation = readFlag(fields.station, 'station', at);
    const demo = readFlag(fields.demo, 'demo', at);

    if (!id) continue;
    const seen = firstLine.get(id);
    if (seen !== undefined) {
      at('id', `duplicate id ${id}; first defined on line ${seen}`);
      continue;
    }
    firstLine.set(id, line);
    const parentId = fields.parent ? fields.parent : null;
    units.push({
      unit: {
        id,
        parentId,
        name,
        level: level ?? 'village',
        ...(kind ? { kind } : {}),
        ...(hasStation ? { hasStation: true } : {}),
        ...(demo ? { demo: true } : {}),
      },
      line,
      levelOk: level !== undefined,
    });
  }

  const byId = new Map(units.map((entry) => [entry.unit.id, entry]));
  const report = (entry: { unit: OrgUnit; line: number }, field: OrgField, message: string) =>
    errors.push({ line: entry.line, id: entry.unit.id, field, message: `unit ${entry.unit.id}: ${message}` });

  // Parents, and the level step from each parent.
  for (const entry of units) {
    const { unit } = entry;
    if (unit.parentId === null) continue;
    const parent = byId.get(unit.parentId);
    if (!parent) {
      report(entry, 'parent', `parent ${unit.parentId} is not in the file`);
    } else if (entry.levelOk && parent.levelOk && parent.unit.id !== unit.id) {
      const expected = ORG_LEVELS[levelIndex(parent.unit.level) + 1];
      if (expected !== unit.level) {
        const parentLevel = LEVEL_NAMES[parent.unit.level];
        report(
          entry,
          'level',
          `level ${LEVEL_NAMES[unit.level]} cannot sit under ${parent.unit.id} ` +
            `(${parentLevel}, line ${parent.line}): ` +
            (expected
              ? `a child must be exactly one level below its parent, ${LEVEL_NAMES[expected]}`
              : `${parentLevel} is the lowest level and has no children`),
        );
      }
    }
  }

  // Cycles: follow each chain of parents; a chain that comes back to a unit on the current walk closes a loop.
  const state = new Map<string, 'walking' | 'done'>();
  for (const start of units) {
    const walk: string[] = [];
    let id: string | null = start.unit.id;
    while (id !== null && byId.has(id) && !state.has(id)) {
      state.set(id, 'walking');
      walk.push(id);
      id = (byId.get(id) as { unit: OrgUnit }).unit.parentId;
    }
    if (id !== null && state.get(id) === 'walking') {
      const loop = walk.slice(walk.indexOf(id));
      const chain = [...loop, id].join(' → ');
      for (const member of loop) {
        const entry = byId.get(member) as { unit: OrgUnit; line: number };
        report(entry, 'parent', loop.length === 1 ? `unit is its own parent` : `parent chain loops: ${chain}`);
      }
    }
    for (const walked of walk) state.set(walked, 'done');
  }

  // One root, a province or a city.
  const roots = units.filter((entry) => entry.unit.parentId === null);
  const [root, ...extraRoots] = roots;
  if (!root) {
    const line = units[0]?.line ?? records[0]?.line ?? 1;
    errors.push({ line, message: "no root: every unit has a parent; leave the root's parent empty" });
  } else {
    if (root.levelOk && !ROOT_LEVELS.includes(root.unit.level)) {
      const level = LEVEL_NAMES[root.unit.level];
      report(root, 'level', `the root is ${level}; a root must be 省 or 市 (province or city)`);
    }
    for (const extra of extraRoots) {
      const where = `the root is ${root.unit.id} on line ${root.line}`;
      report(extra, 'parent', `a second root (no parent); ${where}, and a file holds one tree`);
    }
  }

  if (errors.length) return { ok: false, errors: sortErrors(errors) };
  return {
    ok: true,
    units: parentsFirst(
      roots.map((r) => r.unit),
      units.map((e) => e.unit),
    ),
    lines: new Map(units.map((e) => [e.unit.id, e.line])),
  };
}

function readFlag(
  text: string | undefined,
  field: 'station' | 'demo',
  at: (field: OrgField, message: string) => void,
): boolean {
  const value = (text ?? '').toLowerCase();
  if (TRUE_WORDS.has(value)) return true;
  if (!FALSE_WORDS.has(value)) at(field, `${field} "${text}" is not one of 是/否, true/false, 1/0, yes/no`);
  return false;
}

/** Tree order: each unit right after its parent's earlier children and their subtrees, siblings in file order. */
function parentsFirst(roots: OrgUnit[], units: OrgUnit[]): OrgUnit[] {
  const children = new Map<string, OrgUnit[]>();
  for (const unit of units) {
    if (unit.parentId === null) continue;
    const list = children.get(unit.parentId);
    if (list) list.push(unit);
    else children.set(unit.parentId, [unit]);
  }
  const ordered: OrgUnit[] = [];
  const stack = [...roots].reverse();
  while (stack.length) {
    const unit = stack.pop() as OrgUnit;
    ordered.push(unit);
    const below = children.get(unit.id);
    if (below) for (let i = below.length - 1; i >= 0; i--) stack.push(below[i] as OrgUnit);
  }
  return ordered;
}

function sortErrors(errors: ImportError[]): ImportError[] {
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => a.error.line - b.error.line || a.index - b.index)
    .map((e) => e.error);
}

// ---------------------------------------------------------------------------------------------------------------
// Against the units already stored

export function emptyCounts(): ImportCounts {
  return Object.fromEntries(ORG_LEVELS.map((level) => [level, { added: 0, updated: 0, unchanged: 0 }])) as ImportCounts;
}

/** Whether importing `unit` over the stored `existing` changes anything an import may change. */
export function unitChanged(existing: OrgUnit, unit: OrgUnit): boolean {
  return (
    existing.name !== unit.name ||
    (existing.kind ?? null) !== (unit.kind ?? null) ||
    Boolean(existing.hasStation) !== Boolean(unit.hasStation)
  );
}

/**
 * Checks a parsed file against the stored org: a unit already stored keeps its parent and level (only its name,
 * type and station may change); the file's root must be the stored root, or another stored unit, when the store
 * already has a tree. The file's root may be a stored unit anywhere: the file then adds below it.
 */
export function checkAgainstExisting(
  parsed: { units: readonly OrgUnit[]; lines: ReadonlyMap<string, number> },
  existing: ExistingOrg,
): CheckResult {
  const errors: ImportError[] = [];
  const counts = emptyCounts();
  const storedRoots = existing.roots();
  for (const unit of parsed.units) {
    const line = parsed.lines.get(unit.id) ?? 1;
    const stored = existing.get(unit.id);
    const fail = (field: OrgField, message: string) =>
      errors.push({ line, id: unit.id, field, message: `unit ${unit.id}: ${message}` });
    if (!stored) {
      if (unit.parentId === null && storedRoots.length > 0) {
        const names = storedRoots.map((r) => `${r.id} ${r.name}`).join(', ');
        fail(
          'parent',
          `the read model already holds the tree under ${names}; the file's root must be that unit ` +
            `or another unit already stored, not the new ${unit.id}`,
        );
        continue;
      }
      counts[unit.level].added += 1;
      continue;
    }
    if (stored.level !== unit.level) {
      const [was, now] = [LEVEL_NAMES[stored.level], LEVEL_NAMES[unit.level]];
      fail('level', `already stored as ${was}; an import cannot change it to ${now}`);
    }
    if (unit.parentId !== null && stored.parentId !== unit.parentId) {
      const was = stored.parentId ?? '(no parent: the root)';
      fail('parent', `already stored under ${was}; an import cannot move it under ${unit.parentId}`);
    }
    counts[unit.level][unitChanged(stored, unit) ? 'updated' : 'unchanged'] += 1;
  }
  return errors.length ? { ok: false, errors: sortErrors(errors) } : { ok: true, counts };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing org files

const CSV_HEADER: readonly OrgField[] = ['id', 'parent', 'name', 'level', 'type', 'station'];

function csvValue(value: string): string {
  return /[",\n\r]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The units as an org CSV file (a `demo` column only when some unit is demo data). */
export function formatOrgCsv(units: readonly OrgUnit[]): string {
  const withDemo = units.some((u) => u.demo);
  const header = withDemo ? [...CSV_HEADER, 'demo'] : [...CSV_HEADER];
  const rows = units.map((u) => {
    const values = [u.id, u.parentId ?? '', u.name, LEVEL_NAMES[u.level], u.kind ?? '', u.hasStation ? '是' : '否'];
    if (withDemo) values.push(u.demo ? '是' : '否');
    return values.map(csvValue).join(',');
  });
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

/** The units as an org JSON file: an array, one object per line. */
export function formatOrgJson(units: readonly OrgUnit[]): string {
  const lines = units.map((u) =>
    JSON.stringify({
      id: u.id,
      parent: u.parentId,
      name: u.name,
      level: LEVEL_NAMES[u.level],
      ...(u.kind ? { type: u.kind } : {}),
      station: Boolean(u.hasStation),
      ...(u.demo ? { demo: true } : {}),
    }),
  );
  return `[\n${lines.map((l) => `  ${l}`).join(',\n')}\n]\n`;
}
