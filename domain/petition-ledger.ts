import { arrayElementLines, readCsvTable, shownValue } from './import-files';
import { DateTime } from 'luxon';
import { CASE_ID_RULE, isCaseId } from './petition-id';
import {
  CLOSABLE_STAGES,
  FACT_ORDER,
  PETITION_STAGES,
  STAGE_NAMES,
  stageBeforeClosing,
  stageOf,
  clockDue,
  type FactKey,
  type PetitionClockRules,
  type PetitionFacts,
  type PetitionStage,
} from './petition';
import { parseInstant, ZONE } from './time';
import type { WorkCalendar } from './work-calendar';

/**
 * Petition ledgers (信访台账): the cases a unit already keeps in Excel, as CSV or JSON, one case per record. Like the
 * org import, the whole file is checked and every problem reported with its line, so that a ledger is imported
 * whole or not at all.
 */
export const LEDGER_FIELDS = [
  'id',
  'unitId',
  'receivedAt',
  'petitioner',
  'contact',
  'summary',
  'stage',
  'acceptedAt',
  'repliedAt',
  'extensionDays',
  'extensionReason',
  'extendedAt',
  'reviewRequestedAt',
  'reviewAnsweredAt',
  'reReviewRequestedAt',
  'reReviewAnsweredAt',
  'closedAt',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

export type LedgerFormat = 'json' | 'csv';

export interface LedgerError {
  /** 1-based: the CSV line (the header is line 1), or the line where the case's JSON object starts. */
  line: number;
  id?: string;
  field?: LedgerField;
  message: string;
}

/** A record as read, before it is checked: each field as text, absent when the file has none. */
export interface LedgerRecord {
  line: number;
  fields: Partial<Record<LedgerField, string>>;
}

/** A checked case, ready to become a case workflow. */
export interface LedgerCase {
  line: number;
  id: string;
  unitId: string;
  petitioner: string;
  contact?: string;
  summary: string;
  facts: PetitionFacts;
}

export interface LedgerContext {
  /** The org units stored: a case's 承办单位 must be one of them. */
  units: { get(id: string): unknown };
  rules: PetitionClockRules;
  /** No date in a ledger can be after the import. */
  now: number;
  /** The working-day calendar in use (calendar.ts); the library's alone when not given. */
  calendar?: WorkCalendar;
}

export type ReadResult =
  | { ok: true; records: LedgerRecord[]; /** The JSON ledger's own `clocks`, unchecked. */ clocks?: unknown }
  | { ok: false; errors: LedgerError[] };
export type CheckResult = { ok: true; cases: LedgerCase[] } | { ok: false; errors: LedgerError[] };

/** Headers and JSON keys, lower-cased without '_', '-' or spaces, and the field each means. */
const ALIASES: Record<string, LedgerField> = {
  id: 'id',
  编号: 'id',
  案件编号: 'id',
  信访编号: 'id',
  unitid: 'unitId',
  unit: 'unitId',
  承办单位编码: 'unitId',
  承办单位: 'unitId',
  receivedat: 'receivedAt',
  登记日期: 'receivedAt',
  信访日期: 'receivedAt',
  petitioner: 'petitioner',
  信访人: 'petitioner',
  contact: 'contact',
  联系方式: 'contact',
  联系电话: 'contact',
  summary: 'summary',
  诉求摘要: 'summary',
  诉求: 'summary',
  反映问题: 'summary',
  stage: 'stage',
  阶段: 'stage',
  办理阶段: 'stage',
  acceptedat: 'acceptedAt',
  受理日期: 'acceptedAt',
  repliedat: 'repliedAt',
  答复日期: 'repliedAt',
  extensiondays: 'extensionDays',
  延期天数: 'extensionDays',
  extensionreason: 'extensionReason',
  延期理由: 'extensionReason',
  延期原因: 'extensionReason',
  extendedat: 'extendedAt',
  延期日期: 'extendedAt',
  reviewrequestedat: 'reviewRequestedAt',
  复查申请日期: 'reviewRequestedAt',
  reviewansweredat: 'reviewAnsweredAt',
  复查答复日期: 'reviewAnsweredAt',
  复查意见日期: 'reviewAnsweredAt',
  rereviewrequestedat: 'reReviewRequestedAt',
  复核申请日期: 'reReviewRequestedAt',
  rereviewansweredat: 'reReviewAnsweredAt',
  复核答复日期: 'reReviewAnsweredAt',
  复核意见日期: 'reReviewAnsweredAt',
  closedat: 'closedAt',
  办结日期: 'closedAt',
  结案日期: 'closedAt',
};
const REQUIRED: readonly LedgerField[] = ['id', 'unitId', 'receivedAt', 'petitioner', 'summary'];
const COLUMN_HINT =
  'id, unitId, receivedAt, petitioner, contact, summary, stage, acceptedAt, repliedAt, … ' +
  '(or 编号, 承办单位编码, 登记日期, 信访人, 联系方式, 诉求摘要, 阶段, 受理日期, 答复日期, …)';

const normalizeKey = (key: string) => key.trim().toLowerCase().replace(/[_\-\s]/g, '');

/** Stage names as ledgers write them. */
const STAGE_ALIASES = new Map<string, PetitionStage>([
  ...PETITION_STAGES.map((s) => [s.toLowerCase(), s] as [string, PetitionStage]),
  ...PETITION_STAGES.map((s) => [STAGE_NAMES[s], s] as [string, PetitionStage]),
  ['登记', 'registered'],
  ['受理', 'accepted'],
  ['已受理', 'accepted'],
  ['办理', 'accepted'],
  ['答复', 'replied'],
  ['复查', 'reviewRequested'],
  ['复核', 'reReviewRequested'],
  ['办结', 'closed'],
  ['结案', 'closed'],
]);
const STAGE_HINT = PETITION_STAGES.map((s) => `${STAGE_NAMES[s]} (${s})`).join(', ');

const DATE_FIELDS: ReadonlyArray<FactKey | 'closedAt' | 'extendedAt'> = [...FACT_ORDER, 'closedAt', 'extendedAt'];
const FIELD_NAMES: Partial<Record<LedgerField, string>> = {
  receivedAt: '登记日期',
  acceptedAt: '受理日期',
  repliedAt: '答复日期',
  reviewRequestedAt: '复查申请日期',
  reviewAnsweredAt: '复查答复日期',
  reReviewRequestedAt: '复核申请日期',
  reReviewAnsweredAt: '复核答复日期',
  closedAt: '办结日期',
  extendedAt: '延期日期',
};
const named = (field: LedgerField) => (FIELD_NAMES[field] ? `${field} (${FIELD_NAMES[field]})` : field);

const MAX = { petitioner: 50, contact: 100, summary: 1000, extensionReason: 500 } as const;

/** Reads then checks a ledger: `ok` only when every case is valid. */
export function parseLedger(text: string, format: LedgerFormat, ctx: LedgerContext): CheckResult {
  const read = readLedger(text, format);
  return read.ok ? checkLedger(read.records, ctx) : read;
}

export function readLedger(text: string, format: LedgerFormat): ReadResult {
  const read = format === 'json' ? readJson(text) : readCsv(text);
  if (read.errors.length) return { ok: false, errors: sortErrors(read.errors) };
  if (read.records.length === 0) return { ok: false, errors: [{ line: 1, message: 'the ledger holds no cases' }] };
  return { ok: true, records: read.records, ...(read.clocks !== undefined ? { clocks: read.clocks } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading CSV

function readCsv(text: string): { records: LedgerRecord[]; errors: LedgerError[]; clocks?: unknown } {
  return readCsvTable<LedgerField>(text, {
    fieldOf: (name) => ALIASES[normalizeKey(name)],
    required: REQUIRED,
    hint: COLUMN_HINT,
    missingMessage: (field) => `missing column ${named(field)}`,
    keepEmpty: false,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading JSON: `{ "cases": [...], "clocks": {...} }` or a bare array of cases

const TOP_LEVEL_KEYS = new Set(['cases', 'clocks']);

function readJson(text: string): { records: LedgerRecord[]; errors: LedgerError[]; clocks?: unknown } {
  const body = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const line = position !== undefined ? lineAt(body, Number(position)) : Number(/line (\d+)/.exec(message)?.[1] ?? 1);
    return { records: [], errors: [{ line, message: `not valid JSON: ${message}` }] };
  }
  const isObject = data !== null && typeof data === 'object' && !Array.isArray(data);
  const entries = Array.isArray(data) ? data : isObject ? (data as { cases?: unknown }).cases : undefined;
  if (!Array.isArray(entries)) {
    return { records: [], errors: [{ line: 1, message: 'expected an object with a "cases" array (or an array of cases)' }] };
  }
  const errors: LedgerError[] = [];
  if (isObject) {
    for (const key of Object.keys(data as object)) {
      if (!TOP_LEVEL_KEYS.has(key)) errors.push({ line: 1, message: `unknown key "${key}": a ledger has "cases" and optionally "clocks"` });
    }
  }
  const lines = arrayElementLines(body, 'cases');
  const records: LedgerRecord[] = [];
  entries.forEach((entry: unknown, index) => {
    const line = lines[index] ?? 1;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      errors.push({ line, message: `case ${index + 1} is not an object` });
      return;
    }
    const fields: LedgerRecord['fields'] = {};
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      const field = ALIASES[normalizeKey(key)];
      if (!field) {
        errors.push({ line, message: `unknown field "${key}": expected ${COLUMN_HINT}` });
      } else if (value === null || value === undefined || value === '') {
        continue;
      } else if (typeof value === 'string') {
        fields[field] = value.trim();
      } else if (typeof value === 'number' && (field === 'id' || field === 'unitId' || field === 'extensionDays')) {
        fields[field] = String(value);
      } else {
        errors.push({ line, field, message: `${field} must be text, not ${shownValue(value)}` });
      }
    }
    records.push({ line, fields });
  });
  const clocks = isObject ? (data as { clocks?: unknown }).clocks : undefined;
  return { records, errors, ...(clocks !== undefined ? { clocks } : {}) };
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}


// ---------------------------------------------------------------------------------------------------------------
// Dates

/**
 * A ledger date: a Shanghai calendar day (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日), read as the start of that
 * day, or an ISO-8601 date-time (without an offset: Shanghai wall-clock time).
 */
export function parseLedgerDate(text: string): number | undefined {
  const day = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(text);
  if (day) {
    const date = DateTime.fromObject({ year: Number(day[1]), month: Number(day[2]), day: Number(day[3]) }, { zone: ZONE });
    return date.isValid ? date.toMillis() : undefined;
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? parseInstant(text) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Checking the cases

export function checkLedger(records: readonly LedgerRecord[], ctx: LedgerContext): CheckResult {
  const errors: LedgerError[] = [];
  const cases: LedgerCase[] = [];
  const firstLine = new Map<string, number>();

  for (const { line, fields } of records) {
    const id = fields.id ?? '';
    let failed = false;
    const at = (field: LedgerField | undefined, message: string) => {
      failed = true;
      errors.push({ line, ...(id ? { id } : {}), ...(field ? { field } : {}), message: id ? `case ${id}: ${message}` : message });
    };

    if (!id) at('id', 'missing id (编号)');
    else if (!isCaseId(id)) {
      at('id', `id ${JSON.stringify(id)} is not valid: ${CASE_ID_RULE}`);
    } else {
      const seen = firstLine.get(id);
      if (seen !== undefined) at('id', `duplicate id ${id}; first on line ${seen}`);
      else firstLine.set(id, line);
    }

    const unitId = fields.unitId ?? '';
    if (!unitId) at('unitId', 'missing unitId (承办单位编码)');
    else if (!ctx.units.get(unitId)) at('unitId', `unknown unit ${unitId}: the 承办单位 must be a unit of the org tree`);

    text(fields, 'petitioner', true, at);
    text(fields, 'contact', false, at);
    text(fields, 'summary', true, at);

    // Dates: each readable, none in the future.
    const dates: Partial<Record<LedgerField, number>> = {};
    for (const field of DATE_FIELDS) {
      const value = fields[field];
      if (value === undefined) continue;
      const instant = parseLedgerDate(value);
      if (instant === undefined) at(field, `${named(field)} "${value}" is not a date: use YYYY-MM-DD (or 2024/3/5, 2024年3月5日)`);
      else if (instant > ctx.now) at(field, `${named(field)} ${value} is in the future`);
      else dates[field] = instant;
    }
    if (fields.receivedAt === undefined) at('receivedAt', 'missing receivedAt (登记日期)');

    // Order: each fact needs the one before it, and comes no earlier than the facts before it.
    let previous: { field: FactKey; at: number } | undefined;
    FACT_ORDER.forEach((field, index) => {
      if (fields[field] === undefined) return;
      const before = FACT_ORDER[index - 1];
      if (before && fields[before] === undefined) at(field, `${named(field)} given without ${named(before)}`);
      const value = dates[field];
      if (value === undefined) return;
      if (previous && value < previous.at) {
        at(field, `${named(field)} ${fields[field]} is before ${named(previous.field)} ${fields[previous.field]}`);
      }
      previous = { field, at: value };
    });
    const facts: PetitionFacts = { receivedAt: dates.receivedAt ?? 0 };
    for (const field of FACT_ORDER) if (dates[field] !== undefined) facts[field] = dates[field];
    const lastGiven = [...FACT_ORDER].reverse().find((f) => dates[f] !== undefined);
    if (dates.closedAt !== undefined) {
      facts.closedAt = dates.closedAt;
      if (lastGiven && dates.closedAt < (dates[lastGiven] as number)) {
        at('closedAt', `${named('closedAt')} ${fields.closedAt} is before ${named(lastGiven)} ${fields[lastGiven]}`);
      }
      const from = stageBeforeClosing(facts);
      if (!CLOSABLE_STAGES.includes(from)) {
        at('closedAt', `a case cannot be closed while ${STAGE_NAMES[from]}: its open clock must be answered first`);
      }
    }

    // 延期: days and reason together, only once accepted, within the limit.
    const extension = checkExtension(fields, dates, ctx.rules, at, ctx.calendar);
    if (extension) facts.extension = extension;

    // The stage column, when given, must agree with the dates.
    if (fields.stage !== undefined) {
      const stage = STAGE_ALIASES.get(fields.stage) ?? STAGE_ALIASES.get(fields.stage.toLowerCase());
      if (!stage) at('stage', `stage "${fields.stage}" is not one of ${STAGE_HINT}`);
      else if (!failed && stage !== stageOf(facts)) {
        const derived = stageOf(facts);
        at('stage', `stage ${STAGE_NAMES[stage]} does not fit the dates given, which make the case ${STAGE_NAMES[derived]} (${derived})`);
      }
    }

    if (failed) continue;
    cases.push({
      line,
      id,
      unitId,
      petitioner: fields.petitioner as string,
      ...(fields.contact !== undefined ? { contact: fields.contact } : {}),
      summary: fields.summary as string,
      facts,
    });
  }
  return errors.length ? { ok: false, errors: sortErrors(errors) } : { ok: true, cases };
}

function text(
  fields: LedgerRecord['fields'],
  field: 'petitioner' | 'contact' | 'summary',
  required: boolean,
  at: (field: LedgerField, message: string) => void,
): void {
  const value = fields[field];
  if (value === undefined) {
    if (required) at(field, `missing ${field}`);
    return;
  }
  const length = [...value].length;
  if (length > MAX[field]) at(field, `${field} is ${length} characters; at most ${MAX[field]}`);
  else if (field !== 'summary' && /[\u0000-\u001f\u007f]/.test(value)) at(field, `${field} contains a line break or control character`);
}

function checkExtension(
  fields: LedgerRecord['fields'],
  dates: Partial<Record<LedgerField, number>>,
  rules: PetitionClockRules,
  at: (field: LedgerField, message: string) => void,
  calendar?: WorkCalendar,
): PetitionFacts['extension'] {
  const { extensionDays, extensionReason } = fields;
  if (extensionDays === undefined && extensionReason === undefined) {
    if (fields.extendedAt !== undefined) at('extendedAt', 'extendedAt (延期日期) given without extensionDays (延期天数)');
    return undefined;
  }
  if (extensionDays === undefined) {
    at('extensionDays', 'extensionReason (延期理由) given without extensionDays (延期天数)');
    return undefined;
  }
  const days = Number(extensionDays);
  if (!/^\d+$/.test(extensionDays) || days < 1 || days > rules.maxExtensionDays) {
    at('extensionDays', `extensionDays (延期天数) "${extensionDays}" must be a whole number from 1 to ${rules.maxExtensionDays}`);
    return undefined;
  }
  if (!extensionReason) {
    at('extensionReason', 'an extension needs its reason (延期理由): the petitioner is told why');
    return undefined;
  }
  if ([...extensionReason].length > MAX.extensionReason) {
    at('extensionReason', `extensionReason is longer than ${MAX.extensionReason} characters`);
    return undefined;
  }
  if (fields.acceptedAt === undefined) {
    at('extensionDays', 'only an accepted case (受理日期 given) can have an extension');
    return undefined;
  }
  const acceptedAt = dates.acceptedAt;
  const extendedAt = dates.extendedAt;
  if (acceptedAt !== undefined && extendedAt !== undefined) {
    const due = clockDue(acceptedAt, rules.replyDays, rules, calendar);
    if (extendedAt < acceptedAt || extendedAt > due) {
      at('extendedAt', 'extendedAt (延期日期) must fall between 受理日期 and the reply deadline it extends');
    } else if (dates.repliedAt !== undefined && extendedAt > dates.repliedAt) {
      at('extendedAt', 'extendedAt (延期日期) is after 答复日期: a replied case needs no extension');
    }
  }
  // The grant date, when the ledger does not say, is taken as the acceptance: it only matters for display.
  return { days, reason: extensionReason, at: extendedAt ?? acceptedAt ?? 0 };
}

function sortErrors(errors: LedgerError[]): LedgerError[] {
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => a.error.line - b.error.line || a.index - b.index)
    .map((e) => e.error);
}

// ---------------------------------------------------------------------------------------------------------------
// A case imported again

/** A case as duban holds it, to compare a ledger row with. */
export interface ImportedCase {
  unitId: string;
  summary: string;
  petitioner: string;
  contact?: string;
  facts: PetitionFacts;
  /** Steps taken in duban since the import (the case's log): their facts are duban's, not the ledger's. */
  actions: ReadonlyArray<{ action: string }>;
}

/** The fact each step taken in duban sets. */
const FACT_OF_ACTION: Record<string, keyof PetitionFacts> = {
  accept: 'acceptedAt',
  reply: 'repliedAt',
  requestReview: 'reviewRequestedAt',
  answerReview: 'reviewAnsweredAt',
  requestReReview: 'reReviewRequestedAt',
  answerReReview: 'reReviewAnsweredAt',
  close: 'closedAt',
  extend: 'extension',
};

/**
 * The ledger fields in which a row differs from the case already imported under its number, none when it is the
 * same. A fact set by a step taken in duban since (accepted online, say) is not a difference when the ledger lacks it
 * (the office's spreadsheet lags behind), only when the ledger gives another value. The running case is never
 * overwritten: the import reports these rows for a person to settle.
 */
export function changedFields(row: LedgerCase, existing: ImportedCase): LedgerField[] {
  const changed: LedgerField[] = [];
  if (row.unitId !== existing.unitId) changed.push('unitId');
  if (row.petitioner !== existing.petitioner) changed.push('petitioner');
  if ((row.contact ?? '') !== (existing.contact ?? '')) changed.push('contact');
  if (row.summary !== existing.summary) changed.push('summary');
  const inDuban = new Set(existing.actions.map((a) => FACT_OF_ACTION[a.action]).filter((f) => f !== undefined));
  for (const field of [...FACT_ORDER, 'closedAt'] as const) {
    const given = row.facts[field];
    if (given === undefined && inDuban.has(field)) continue;
    if (given !== existing.facts[field]) changed.push(field);
  }
  const [given, held] = [row.facts.extension, existing.facts.extension];
  if (!(given === undefined && inDuban.has('extension'))) {
    if (given?.days !== held?.days) changed.push('extensionDays');
    if (given?.reason !== held?.reason) changed.push('extensionReason');
  }
  return changed.sort((a, b) => LEDGER_FIELDS.indexOf(a) - LEDGER_FIELDS.indexOf(b));
}
