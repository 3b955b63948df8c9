import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOCK_RULES, petitionWorkflowId, stageOf } from '../../domain/petition';
import { arrayElementLines } from '../../domain/import-files';
import { caseIdKey, isCaseId } from '../../domain/petition-id';
import {
  changedFields,
  parseLedger,
  parseLedgerDate,
  readLedger,
  type LedgerContext,
  type LedgerError,
} from '../../domain/petition-ledger';
import { parseInstant, toZonedIso } from '../../domain/time';
import { SMALL_ORG } from '../support/org';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../fixtures/petitions', name), 'utf8');
const units = new Map(SMALL_ORG.map((u) => [u.id, u]));
const ctx: LedgerContext = { units, rules: DEFAULT_CLOCK_RULES, now: parseInstant('2026-06-01T12:00') as number };

const errorsOf = (text: string, format: 'csv' | 'json', context = ctx): LedgerError[] => {
  const result = parseLedger(text, format, context);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};
const summary = (errors: LedgerError[]) => errors.map((e) => [e.line, e.id, e.field]);

const HEADER = 'id,unitId,receivedAt,petitioner,summary,stage,acceptedAt,repliedAt,extensionDays,extensionReason,closedAt';

describe('petition ledger import: reading', () => {
  it('reads a CSV with Chinese headers, a quoted value over two lines and every date style', () => {
    const result = parseLedger(fixture('valid.csv'), 'csv', ctx);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.cases.map((c) => [c.id, c.line, stageOf(c.facts)])).toEqual([
      ['XF-2026-001', 2, 'registered'],
      ['XF-2026-002', 3, 'accepted'],
      ['XF-2026-003', 5, 'reviewed'],
      ['XF-2026-004', 6, 'closed'],
    ]);
    const [first, second, third] = result.cases;
    expect(first).toMatchObject({ unitId: 'k1', petitioner: '张某', contact: '138****0001' });
    expect(toZonedIso(first!.facts.receivedAt)).toBe('2026-05-20T00:00:00.000+08:00');
    expect(second!.summary).toBe('要求落实参战人员待遇，\n多次来访');
    expect(second!.contact).toBeUndefined();
    expect(second!.facts.extension).toMatchObject({ days: 20, reason: '需核实档案' });
    expect(toZonedIso(third!.facts.receivedAt)).toBe('2026-01-05T00:00:00.000+08:00');
  });

  it('reads JSON with English or Chinese keys, a date-time, and its own clock rules', () => {
    const read = readLedger(fixture('valid.json'), 'json');
    expect(read).toMatchObject({ ok: true, clocks: { acceptDays: 10 } });
    const result = parseLedger(fixture('valid.json'), 'json', ctx);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.cases.map((c) => [c.id, c.line, c.unitId, stageOf(c.facts)])).toEqual([
      ['J-001', 4, 'k1', 'registered'],
      ['J-002', 13, 't1', 'accepted'],
    ]);
    expect(toZonedIso(result.cases[1]!.facts.receivedAt)).toBe('2026-04-01T09:30:00.000+08:00');
  });

  it('reads dates as Shanghai days in the forms ledgers use, and refuses the rest', () => {
    const day = '2026-03-05T00:00:00.000+08:00';
    for (const text of ['2026-03-05', '2026/3/5', '2026.3.5', '2026年3月5日', '2026年03月05']) {
      expect(toZonedIso(parseLedgerDate(text) as number)).toBe(day);
    }
    for (const text of ['2026-02-30', '2026-13-01', '05/03/2026', '2026', 'yesterday', '2026-03-05 10:00']) {
      expect(parseLedgerDate(text)).toBeUndefined();
    }
  });

  it('finds the line each element of the cases array starts on', () => {
    expect(arrayElementLines('[\n{"a":1},\n  {"b":"x,{"}\n]', 'cases')).toEqual([2, 3]);
    expect(arrayElementLines('{"other": [1, 2],\n "cases": [\n  {},\n  {}\n ]}', 'cases')).toEqual([3, 4]);
  });
});

describe('petition ledger import: every error, with its line, and nothing imported', () => {
  it('reports every kind of problem in a CSV on its own line', () => {
    const errors = errorsOf(fixture('bad.csv'), 'csv');
    expect(summary(errors)).toEqual([
      [3, 'XF-1', 'id'],
      [4, 'XF-2', 'unitId'],
      [5, 'XF-3', 'receivedAt'],
      [6, 'XF-4', 'stage'],
      [7, 'XF-5', 'acceptedAt'],
      [8, 'XF-6', 'repliedAt'],
      [9, 'XF-7', 'extensionDays'],
      [10, 'XF-8', 'stage'],
      [11, 'XF-9', 'receivedAt'],
    ]);
    expect(errors[0]!.message).toMatch(/duplicate id XF-1; first on line 2/);
    expect(errors[1]!.message).toMatch(/unknown unit nowhere/);
    expect(errors[2]!.message).toMatch(/not a date/);
    expect(errors[3]!.message).toMatch(/审批中.*not one of/);
    expect(errors[4]!.message).toMatch(/acceptedAt \(受理日期\) 2026-05-01 is before receivedAt/);
    expect(errors[6]!.message).toMatch(/from 1 to 30/);
    expect(errors[7]!.message).toMatch(/does not fit the dates/);
    expect(errors[8]!.message).toMatch(/in the future/);
  });

  it('reports the same problems in JSON on the line each case starts', () => {
    const cases = [
      { id: 'A', unitId: 'k1', receivedAt: '2026-05-01', petitioner: '甲', summary: 's' },
      { id: 'A', unitId: 'k1', receivedAt: '2026-05-01', petitioner: '乙', summary: 's' },
      { id: 'B', unitId: 'zz', receivedAt: '2026-05-01', petitioner: '丙', summary: 's' },
      { id: 'C', unitId: 'k1', receivedAt: 'soon', petitioner: '丁', summary: 's' },
      { id: 'D', unitId: 'k1', receivedAt: '2026-05-01', petitioner: '戊', summary: 's', stage: 'pending' },
      { id: 'E', unitId: 'k1', receivedAt: '2026-05-10', acceptedAt: '2026-05-09', petitioner: '己', summary: 's' },
    ];
    const text = JSON.stringify({ cases }, null, 2);
    const starts = text.split('\n').flatMap((l, i) => (l === '    {' ? [i + 1] : []));
    const errors = errorsOf(text, 'json');
    expect(summary(errors)).toEqual([
      [starts[1], 'A', 'id'],
      [starts[2], 'B', 'unitId'],
      [starts[3], 'C', 'receivedAt'],
      [starts[4], 'D', 'stage'],
      [starts[5], 'E', 'acceptedAt'],
    ]);
  });

  it('refuses missing fields, gaps in the facts, closing a case being handled, and bad extensions', () => {
    const csv = [
      HEADER,
      'M1,k1,2026-05-01,,诉求,,,,,,', // 2: no petitioner
      'M2,k1,2026-05-01,甲,诉求,,,2026-05-03,,,', // 3: replied without acceptance
      'M3,k1,2026-05-01,甲,诉求,,2026-05-02,,,,2026-05-03', // 4: closed while being handled
      'M4,k1,2026-05-01,甲,诉求,,2026-05-02,,10,,', // 5: extension without a reason
      'M5,k1,2026-05-01,甲,诉求,,,,10,档案,', // 6: extension before acceptance
      'M6,k1,2026-05-01,甲,诉求,,2026-05-02,2026-05-20,,,2026-05-10', // 7: closed before the reply
    ].join('\n');
    expect(summary(errorsOf(csv, 'csv'))).toEqual([
      [2, 'M1', 'petitioner'],
      [3, 'M2', 'repliedAt'],
      [4, 'M3', 'closedAt'],
      [5, 'M4', 'extensionReason'],
      [6, 'M5', 'extensionDays'],
      [7, 'M6', 'closedAt'],
    ]);
  });

  it('checks the extension against the rules of the import, not the defaults', () => {
    const csv = [HEADER, 'X1,k1,2026-05-01,甲,诉求,,2026-05-02,,20,档案,'].join('\n');
    expect(parseLedger(csv, 'csv', ctx).ok).toBe(true);
    expect(summary(errorsOf(csv, 'csv', { ...ctx, rules: { ...DEFAULT_CLOCK_RULES, maxExtensionDays: 15 } }))).toEqual([
      [2, 'X1', 'extensionDays'],
    ]);
  });

  it('reports a bad header once, on line 1, and an empty or unreadable file', () => {
    const errors = errorsOf('编号,单位,登记日期,信访人,诉求摘要\nA,k1,2026-05-01,甲,s', 'csv');
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [1, undefined],
      [1, 'unitId'],
    ]);
    expect(errors[0]!.message).toMatch(/unknown column "单位"/);
    expect(errorsOf(HEADER, 'csv')).toEqual([{ line: 1, message: 'the ledger holds no cases' }]);
    expect(errorsOf('{\n  "cases": [\n    {"id": "A",}\n  ]\n}', 'json')[0]).toMatchObject({ line: 3 });
    expect(errorsOf('{"cases": [], "units": []}', 'json')[0]!.message).toMatch(/unknown key "units"/);
  });
});

describe('case numbers', () => {
  it('accepts the numbers offices write and refuses what a path or log could read differently', () => {
    for (const id of ['延信2026第12号', '延信〔2026〕12号', '宝信（2026）3号', 'XF-2026-001', '信访-2026_07.1']) expect(isCaseId(id), id).toBe(true);
    for (const id of ['', '延信/12', '延信\\12', '延信 12号', '延信\t12', '延信\u202e12', '-12', '第'.repeat(65), '../12', '延信%2F12']) {
      expect(isCaseId(id), JSON.stringify(id)).toBe(false);
    }
  });

  it('maps them one to one into ASCII workflow ids, ASCII numbers unchanged', () => {
    expect(petitionWorkflowId('XF-2026-001')).toBe('petition/XF-2026-001');
    const keys = ['延信2026第12号', '延信2026第13号', '延信〔2026〕12号'].map(caseIdKey);
    expect(new Set(keys).size).toBe(3);
    for (const key of keys) expect(key).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeURIComponent(caseIdKey('延信2026第12号'))).toBe('延信2026第12号');
  });
});

describe('a ledger row compared with the case already imported', () => {
  const row = { line: 2, id: 'XF-1', unitId: 'k1', petitioner: '张某', summary: '反映问题', facts: { receivedAt: 1000 } };
  const held = { ...row, facts: { receivedAt: 1000 }, actions: [] };

  it('names the fields that differ, in ledger order', () => {
    expect(changedFields(row, held)).toEqual([]);
    expect(changedFields({ ...row, summary: '反映其他问题', contact: '138', facts: { receivedAt: 2000 } }, held)).toEqual(['receivedAt', 'contact', 'summary']);
  });

  it('does not count a step taken in duban that the ledger has not caught up with, but does count another date for it', () => {
    const accepted = { ...held, facts: { receivedAt: 1000, acceptedAt: 5000 }, actions: [{ action: 'accept' }] };
    expect(changedFields(row, accepted)).toEqual([]);
    expect(changedFields({ ...row, facts: { receivedAt: 1000, acceptedAt: 4000 } }, accepted)).toEqual(['acceptedAt']);
    // Imported accepted, the ledger now says not: a difference.
    expect(changedFields(row, { ...held, facts: { receivedAt: 1000, acceptedAt: 5000 } })).toEqual(['acceptedAt']);
  });
});
