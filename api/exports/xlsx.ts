import { Workbook } from 'exceljs';
import type { Response } from 'express';
import { DateTime, IANAZone } from 'luxon';
import { ZONE } from '../../domain/time';
import { badField } from '../errors';

/** The xlsx media type (ECMA-376). */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The most rows one export holds; a larger list is cut there and its 说明 sheet says so. */
export const EXPORT_ROW_CAP = 10_000;

/** Rows per page read while gathering an export (the API's own page limit). */
const PAGE = 1000;

type CellValue = string | number | boolean | Date | null | undefined;

/** One column of a 台账: its Chinese header and how a row of the API's JSON fills it. */
export interface Column<Row> {
  header: string;
  /** `date`: an ISO instant of the JSON, written as an Excel date in Shanghai wall-clock time. */
  type?: 'date' | 'text' | 'number';
  width?: number;
  value(row: Row): CellValue;
}

/** One sheet: a list's rows as the API returns them, one sheet row each. */
export interface Sheet<Row> {
  name: string;
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
}

/** What the 说明 sheet says about the export: what it is, as of when, from which query; cut short or not. */
export interface ExportNote {
  title: string;
  asOf?: string;
  query: Record<string, unknown>;
  /** Set when the list had more rows than EXPORT_ROW_CAP. */
  total?: number;
  extra?: Array<[string, CellValue]>;
}

/**
 * `?format=xlsx` on a list route: the format asked for (undefined for JSON) and the query without it, for the route's
 * own schema. Any other format is a 400 naming `format`.
 */
export function exportFormat(query: Record<string, unknown>): { xlsx: boolean; query: Record<string, unknown> } {
  const { format, ...rest } = query;
  if (format === undefined) return { xlsx: false, query };
  if (format !== 'xlsx') throw badField('format', `format: only xlsx is offered (leave format out for JSON); got ${String(format)}`);
  // An export holds every row: paging parameters do not apply to it.
  const { limit: _limit, offset: _offset, ...filters } = rest;
  return { xlsx: true, query: filters };
}

/**
 * Every row of a paged list, page by page, up to EXPORT_ROW_CAP. `total` is the list's length as the API reports it.
 * A page is read from the database, so it may be a promise.
 */
export async function allRows<Row>(
  page: (limit: number, offset: number) => { total: number; rows: Row[] } | Promise<{ total: number; rows: Row[] }>,
): Promise<{ rows: Row[]; total: number; capped: boolean }> {
  const rows: Row[] = [];
  let total = 0;
  for (let offset = 0; offset < EXPORT_ROW_CAP; offset += PAGE) {
    const got = await page(Math.min(PAGE, EXPORT_ROW_CAP - offset), offset);
    total = got.total;
    rows.push(...got.rows);
    if (got.rows.length === 0 || rows.length >= total) break;
  }
  return { rows, total, capped: rows.length < total };
}

/**
 * An ISO instant of the API (with its offset) as an Excel date: Excel dates have no zone, so the cell holds the
 * Shanghai wall-clock time, as the JSON's +08:00 text reads.
 */
export function excelDate(iso: string | undefined | null): Date | null {
  if (!iso) return null;
  // The API's instants carry their offset, which Date.parse reads; the zone's offset at that instant makes it local.
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return null;
  return new Date(instant + SHANGHAI.offset(instant) * 60_000);
}

const SHANGHAI = IANAZone.create(ZONE);

function asCell(value: CellValue, type: Column<unknown>['type']): CellValue {
  if (value === undefined || value === null) return null;
  if (type === 'date' && typeof value === 'string') return excelDate(value);
  return value;
}

/** A workbook of `sheets` and a 说明 sheet, as the bytes of an .xlsx file. */
export async function workbook(sheets: ReadonlyArray<Sheet<any>>, note: ExportNote): Promise<Buffer> {
  const book = new Workbook();
  book.creator = 'duban';
  book.created = new Date();
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c, i) => ({
      header: c.header,
      key: String(i),
      width: c.width ?? (c.type === 'date' ? 18 : Math.max(10, c.header.length * 2 + 2)),
      ...(c.type === 'date' ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(sheet.columns.map((c) => asCell(c.value(row), c.type)));
  }
  const about = book.addWorksheet('说明');
  about.columns = [
    { header: '项目', key: 'k', width: 16 },
    { header: '内容', key: 'v', width: 60 },
  ];
  about.getRow(1).font = { bold: true };
  about.addRow(['台账', note.title]);
  if (note.asOf) about.addRow(['数据时间', note.asOf]);
  const filters = Object.entries(note.query).filter(([, v]) => v !== undefined);
  about.addRow(['查询条件', filters.length ? filters.map(([k, v]) => `${k}=${String(v)}`).join('&') : '（无）']);
  for (const sheet of sheets) about.addRow([`${sheet.name}行数`, sheet.rows.length]);
  for (const [k, v] of note.extra ?? []) about.addRow([k, v]);
  if (note.total !== undefined) {
    about.addRow(['注意', `共 ${note.total} 行，超过导出上限 ${EXPORT_ROW_CAP} 行，只导出了前 ${EXPORT_ROW_CAP} 行；请缩小查询范围后分别导出。`]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A file name safe on every system: no path separators or characters Windows refuses. */
function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 120);
}

/**
 * Answers the workbook as an attachment: the Chinese name in `filename*` (RFC 5987/6266), an ASCII one for clients
 * that read only `filename`.
 */
export async function sendXlsx(res: Response, names: { zh: string; ascii: string }, sheets: ReadonlyArray<Sheet<any>>, note: ExportNote): Promise<void> {
  sendAttachment(res, names, 'xlsx', XLSX_TYPE, await workbook(sheets, note));
}

/** Any document as an attachment, named as sendXlsx names its workbooks (a .docx 通报 too). */
export function sendAttachment(res: Response, names: { zh: string; ascii: string }, extension: string, contentType: string, bytes: Buffer): void {
  const zh = `${safeName(names.zh)}.${extension}`;
  const ascii = `${safeName(names.ascii).replace(/[^\x20-\x7e]/g, '_')}.${extension}`;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(zh)}`);
  res.send(bytes);
}

/** The date part of a file name: the export's day in Shanghai, e.g. 20261130. */
export function fileDay(at: number): string {
  return DateTime.fromMillis(at, { zone: ZONE }).toFormat('yyyyLLdd');
}
