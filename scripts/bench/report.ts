import type { StackFigures } from './measure';

const mark = (ok: boolean) => (ok ? '✓' : '✗');
const n = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

/** One row per measure, one column per stack, the goal (issue 15) last. */
export function sideBySide(figures: StackFigures[]): string[] {
  const rows: Array<[string, (f: StackFigures) => string, string]> = [
    ['villages', (f) => String(f.villages), ''],
    ['duban workers × fan-out starts/s limit each', (f) => `${f.workers} × ${f.limits.startsPerSecondPerWorker}`, ''],
    ['  starts in flight / wf task slots / activity slots', (f) => `${f.limits.startsInFlightPerWorker}/${f.limits.workflowTaskSlots}/${f.limits.activitySlots}`, ''],
    ['raw SDK starts/s', (f) => n(f.rawStartPerSec), ''],
    ['fan-out (limit as deployed), tasks/s', (f) => n(f.fanOut.perSec), ''],
    ['  ratio to raw', (f) => `${n(f.fanOut.ratio, 2)} ${mark(f.fanOut.ratio >= 0.8)}`, '≥ 0.80'],
    ['  settle after last start, s', (f) => n(f.fanOut.settleSeconds), ''],
    ['  first states in read model at last start', (f) => String(f.fanOut.settledAtLastStart), ''],
    ['  settle rate N/settle, /s (ratio to raw)', (f) => `${n(f.fanOut.settlePerSec, 0)} (${n(f.fanOut.settleRatio, 2)})`, ''],
    ['  POST → all settled, tasks/s', (f) => n(f.fanOut.endToEndPerSec), ''],
    ['fan-out, limiter off, tasks/s', (f) => (f.fanOutUnlimited ? n(f.fanOutUnlimited.perSec) : 'the run above'), ''],
    ['  ratio to raw', (f) => (f.fanOutUnlimited ? `${n(f.fanOutUnlimited.ratio, 2)} ${mark(f.fanOutUnlimited.ratio >= 0.8)}` : '—'), '≥ 0.80'],
    ['  settle after last start, s', (f) => (f.fanOutUnlimited ? n(f.fanOutUnlimited.settleSeconds) : '—'), ''],
    ['tasks in read model for latency', (f) => String(f.latency.tasksInReadModel), ''],
    ['unit summary p50 / p99, ms', (f) => `${n(f.latency.summary.p50)} / ${n(f.latency.summary.p99)}`, 'p99 ≤ 50'],
    ['  p99 ÷ trivial p99', (f) => `${n(f.latency.summary.p99 / f.latency.trivial.p99, 2)} ${mark(f.latency.summary.p99 <= 3 * f.latency.trivial.p99 && f.latency.summary.p99 <= 50)}`, '≤ 3'],
    ['overdue list p50 / p99, ms', (f) => `${n(f.latency.overdue.p50)} / ${n(f.latency.overdue.p99)}`, 'p99 ≤ 50'],
    ['  p99 ÷ trivial p99', (f) => `${n(f.latency.overdue.p99 / f.latency.trivial.p99, 2)} ${mark(f.latency.overdue.p99 <= 3 * f.latency.trivial.p99 && f.latency.overdue.p99 <= 50)}`, '≤ 3'],
    ['trivial endpoint p50 / p99, ms', (f) => `${n(f.latency.trivial.p50)} / ${n(f.latency.trivial.p99)}`, ''],
    ['with extra tasks: tasks in read model', (f) => (f.latencyExtra ? String(f.latencyExtra.tasksInReadModel) : '—'), ''],
    ['  unit summary p50 / p99, ms', (f) => (f.latencyExtra ? `${n(f.latencyExtra.summary.p50)} / ${n(f.latencyExtra.summary.p99)}` : '—'), 'p99 ≤ 50'],
    ['  p99 ÷ trivial p99', (f) => (f.latencyExtra ? `${n(f.latencyExtra.summary.p99 / f.latencyExtra.trivial.p99, 2)} ${mark(f.latencyExtra.summary.p99 <= 3 * f.latencyExtra.trivial.p99 && f.latencyExtra.summary.p99 <= 50)}` : '—'), '≤ 3'],
    ['  overdue list p50 / p99, ms', (f) => (f.latencyExtra ? `${n(f.latencyExtra.overdue.p50)} / ${n(f.latencyExtra.overdue.p99)}` : '—'), 'p99 ≤ 50'],
    ['  p99 ÷ trivial p99', (f) => (f.latencyExtra ? `${n(f.latencyExtra.overdue.p99 / f.latencyExtra.trivial.p99, 2)} ${mark(f.latencyExtra.overdue.p99 <= 3 * f.latencyExtra.trivial.p99 && f.latencyExtra.overdue.p99 <= 50)}` : '—'), '≤ 3'],
    ['  trivial endpoint p50 / p99, ms', (f) => (f.latencyExtra ? `${n(f.latencyExtra.trivial.p50)} / ${n(f.latencyExtra.trivial.p99)}` : '—'), ''],
    ['overdue xlsx export: rows, ms, KiB', (f) => `${f.xlsx.rows}, ${f.xlsx.ms}, ${n(f.xlsx.bytes / 1024, 0)}`, ''],
    ['bare Workflow Updates/s (32 clients)', (f) => n(f.bareUpdates.perSec), ''],
    ['  p50 / p99, ms', (f) => `${n(f.bareUpdates.p50, 0)} / ${n(f.bareUpdates.p99, 0)}`, ''],
    ['step completions via API/s (32 clients)', (f) => n(f.stepCompletions.perSec), ''],
    ['  ratio to bare updates', (f) => n(f.stepCompletions.perSec / f.bareUpdates.perSec, 2), ''],
    ['  p50 / p99, ms', (f) => `${n(f.stepCompletions.p50, 0)} / ${n(f.stepCompletions.p99, 0)} ${mark(f.stepCompletions.p99 <= 250)}`, 'p99 ≤ 250'],
    ['  answers (status: count), tasks', (f) => `${Object.entries(f.stepCompletions.statuses).map(([s, c]) => `${s}: ${c}`).join(' ')}, ${f.stepCompletions.tasks}`, 'all 200'],
    ['history events of a settled task', (f) => String(Object.values(f.taskHistory).reduce((a, b) => a + b, 0)), ''],
    ['  workflow tasks / activities / timers', (f) => `${f.taskHistory.WORKFLOW_TASK_COMPLETED ?? 0} / ${f.taskHistory.ACTIVITY_TASK_COMPLETED ?? 0} / ${f.taskHistory.TIMER_STARTED ?? 0}`, ''],
  ];
  const width0 = Math.max(...rows.map((r) => r[0].length));
  const cells = rows.map(([, cell]) => figures.map((f) => cell(f)));
  const widths = figures.map((f, i) => Math.max(f.stack.length, ...cells.map((c) => (c[i] as string).length)));
  const goalWidth = Math.max(4, ...rows.map((r) => r[2].length));
  const line = (label: string, values: string[], goal: string) =>
    `| ${label.padEnd(width0)} | ${values.map((v, i) => v.padStart(widths[i] as number)).join(' | ')} | ${goal.padEnd(goalWidth)} |`;
  return [
    line('measure', figures.map((f) => f.stack), 'goal'),
    `|${'-'.repeat(width0 + 2)}|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|${'-'.repeat(goalWidth + 2)}|`,
    ...rows.map(([label, , goal], r) => line(label, cells[r] as string[], goal)),
  ];
}
