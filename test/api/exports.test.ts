import { Workbook } from 'exceljs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoOrg } from '../../domain/demo-org';
import type { Api } from '../support/http';
import { tokenFor } from '../support/people';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';
import { records } from '../support/xlsx';

const CITY = '610600';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Downloads an export as a browser would, and opens it with exceljs. */
async function download(api: Api, path: string) {
  const token = await tokenFor({ role: 'leader', unitId: CITY, name: '市领导' });
  const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${bytes.toString()}`);
  const book = new Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return { res, book, bytes };
}

/** What the JSON's instant reads on a Shanghai wall clock, as an Excel date (zone-less) holds it. */
const wallClock = (iso: string) => DateTime.fromISO(iso).setZone('Asia/Shanghai').toFormat("yyyy-LL-dd'T'HH:mm:ss");
const cellClock = (cell: unknown) => (cell as Date).toISOString().slice(0, 19);

/** The Chinese file name of an attachment, from its RFC 5987 `filename*`. */
const fileName = (res: Response) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? '');

describe('台账 export as xlsx: the same rows as the JSON', () => {
  let stack: Stack;
  let api: Api;
  let assignmentId: string;

  beforeAll(async () => {
    stack = await startStack(generateDemoOrg());
    api = stack.api;
    // 13 county tasks due in a few seconds: soon all overdue.
    const made = await api.post('/api/assignments', { directiveId: 'care-fund-establishment', scopeUnitId: CITY, dueAt: new Date(Date.now() + 5000).toISOString() });
    expect(made.status).toBe(201);
    assignmentId = made.body.id;
    await eventually(
      async () => (await api.get(`/api/overdue?scopeUnitId=${CITY}&directiveId=care-fund-establishment`)).body.total,
      (n) => n === 13,
      60_000,
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('exports the overdue list: every row, in order, with Chinese headers, Excel dates in Shanghai time', async () => {
    const query = `scopeUnitId=${CITY}&directiveId=care-fund-establishment`;
    const json = (await api.get(`/api/overdue?${query}&limit=1000`)).body;
    expect(json.total).toBe(13);
    // Paging does not apply to an export: limit=2 still gives every row.
    const { res, book, bytes } = await download(api, `/api/overdue?${query}&limit=2&format=xlsx`);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="overdue_610600_\d{8}\.xlsx"; filename\*=UTF-8''/);
    expect(fileName(res)).toMatch(/^逾期台账_延安市_\d{8}\.xlsx$/);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    const rows = records(book.getWorksheet('逾期任务'));
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['单位', '单位代码', '事项', '逾期天数', '任务编号', '状态', '截止时间', '下发时间']));
    expect(rows).toHaveLength(json.tasks.length);
    json.tasks.forEach((task: any, i: number) => {
      const row = rows[i]!;
      expect(row).toMatchObject({ 任务编号: task.id, 单位: task.unitName, 单位代码: task.unitId, 事项: task.directiveTitle, 逾期天数: task.daysOverdue, 状态: '已逾期' });
      expect(row['截止时间']).toBeInstanceOf(Date);
      expect(cellClock(row['截止时间'])).toBe(wallClock(task.dueAt));
      expect(cellClock(row['下发时间'])).toBe(wallClock(task.createdAt));
    });
    // Shown as dates, not serial numbers.
    const sheet = book.getWorksheet('逾期任务')!;
    const dueColumn = (sheet.getRow(1).values as unknown[]).indexOf('截止时间');
    expect(sheet.getCell(2, dueColumn).numFmt).toBe('yyyy-mm-dd hh:mm');
    const about = records(book.getWorksheet('说明'));
    expect(about.find((r) => r['项目'] === '查询条件')?.['内容']).toContain('directiveId=care-fund-establishment');
  });

  it("exports an assignment's progress with one row per unit, as the JSON lists them", async () => {
    const json = (await api.get(`/api/assignments/${assignmentId}/progress?limit=1000`)).body;
    expect(json.units).toHaveLength(13);
    const { res, book } = await download(api, `/api/assignments/${assignmentId}/progress?format=xlsx`);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(fileName(res)).toMatch(/^任务进度台账_.+_\d{8}\.xlsx$/);
    const rows = records(book.getWorksheet('任务进度'));
    expect(rows.map((r) => [r['任务编号'], r['单位'], r['已完成步骤'], r['步骤总数'], cellClock(r['截止时间'])])).toEqual(
      json.units.map((t: any) => [t.id, t.unitName, t.stepsDone, t.stepsTotal, wallClock(t.dueAt)]),
    );
  });

  it('exports the roll-up tree, the unit summary and ranking, and the inbox, row for row', async () => {
    const rollup = (await api.get(`/api/assignments/${assignmentId}/rollup`)).body;
    const tree = records((await download(api, `/api/assignments/${assignmentId}/rollup?format=xlsx`)).book.getWorksheet('汇总'));
    expect(tree.map((r) => [r['单位代码'], r['任务数'], r['已逾期'], r['超时未签收']])).toEqual([
      [rollup.tree.unitId, rollup.tree.counts.total, rollup.tree.counts.overdue, rollup.tree.acknowledgement.overdue],
      ...rollup.tree.children.map((c: any) => [c.unitId, c.counts.total, c.counts.overdue, c.acknowledgement.overdue]),
    ]);

    const summary = (await api.get(`/api/units/${CITY}/summary`)).body;
    const summaryBook = (await download(api, `/api/units/${CITY}/summary?format=xlsx`)).book;
    expect(records(summaryBook.getWorksheet('事项汇总')).map((r) => [r['事项代码'], r['任务数'], r['完成率(%)'] ?? null])).toEqual(
      summary.directives.map((d: any) => [d.directiveId, d.total, d.completionRate]),
    );
    const ranking = (await api.get(`/api/units/${CITY}/ranking`)).body.ranking;
    const ranked = records((await download(api, `/api/units/${CITY}/ranking?format=xlsx`)).book.getWorksheet('通报排名'));
    expect(ranked.map((r) => [r['名次'], r['单位代码']])).toEqual(ranking.map((r: any) => [r.rank, r.unitId]));
    // 签收 figures beside the counts, as the API gives each unit's (the sheet leaves an empty rate empty).
    expect(ranked.map((r) => [r['签收率(%)'] ?? null, r['已签收'], r['超时未签收'], r['回退']])).toEqual(
      ranking.map((r: any) => [r.acknowledgement.acknowledgementRate, r.acknowledgement.acknowledged, r.acknowledgement.overdue, r.acknowledgement.declined]),
    );
    expect(ranking.some((r: any) => r.acknowledgement.issued > 0)).toBe(true);
    expect(records(summaryBook.getWorksheet('通报排名'))).toHaveLength(ranking.length);

    const inbox = await eventually(
      async () => (await api.get(`/api/notifications?unitId=${CITY}&role=all&limit=1000`)).body,
      (b) => b.total > 0,
    );
    const { res, book } = await download(api, `/api/notifications?unitId=${CITY}&role=all&format=xlsx`);
    expect(fileName(res)).toMatch(/^通知台账_延安市_/);
    const notices = records(book.getWorksheet('通知'));
    expect(notices.map((n) => [n['标题'], cellClock(n['时间'])])).toEqual(inbox.notifications.map((n: any) => [n.title, wallClock(n.at)]));
  });

  it('refuses any other format with a 400 naming format', async () => {
    for (const path of [`/api/overdue?format=csv`, `/api/assignments/${assignmentId}/progress?format=xls`, `/api/units/${CITY}/summary?format=`]) {
      expect(await api.get(path), path).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', field: 'format' } } });
    }
  });
});
