import { ROLE_NAMES, type Role } from '../../domain/access';
import type { AcknowledgementFigures } from '../../domain/acknowledgement';
import type { Light } from '../../domain/lights';
import { LEVEL_NAMES, type OrgLevel } from '../../domain/org';
import type { countsView, RollupNode } from '../reports';
import type { overdueView, taskView } from '../views';
import type { Column } from './xlsx';

/**
 * The columns of every 台账 the API exports (`?format=xlsx`), one definition per list, filled from the rows of the
 * list's own JSON answer so the sheet and the JSON cannot disagree.
 */

type TaskRow = Awaited<ReturnType<typeof taskView>>;
type OverdueRow = Awaited<ReturnType<typeof overdueView>>;
type Counts = ReturnType<typeof countsView>;

const STATUS: Record<string, string> = { open: '进行中', overdue: '已逾期', done: '已完成' };
const ACCEPTANCE: Record<string, string> = { awaiting: '待验收', accepted: '已验收', closed: '验收期满' };
const LIGHT: Record<Light, string> = { green: '绿', yellow: '黄', red: '红' };
const NOTIFICATION_KIND: Record<string, string> = {
  reminder: '临期提醒',
  progressCheck: '进度检查',
  urge: '催办',
  overdue: '逾期',
  escalation: '逾期升级',
  extensionRequested: '延期申请',
  extensionApproved: '延期批准',
  extensionRejected: '延期驳回',
  returned: '退回',
};

const yesNo = (v: boolean | undefined) => (v === undefined ? null : v ? '是' : '否');
const level = (l: string) => LEVEL_NAMES[l as OrgLevel] ?? l;

const TASK_COLUMNS: Array<Column<TaskRow>> = [
  { header: '单位', value: (t) => t.unitName, width: 24 },
  { header: '单位代码', value: (t) => t.unitId, width: 14 },
  { header: '事项', value: (t) => t.directiveTitle ?? t.directiveId, width: 30 },
  { header: '任务编号', value: (t) => t.id, width: 28 },
  { header: '状态', value: (t) => STATUS[t.status] ?? t.status },
  { header: '逾期完成', value: (t) => yesNo(t.late) },
  { header: '截止时间', type: 'date', value: (t) => t.dueAt },
  { header: '原截止时间', type: 'date', value: (t) => t.originalDueAt },
  { header: '下发时间', type: 'date', value: (t) => t.createdAt },
  { header: '逾期时间', type: 'date', value: (t) => t.overdueAt },
  { header: '完成时间', type: 'date', value: (t) => t.doneAt },
  { header: '已完成步骤', type: 'number', value: (t) => t.stepsDone },
  { header: '步骤总数', type: 'number', value: (t) => t.stepsTotal },
  { header: '验收', value: (t) => (t.acceptance ? (ACCEPTANCE[t.acceptance] ?? t.acceptance) : null) },
  { header: '验收截止', type: 'date', value: (t) => t.reviewEndsAt },
];

/** 任务进度台账: an assignment's tasks, one per unit. */
export const PROGRESS_COLUMNS = TASK_COLUMNS;

/** 逾期台账: the overdue list, with days overdue after the unit. */
export const OVERDUE_COLUMNS: Array<Column<OverdueRow>> = [
  ...TASK_COLUMNS.slice(0, 3),
  { header: '逾期天数', type: 'number', value: (t) => t.daysOverdue },
  ...TASK_COLUMNS.slice(3),
];

const COUNT_COLUMNS: Array<Column<Counts>> = [
  { header: '灯', value: (c) => (c.light === null ? null : (LIGHT[c.light] ?? c.light)) },
  { header: '任务数', type: 'number', value: (c) => c.total },
  { header: '已完成', type: 'number', value: (c) => c.done },
  { header: '其中逾期完成', type: 'number', value: (c) => c.doneLate },
  { header: '进行中', type: 'number', value: (c) => c.open },
  { header: '已逾期', type: 'number', value: (c) => c.overdue },
  { header: '有风险', type: 'number', value: (c) => c.atRisk },
  { header: '临期', type: 'number', value: (c) => c.dueSoon },
  { header: '完成率(%)', type: 'number', value: (c) => c.completionRate },
  { header: '按期率(%)', type: 'number', value: (c) => c.onTimeRate },
  { header: '序时进度(%)', type: 'number', value: (c) => c.progressRate },
  { header: '已完成步骤', type: 'number', value: (c) => c.stepsDone },
  { header: '步骤总数', type: 'number', value: (c) => c.stepsTotal },
];

const countsOf = <Row>(pick: (row: Row) => Counts): Array<Column<Row>> =>
  COUNT_COLUMNS.map((c) => ({ ...c, value: (row: Row) => c.value(pick(row)) }));

/** 签收 figures beside the counts (domain/acknowledgement.ts), as the summary, ranking and roll-up answer them. */
const ACKNOWLEDGEMENT_COLUMNS: Array<Column<AcknowledgementFigures>> = [
  { header: '签收率(%)', type: 'number', value: (a) => a.acknowledgementRate },
  { header: '已签收', type: 'number', value: (a) => a.acknowledged },
  { header: '其中超时签收', type: 'number', value: (a) => a.acknowledgedLate },
  { header: '超时未签收', type: 'number', value: (a) => a.overdue },
  { header: '回退', type: 'number', value: (a) => a.declined },
  { header: '平均签收用时(小时)', type: 'number', value: (a) => a.averageHoursToAcknowledge },
];

const acknowledgementOf = <Row>(pick: (row: Row) => AcknowledgementFigures | undefined): Array<Column<Row>> =>
  ACKNOWLEDGEMENT_COLUMNS.map((c) => ({
    ...c,
    value: (row: Row) => {
      const figures = pick(row);
      return figures === undefined ? null : c.value(figures);
    },
  }));

/** One line of the roll-up tree, as the tree is read top-down: the node, its depth and its parent. */
export interface RollupLine {
  node: RollupNode;
  depth: number;
  parent?: RollupNode;
}

/** The roll-up tree in reading order, each node a row. */
export function rollupLines(node: RollupNode, depth = 0, parent?: RollupNode): RollupLine[] {
  return [{ node, depth, ...(parent ? { parent } : {}) }, ...(node.children ?? []).flatMap((c) => rollupLines(c, depth + 1, node))];
}

/** 汇总台账: the roll-up tree, a row per unit, indented by depth. */
export const ROLLUP_COLUMNS: Array<Column<RollupLine>> = [
  { header: '单位', value: (l) => `${'　'.repeat(l.depth)}${l.node.name}`, width: 28 },
  { header: '单位代码', value: (l) => l.node.unitId, width: 14 },
  { header: '层级', value: (l) => level(l.node.level) },
  { header: '上级单位', value: (l) => l.parent?.name ?? null, width: 20 },
  ...countsOf<RollupLine>((l) => l.node.counts),
  ...acknowledgementOf<RollupLine>((l) => l.node.acknowledgement),
];

type DirectiveRow = Counts & { directiveId: string; code?: string | undefined; title?: string | undefined; acknowledgement?: AcknowledgementFigures };
type RankingRow = Counts & { unitId: string; name: string; level: string; rank: number | null; acknowledgement?: AcknowledgementFigures };

/** 事项汇总: a unit's summary per directive. */
export const SUMMARY_DIRECTIVE_COLUMNS: Array<Column<DirectiveRow>> = [
  { header: '编号', value: (d) => d.code ?? null },
  { header: '事项', value: (d) => d.title ?? d.directiveId, width: 30 },
  { header: '事项代码', value: (d) => d.directiveId, width: 28 },
  ...countsOf<DirectiveRow>((d) => d),
  ...acknowledgementOf<DirectiveRow>((d) => d.acknowledgement),
];

/** 通报排名: the child units ranked. */
export const RANKING_COLUMNS: Array<Column<RankingRow>> = [
  { header: '名次', type: 'number', value: (r) => r.rank },
  { header: '单位', value: (r) => r.name, width: 24 },
  { header: '单位代码', value: (r) => r.unitId, width: 14 },
  { header: '层级', value: (r) => level(r.level) },
  ...countsOf<RankingRow>((r) => r),
  ...acknowledgementOf<RankingRow>((r) => r.acknowledgement),
];

interface NotificationRow {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  unitId: string;
  directiveId?: string | undefined;
  recipient: { role: string; unitId: string };
  title: string;
  text: string;
  at: string;
  dueAt?: string | undefined;
  readAt?: string | undefined;
}

/** 通知台账: an inbox. */
export const NOTIFICATION_COLUMNS: Array<Column<NotificationRow>> = [
  { header: '时间', type: 'date', value: (n) => n.at },
  { header: '类型', value: (n) => NOTIFICATION_KIND[n.kind] ?? n.kind },
  { header: '标题', value: (n) => n.title, width: 30 },
  { header: '内容', value: (n) => n.text, width: 50 },
  { header: '涉及单位', value: (n) => n.unitId, width: 14 },
  { header: '事项代码', value: (n) => n.directiveId ?? null, width: 24 },
  { header: '对象', value: (n) => n.subjectId, width: 28 },
  { header: '收件单位', value: (n) => n.recipient.unitId, width: 14 },
  { header: '收件角色', value: (n) => ROLE_NAMES[n.recipient.role as Role] ?? n.recipient.role },
  { header: '截止时间', type: 'date', value: (n) => n.dueAt },
  { header: '已读时间', type: 'date', value: (n) => n.readAt },
];
