import { Workbook } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { allRows, EXPORT_ROW_CAP, excelDate, exportFormat, workbook } from '../../api/exports/xlsx';

describe('the 台账 writer', () => {
  it('gathers every page of a list, and stops at the cap saying how long the list was', async () => {
    const list = (length: number) => (limit: number, offset: number) => ({
      total: length,
      rows: Array.from({ length: Math.max(0, Math.min(limit, length - offset)) }, (_, i) => offset + i),
    });
    const some = await allRows(list(2_345));
    expect(some).toMatchObject({ total: 2_345, capped: false });
    expect(some.rows).toEqual(Array.from({ length: 2_345 }, (_, i) => i));
    const many = await allRows(list(EXPORT_ROW_CAP + 7));
    expect(many).toMatchObject({ total: EXPORT_ROW_CAP + 7, capped: true });
    expect(many.rows).toHaveLength(EXPORT_ROW_CAP);
    expect(await allRows(list(0))).toMatchObject({ rows: [], total: 0, capped: false });
  });

  it('notes a list cut at the cap in its 说明 sheet', async () => {
    const bytes = await workbook([{ name: '逾期任务', columns: [{ header: '编号', value: (r: number) => r }], rows: [1, 2] }], {
      title: '逾期台账',
      query: { scopeUnitId: 'c1' },
      total: 12_345,
    });
    const book = new Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const about = book.getWorksheet('说明')!;
    const lines: string[] = [];
    about.eachRow((row) => lines.push((row.values as unknown[]).slice(1).join(' ')));
    expect(lines).toContain('查询条件 scopeUnitId=c1');
    expect(lines.find((l) => l.startsWith('注意'))).toContain(`共 12345 行，超过导出上限 ${EXPORT_ROW_CAP} 行`);
    expect(book.getWorksheet('逾期任务')!.rowCount).toBe(3);
  });

  it('writes instants as Shanghai wall-clock dates, summer time of 1986–91 included', () => {
    expect(excelDate('2026-11-20T23:59:59.999+08:00')?.toISOString()).toBe('2026-11-20T23:59:59.999Z');
    expect(excelDate('2026-11-20T15:59:59.999Z')?.toISOString()).toBe('2026-11-20T23:59:59.999Z');
    expect(excelDate('1990-07-01T12:00:00+08:00')?.toISOString()).toBe('1990-07-01T13:00:00.000Z');
    expect(excelDate(undefined)).toBeNull();
  });

  it('takes format=xlsx alone, without paging; anything else names format', () => {
    expect(exportFormat({ scopeUnitId: 'c1' })).toEqual({ xlsx: false, query: { scopeUnitId: 'c1' } });
    expect(exportFormat({ scopeUnitId: 'c1', format: 'xlsx', limit: '5', offset: '10' })).toEqual({ xlsx: true, query: { scopeUnitId: 'c1' } });
    expect(() => exportFormat({ format: 'csv' })).toThrow(expect.objectContaining({ status: 400, field: 'format' }));
  });
});
