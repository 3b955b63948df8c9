import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrgUnit } from '../../domain/org';
import {
  checkAgainstExisting,
  detectFormat,
  parseOrgFile,
  type ImportError,
  type OrgFileFormat,
} from '../../domain/org-import';
import { existingOrgFor, importOrgText } from '../../readmodel/org-import';
import { arrayElementLines } from '../../domain/import-files';
import { tempReadModel } from '../support/temporal';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../fixtures/org', name), 'utf8');

type Row = [id: string, parent: string, name: string, level: string, type?: string, station?: string];
const HEADER = 'id,parent,name,level,type,station';

/** Rows as CSV: the header is line 1, row i is on line i + 2. */
const csv = (rows: Row[]) => [HEADER, ...rows.map((r) => [r[0], r[1], r[2], r[3], r[4] ?? '', r[5] ?? ''].join(','))].join('\n');
const toObject = (r: Row) => ({
  id: r[0],
  parent: r[1] || null,
  name: r[2],
  level: r[3],
  ...(r[4] ? { type: r[4] } : {}),
  station: r[5] ?? '',
});
/** Rows as JSON, one object a line: row i is on line i + 2, like the CSV. */
const jsonLines = (rows: Row[]) => `[\n${rows.map((r) => `  ${JSON.stringify(toObject(r))}`).join(',\n')}\n]`;
/** Rows as pretty-printed JSON: row i starts on line 2 + i * (lines of one object). */
const jsonPretty = (rows: Row[]) => JSON.stringify({ units: rows.map(toObject) }, null, 2);
const prettyLine = (rows: Row[], index: number) => {
  const text = jsonPretty(rows);
  const lines = text.split('\n');
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '    {' && ++seen === index) return i + 1;
  }
  throw new Error('no such row');
};

const VALID: Row[] = [
  ['c1', '', '测试市', '市'],
  ['k1', 'c1', '甲县', '县区', '', '是'],
  ['t1', 'k1', '甲县东镇', '乡镇街道', '乡镇', '是'],
  ['v1', 't1', '东河村委会', '村社区', '村', '否'],
  ['v2', 't1', '东山社区居民委员会', '村社区', '社区', ''],
];

const errorsOf = (text: string, format: OrgFileFormat): ImportError[] => {
  const result = parseOrgFile(text, format);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};

/** Each error kind: the rows, then the row index and field of every error expected, and a bit of its message. */
const CASES: Array<{ kind: string; rows: Row[]; expected: Array<[row: number, field: string | undefined, message: RegExp]> }> = [
  { kind: 'missing name', rows: [...VALID.slice(0, 4), ['v2', 't1', '', '村社区', '村']], expected: [[4, 'name', /missing name/]] },
  { kind: 'missing level', rows: [...VALID.slice(0, 4), ['v2', 't1', '某村', '', '村']], expected: [[4, 'level', /missing level/]] },
  { kind: 'invalid level', rows: [...VALID.slice(0, 4), ['v2', 't1', '某村', '组', '村']], expected: [[4, 'level', /level "组" is not one of 省, 市, 县区/]] },
  { kind: 'invalid station', rows: [...VALID.slice(0, 4), ['v2', 't1', '某村', '村社区', '村', '有']], expected: [[4, 'station', /station "有"/]] },
  { kind: 'missing id', rows: [...VALID.slice(0, 4), ['', 't1', '某村', '村社区', '村']], expected: [[4, 'id', /missing id/]] },
  {
    kind: 'invalid id',
    rows: [...VALID.slice(0, 4), ['-v2', 't1', '某村', '村社区', '村'], ['v 3', 't1', '某村', '村社区', '村']],
    expected: [[4, 'id', /id "-v2" is not valid/], [5, 'id', /id "v 3" is not valid/]],
  },
  { kind: 'name too long', rows: [...VALID.slice(0, 4), ['v2', 't1', '长'.repeat(101), '村社区', '村']], expected: [[4, 'name', /101 characters; at most 100/]] },
  {
    kind: 'duplicate id',
    rows: [...VALID, ['v1', 't1', '重复村委会', '村社区', '村']],
    expected: [[5, 'id', /duplicate id v1; first defined on line/]],
  },
  { kind: 'unknown parent', rows: [...VALID.slice(0, 4), ['v2', 't9', '某村', '村社区', '村']], expected: [[4, 'parent', /parent t9 is not in the file/]] },
  {
    kind: 'cycle',
    rows: [...VALID, ['a', 'b', '甲村', '村社区', '村'], ['b', 'a', '乙村', '村社区', '村']],
    // Each is also a village under a village.
    expected: [
      [5, 'level', /cannot sit under b/],
      [5, 'parent', /parent chain loops: a → b → a/],
      [6, 'level', /cannot sit under a/],
      [6, 'parent', /parent chain loops: a → b → a/],
    ],
  },
  { kind: 'own parent', rows: [...VALID, ['s', 's', '自己村', '村社区', '村']], expected: [[5, 'parent', /its own parent/]] },
  {
    kind: 'wrong level order',
    rows: [...VALID.slice(0, 4), ['v2', 'k1', '跳级村', '村社区', '村'], ['k3', 'v1', '倒挂县', '县区']],
    expected: [
      [4, 'level', /level 村社区 cannot sit under k1 \(县区, line \d+\).*乡镇街道/],
      [5, 'level', /cannot sit under v1 \(村社区, line \d+\).*lowest level/],
    ],
  },
  {
    kind: 'second root',
    rows: [...VALID, ['c2', '', '另一市', '市']],
    expected: [[5, 'parent', /a second root.*the root is c1 on line \d+,/]],
  },
  {
    kind: 'no root',
    rows: [['c1', 'k1', '测试市', '市'], ['k1', 'c1', '甲县', '县区']],
    expected: [
      [0, 'level', /level 市 cannot sit under k1/],
      [0, 'parent', /loops/],
      [0, undefined, /no root/],
      [1, 'parent', /loops/],
    ],
  },
  { kind: 'root below city', rows: [['k1', '', '甲县', '县区']], expected: [[0, 'level', /a root must be 省 or 市/]] },
  {
    kind: 'type not matching level',
    rows: [...VALID.slice(0, 3), ['v1', 't1', '东河村委会', '村社区', '街道'], ['v2', 't1', '无类型村', '村社区'], ['k2', 'c1', '乙县', '县区', '乡镇']],
    expected: [
      [3, 'type', /type "街道" does not fit level 村社区: use 村 or 社区/],
      [4, 'type', /missing type/],
      [5, 'type', /type "乡镇" given for level 县区, which takes none/],
    ],
  },
];

describe('org import: parsing', () => {
  it('refuses a unit nested thousands of arrays deep, or a field that is one, with its line rather than failing', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(errorsOf(`[${deep}]`, 'json')).toEqual([{ line: 1, message: 'unit 1 is not an object: an array' }]);
    expect(errorsOf(`[{"id": "c1", "name": ${deep}}]`, 'json')[0]).toMatchObject({ field: 'name', message: 'name must be text, not an array' });
  });

  it('reads the CSV fixture with Chinese headers into units, parents first', () => {
    const result = parseOrgFile(fixture('valid.csv'), 'csv');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.units[0]).toEqual({ id: '610600', parentId: null, name: '延安市', level: 'city' });
    expect(result.units.find((u) => u.id === '610603001')).toEqual({
      id: '610603001',
      parentId: '610603',
      name: '安塞区真武洞街道',
      level: 'town',
      kind: '街道',
      hasStation: true,
    });
    expect(result.units.find((u) => u.id === '610602002001')?.hasStation).toBeUndefined();
    expect(result.lines.get('610603001001')).toBe(10);
    const seen = new Set<string | null>([null]);
    for (const unit of result.units) {
      expect(seen.has(unit.parentId)).toBe(true);
      seen.add(unit.id);
    }
  });

  it('reads the JSON fixture, finding the line each object starts on, pretty-printed or not', () => {
    const text = fixture('valid.json');
    const result = parseOrgFile(text, 'json');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.units.map((u) => u.level)).toEqual(['province', 'city', 'county', 'town', 'village', 'town', 'village']);
    expect(result.units.find((u) => u.id === '990102001')).toMatchObject({ kind: '街道', hasStation: true });
    expect(result.units.find((u) => u.id === '990102002001')?.hasStation).toBeUndefined();
    expect(result.lines.get('990000')).toBe(2);
    expect(result.lines.get('990102001')).toBe(5);
    expect(result.lines.get('990102001001')).toBe(13);
    expect(result.lines.get('990102002001')).toBe(15);
  });

  it('orders units parents first whatever the file order', () => {
    const rows = [VALID[4], VALID[3], VALID[2], VALID[1], VALID[0]] as Row[];
    const result = parseOrgFile(csv(rows), 'csv');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.units.map((u) => u.id)).toEqual(['c1', 'k1', 't1', 'v2', 'v1']);
  });

  it('accepts English level names, {"units": [...]}, and tells JSON from CSV', () => {
    const rows = VALID.map((r) => [...r] as Row);
    const english = ['city', 'county', 'town', 'village', 'village'];
    rows.forEach((r, i) => (r[3] = english[i] as string));
    expect(parseOrgFile(jsonPretty(rows), 'json').ok).toBe(true);
    expect(parseOrgFile(csv(rows).replace(HEADER, HEADER.toUpperCase()), 'csv').ok).toBe(true);
    expect(detectFormat('org.JSON', '')).toBe('json');
    expect(detectFormat('org.csv', '[')).toBe('csv');
    expect(detectFormat(undefined, '\n  {"units": []}')).toBe('json');
    expect(detectFormat('org.txt', 'id,parent')).toBe('csv');
  });

  for (const { kind, rows, expected } of CASES) {
    it(`reports ${kind} on the right line, in CSV and JSON`, () => {
      const shape = (errors: ImportError[]) => errors.map((e) => ({ line: e.line, field: e.field }));
      const want = (lineOf: (row: number) => number) =>
        expected.map(([row, field]) => ({ line: lineOf(row), field }));
      for (const [text, format, lineOf] of [
        [csv(rows), 'csv', (row: number) => row + 2],
        [jsonLines(rows), 'json', (row: number) => row + 2],
        [jsonPretty(rows), 'json', (row: number) => prettyLine(rows, row)],
      ] as const) {
        const errors = errorsOf(text, format);
        expect(shape(errors), `${format}:\n${text}`).toEqual(want(lineOf));
        expected.forEach(([, , message], i) => expect(errors[i]?.message).toMatch(message));
      }
    });
  }

  it('reports every error in a file at once', () => {
    const errors = errorsOf(fixture('bad.csv'), 'csv');
    expect(errors.map((e) => [e.line, e.id, e.field])).toEqual([
      [4, '610602', 'id'],
      [5, '610603', 'parent'],
      [6, '610602001', 'level'],
      [7, '610602002', 'type'],
      [7, '610602002', 'station'],
      [8, 'bad id', 'id'],
      [8, 'bad id', 'level'],
      [9, 'A1', 'level'],
      [9, 'A1', 'parent'],
      [10, 'A2', 'level'],
      [10, 'A2', 'parent'],
      [11, '610604', 'parent'],
      [12, '610605', 'name'],
      [12, '610605', 'type'],
    ]);
    expect(errors[0]?.message).toBe('unit 610602: duplicate id 610602; first defined on line 3');
  });

  it('reports header problems and unreadable files on their line', () => {
    expect(errorsOf('id,parent,name,levle\nc1,,测试市,市', 'csv')).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('unknown column "levle"') }),
      expect.objectContaining({ line: 1, field: 'level', message: expect.stringContaining('missing column "level"') }),
    ]);
    expect(errorsOf(`${HEADER}\nc1,,"测试市,市,,`, 'csv')[0]).toMatchObject({ message: expect.stringContaining('not readable as CSV') });
    expect(errorsOf(`${HEADER}\nc1,,测试,市,,,extra`, 'csv')[0]).toMatchObject({ line: 2, message: expect.stringContaining('7 values') });
    expect(errorsOf('[\n  {"id": "c1"},\n  {"id": "k1",}\n]', 'json')).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining('not valid JSON') }),
    ]);
    expect(errorsOf('{"rows": []}', 'json')[0]?.message).toMatch(/expected an array of units/);
    expect(errorsOf('[\n  {"id": "c1", "parent": null, "name": "测试市", "level": "市", "colour": "red"},\n  7\n]', 'json')).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('unknown field "colour"') }),
      expect.objectContaining({ line: 3, message: expect.stringContaining('not an object') }),
    ]);
    expect(errorsOf(HEADER, 'csv')).toEqual([expect.objectContaining({ message: 'the file holds no units' })]);
  });

  it('counts lines past blank lines, CRLF endings and quoted line breaks', () => {
    const text = `\uFEFF${HEADER}\r\n\r\nc1,,测试市,市,,\r\nk1,c1,"甲县\r\n(旧)",县区,,\r\nk2,c1,乙县,县区,,是\r\nk3,c9,丙县,县区,,`;
    const errors = errorsOf(text, 'csv');
    expect(errors.map((e) => [e.line, e.id, e.field])).toEqual([
      [4, 'k1', 'name'],
      [7, 'k3', 'parent'],
    ]);
    expect(arrayElementLines('{"note": "[{", "units": [\n{"a": "]"},\n\n  "x", {"b": [{}]}\n]}', 'units')).toEqual([2, 4, 4]);
  });
});

describe('org import: into the read model', () => {
  const valid = fixture('valid.csv');
  const snapshot = (readModel: Awaited<ReturnType<typeof tempReadModel>>) =>
    readModel.db.prepare('SELECT * FROM org_units ORDER BY id').all();

  it('imports a valid file, stations included, and a second import of it changes nothing', async () => {
    const readModel = await tempReadModel();
    const first = await importOrgText(readModel, valid, { format: 'csv' });
    expect(first).toMatchObject({
      ok: true,
      counts: { city: { added: 1 }, county: { added: 2 }, town: { added: 3 }, village: { added: 3 } },
    });
    expect(await readModel.org.count()).toBe(9);
    expect(await readModel.org.get('610602')).toMatchObject({ hasStation: true, path: '/610600/610602/' });
    expect((await readModel.org.get('610600'))?.hasStation).toBeUndefined();
    expect((await readModel.org.unitsAtLevel('610600', 'village')).map((u) => u.id)).toEqual(['610602001001', '610602002001', '610603001001']);
    const before = await snapshot(readModel);

    const again = await importOrgText(readModel, valid, { format: 'csv' });
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    for (const counts of Object.values(again.counts)) expect(counts).toMatchObject({ added: 0, updated: 0 });
    expect(again.counts.village.unchanged).toBe(3);
    expect(await snapshot(readModel)).toEqual(before);
  });

  it('updates names, types and stations of stored units and adds new ones after their siblings', async () => {
    const readModel = await tempReadModel();
    await importOrgText(readModel, valid, { format: 'csv' });
    const changed = valid
      .replace('610602002001,610602002,河庄坪村委会,村社区,村,否', '610602002001,610602002,河庄坪社区居民委员会,村社区,社区,是')
      .concat('610602002002,610602002,新村委会,村社区,村,是\n');
    const dry = await importOrgText(readModel, changed, { format: 'csv', dryRun: true });
    expect(dry).toMatchObject({ ok: true, dryRun: true, counts: { village: { added: 1, updated: 1, unchanged: 2 } } });
    expect(await readModel.org.count()).toBe(9);

    const result = await importOrgText(readModel, changed, { format: 'csv' });
    expect(result).toMatchObject({ ok: true, counts: { village: { added: 1, updated: 1, unchanged: 2 } } });
    expect(await readModel.org.get('610602002001')).toMatchObject({ name: '河庄坪社区居民委员会', kind: '社区', hasStation: true });
    expect((await readModel.org.children('610602002')).map((u) => u.id)).toEqual(['610602002001', '610602002002']);
  });

  it('rejects moving a stored unit or changing its level, and writes nothing', async () => {
    const readModel = await tempReadModel();
    await importOrgText(readModel, valid, { format: 'csv' });
    const before = await snapshot(readModel);
    const moved = valid
      .replace('610603001,610603,', '610603001,610602,')
      .replace('610602002001,610602002,河庄坪村委会,村社区,村,否', '610602002001,610602002,河庄坪村委会,村社区,村,是')
      .concat('610603002,610603,新镇,乡镇街道,乡镇,是\n');
    const result = await importOrgText(readModel, moved, { format: 'csv' });
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          line: 9,
          id: '610603001',
          field: 'parent',
          message: expect.stringMatching(/already stored under 610603; an import cannot move it under 610602/),
        }),
      ],
    });
    expect(await snapshot(readModel)).toEqual(before);

    // The store itself refuses too, all or nothing: the station update before the moved unit is not kept.
    const parsed = parseOrgFile(moved, 'csv');
    if (!parsed.ok) throw new Error('expected a valid file');
    await expect(readModel.org.applyImport(parsed.units)).rejects.toThrow(/610603001/);
    expect(await snapshot(readModel)).toEqual(before);

    const relevelled: OrgUnit[] = [{ id: '610600', parentId: null, name: '延安市', level: 'province' }];
    expect(checkAgainstExisting({ units: relevelled, lines: new Map([['610600', 2]]) }, await existingOrgFor(readModel.org, relevelled))).toEqual({
      ok: false,
      errors: [expect.objectContaining({ line: 2, field: 'level', message: expect.stringMatching(/already stored as 市/) })],
    });
  });

  it('writes nothing when the file has any error', async () => {
    const readModel = await tempReadModel();
    await importOrgText(readModel, valid, { format: 'csv' });
    const before = await snapshot(readModel);
    const oneBad = valid.replace('河庄坪村委会', '河庄坪新名').concat('610603001002,610603001,,村社区,社区,是\n');
    expect(await importOrgText(readModel, oneBad, { format: 'csv' })).toMatchObject({ ok: false, errors: [{ line: 11, field: 'name' }] });
    expect(await importOrgText(readModel, fixture('bad.csv'), { format: 'csv' })).toMatchObject({ ok: false });
    expect(await snapshot(readModel)).toEqual(before);
  });

  it('takes a file rooted at a stored unit, but not a second tree', async () => {
    const readModel = await tempReadModel();
    await importOrgText(readModel, valid, { format: 'csv' });
    const other = await importOrgText(readModel, fixture('valid.json'), { format: 'json' });
    expect(other).toMatchObject({
      ok: false,
      errors: [{ line: 2, id: '990000', message: expect.stringMatching(/already holds the tree under 610600 延安市/) }],
    });
    expect(await readModel.org.count()).toBe(9);

    const subtree = csv([
      ['610600', '', '延安市', '市'],
      ['610621', '610600', '延长县', '县区', '', '是'],
    ]);
    expect(await importOrgText(readModel, subtree, { format: 'csv' })).toMatchObject({ ok: true, counts: { county: { added: 1 } } });
    expect((await readModel.org.get('610621'))?.path).toBe('/610600/610621/');
  });
});
