import { findDirective } from '../domain/catalog';
import { toZonedIso } from '../domain/time';
import type { TaskRecord } from '../readmodel';

const DAY_MS = 24 * 60 * 60 * 1000;

const iso = (instant: number | undefined) => (instant === undefined ? undefined : toZonedIso(instant));

/** A task as the API shows it: instants as ISO-8601 in +08:00, the directive's title beside its id. */
export function taskView(task: TaskRecord) {
  return {
    id: task.id,
    assignmentId: task.assignmentId,
    directiveId: task.directiveId,
    directiveTitle: findDirective(task.directiveId)?.title.zh,
    unitId: task.unitId,
    unitName: task.unitName,
    status: task.status,
    late: task.late,
    dueAt: iso(task.dueAt),
    createdAt: iso(task.createdAt),
    overdueAt: iso(task.overdueAt),
    doneAt: iso(task.doneAt),
    stepsDone: task.stepsDone,
    stepsTotal: task.stepsTotal,
  };
}

export function taskDetailView(task: TaskRecord) {
  return {
    ...taskView(task),
    steps: task.steps.map((s) => ({
      id: s.id,
      title: s.title,
      done: s.completedAt !== undefined,
      completedAt: iso(s.completedAt),
      note: s.note,
      evidence: s.evidence,
    })),
  };
}

export function overdueView(task: TaskRecord, now: number) {
  return { ...taskView(task), daysOverdue: Math.floor((now - task.dueAt) / DAY_MS) };
}
