import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { bulletinView } from './figures';

/**
 * The 通报 as a Word document (the `docx` library), in the order a supervisor office writes one: 总体情况, the
 * ranking by 按期率, the overdue work named, the units praised, standing-standard compliance and 签收. The headings
 * are the ones below (BULLETIN_HEADINGS); tests read them back from word/document.xml.
 */
export const BULLETIN_HEADINGS = ['一、总体情况', '二、按期率排名', '三、逾期情况', '四、表扬单位', '五、常态化标准达标情况', '六、签收情况'] as const;

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type View = ReturnType<typeof bulletinView>;

const NONE = '—';
const pct = (value: number | null | undefined) => (value === null || value === undefined ? NONE : `${value}%`);
/** 2026-11-30T18:00:00.000+08:00 → 2026年11月30日 18:00 */
const when = (iso: string | undefined) => {
  const m = iso && /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}` : NONE;
};
const day = (iso: string | undefined) => {
  const m = iso && /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : NONE;
};

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const line = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const borders = { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line };

/** The text width of an A4 page with 1-inch margins, in twentieths of a point. */
const TEXT_WIDTH = 11906 - 2 * 1440;

/** A table over the text width; `shares` are the columns' parts of it (equal by default), so names get room. */
function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>, shares?: readonly number[]): Table {
  const parts = shares ?? headers.map(() => 1);
  const sum = parts.reduce((a, b) => a + b, 0);
  const widths = parts.map((p) => Math.floor((p / sum) * TEXT_WIDTH));
  const cell = (text: string | number, i: number, bold = false) =>
    new TableCell({
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: String(text), bold, size: 21 })] })],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders,
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell(v, i)) })),
    ],
  });
}

const heading = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 240, after: 120 }, children: [new TextRun({ text, font: { eastAsia: '黑体' } })] });
const body = (text: string) => new Paragraph({ spacing: { after: 120 }, indent: { firstLine: 480 }, children: [new TextRun({ text, size: 24 })] });

export function bulletinParagraphs(view: View): Array<Paragraph | Table> {
  const scope = view.scopeName ?? view.scopeUnitId;
  const t = view.totals;
  const ranked = view.ranking.filter((u) => u.rank !== null);
  const unranked = view.ranking.filter((u) => u.rank === null);
  const out: Array<Paragraph | Table> = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: `关于${view.periodLabel}${scope}督办工作情况的通报`, bold: true, size: 36, font: { eastAsia: '黑体' } })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: `统计时点：${when(view.asOf)}（北京时间）　统计范围：${scope}及所辖单位`, size: 21 })],
    }),
    heading(BULLETIN_HEADINGS[0]),
    body(
      `截至${when(view.asOf)}，${scope}共有督办任务${t.total}项，已完成${t.done}项（其中逾期完成${t.doneLate}项），` +
        `正在办理${t.open}项，逾期未完成${t.overdue}项；完成率${pct(t.completionRate)}，按期率${pct(t.onTimeRate)}。`,
    ),
    heading(BULLETIN_HEADINGS[1]),
    body('按期率 = 按期完成数 ÷（已完成数 + 逾期未完成数）；按期率相同的，依次比较完成率、序时进度。'),
    ranked.length
      ? table(
          ['名次', '单位', '任务数', '已完成', '逾期完成', '逾期未完成', '完成率', '按期率'],
          ranked.map((u) => [u.rank ?? NONE, u.name, u.total, u.done, u.doneLate, u.overdue, pct(u.completionRate), pct(u.onTimeRate)]),
          [8, 18, 11, 11, 12, 14, 13, 13],
        )
      : body('本期所辖单位均无督办任务。'),
    ...(unranked.length ? [body(`本期无督办任务、不参与排名的单位：${unranked.map((u) => u.name).join('、')}。`)] : []),
    heading(BULLETIN_HEADINGS[2]),
  ];
  const overdue = view.overdue;
  if (overdue.total === 0) out.push(body('本期无逾期未完成任务。'));
  else {
    const shown = overdue.tasks.length < overdue.total ? `，以下列出逾期时间最长的${overdue.tasks.length}项` : '';
    out.push(body(`逾期未完成任务共${overdue.total}项${shown}，请有关单位抓紧办理：`));
    out.push(
      table(
        ['单位', '事项', '应完成时间', '逾期天数'],
        overdue.tasks.map((task) => [overdue.places[task.unitId] ?? task.unitName ?? task.unitId, task.directiveTitle ?? task.directiveId, day(task.dueAt), task.daysOverdue]),
        [42, 30, 17, 11],
      ),
    );
  }
  out.push(heading(BULLETIN_HEADINGS[3]));
  out.push(
    view.praised.length
      ? body(`以下单位已完成的任务全部按期完成、无逾期，予以通报表扬：${view.praised.map((p) => `${p.name}（${p.reason}）`).join('；')}。`)
      : body('本期无符合表扬条件（有已完成任务且全部按期、无逾期）的单位。'),
  );
  out.push(heading(BULLETIN_HEADINGS[4]));
  const standards = view.standards.flatMap((d) => d.standards.map((s) => ({ d, s })));
  out.push(
    standards.length
      ? table(
          ['事项', '标准', '应达标单位', '达标', '未达标', '未报', '达标率'],
          standards.map(({ d, s }) => [`${d.code} ${d.title}`, s.title.zh, s.applicable, s.compliant, s.nonCompliant, s.missing, pct(s.complianceRate)]),
          [25, 25, 12, 9, 10, 9, 10],
        )
      : body('无常态化标准。'),
  );
  out.push(heading(BULLETIN_HEADINGS[5]));
  const ack = view.acknowledgement;
  out.push(body(`签收率：${pct(ack?.rate)}；平均签收用时：${ack?.averageHours === null || ack?.averageHours === undefined ? NONE : `${ack.averageHours}小时`}。`));
  if (ack) {
    out.push(body(`下发${ack.issued}项，已签收${ack.acknowledged}项（其中超时签收${ack.acknowledgedLate}项），超时未签收${ack.overdue}项，回退${ack.declined}项。`));
  }
  return out;
}

/** The bulletin's .docx bytes. */
export async function bulletinDocx(view: View): Promise<Buffer> {
  const doc = new Document({
    creator: 'duban',
    title: `${view.periodLabel}${view.scopeName ?? view.scopeUnitId}督办工作通报`,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ properties: { page: { margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } }, children: bulletinParagraphs(view) }],
  });
  return Packer.toBuffer(doc);
}
