import type { TaskHistory } from '../domain/task';
import { toZonedIso } from '../domain/time';
import type { AuditEntry, ReadModel, TaskRecord } from '../readmodel';
import { caseView, screeningView } from './routes/petitions/views';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The directive lookup a view names a task's directive with: the version its assignment was made from (立项). */
export type Directives = Pick<ReadModel['directives'], 'forTask'>;

const iso = (instant: number | undefined) => (instant === undefined ? undefined : toZonedIso(instant));

/**
 * A task as the API shows it: instants as ISO-8601 in +08:00, the directive's title beside its id; `originalDueAt`
 * once an extension moved `dueAt`; for completed work, `acceptance` (awaiting 验收 until `reviewEndsAt`, accepted, or
 * closed unreviewed).
 */
export function taskView(task: TaskRecord, directives: Directives) {
  return {
    id: task.id,
    assignmentId: task.assignmentId,
    directiveId: task.directiveId,
    directiveTitle: directives.forTask(task)?.title.zh,
    unitId: task.unitId,
    unitName: task.unitName,
    status: task.status,
    late: task.late,
    dueAt: iso(task.dueAt),
    originalDueAt: iso(task.originalDueAt),
    createdAt: iso(task.createdAt),
    overdueAt: iso(task.overdueAt),
    doneAt: iso(task.doneAt),
    stepsDone: task.stepsDone,
    stepsTotal: task.stepsTotal,
    acceptance: task.acceptance,
    reviewEndsAt: iso(task.reviewEndsAt),
  };
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Evidence references as links to the uploaded files. Steps and attestations recorded before uploads existed carry
 * free text (a file name, a ledger number): that is shown as `reference`.
 */
export function evidenceLinks(evidence: readonly string[]): Array<{ sha256: string; url: string } | { reference: string }> {
  return evidence.map((e) => (SHA256.test(e) ? { sha256: e, url: `/api/evidence/${e}` } : { reference: e }));
}

/** A task with its steps and what it has been through. */
export function taskDetailView(task: TaskRecord, directives: Directives) {
  return {
    ...taskView(task, directives),
    steps: task.steps.map((s) => ({
      id: s.id,
      title: s.title,
      done: s.completedAt !== undefined,
      completedAt: iso(s.completedAt),
      completedBy: s.completedBy,
      note: s.note,
      evidence: s.evidence && evidenceLinks(s.evidence),
      visit: s.visit,
    })),
    // Absent for tasks started before extensions, urges and returns existed: they take none of them.
    history: task.history ? historyView(task.history) : undefined,
  };
}

function historyView(history: TaskHistory) {
  return {
    extensions: history.extensions.map((e) => ({
      status: e.status,
      requestedAt: toZonedIso(e.requestedAt),
      requestedBy: e.requestedBy,
      reason: e.reason,
      requestedDueAt: toZonedIso(e.requestedDueAt),
      decidedAt: iso(e.decidedAt),
      decidedBy: e.decidedBy,
      grantedDueAt: iso(e.grantedDueAt),
      note: e.note,
    })),
    urges: history.urges.map((u) => ({ at: toZonedIso(u.at), by: u.by, note: u.note })),
    returns: history.returns.map((r) => ({ at: toZonedIso(r.at), by: r.by, reason: r.reason, stepIds: r.stepIds })),
    accepted: history.accepted
      ? { at: toZonedIso(history.accepted.at), by: history.accepted.by, note: history.accepted.note }
      : undefined,
  };
}

export function overdueView(task: TaskRecord, now: number, directives: Directives) {
  return { ...taskView(task, directives), daysOverdue: Math.floor((now - task.dueAt) / DAY_MS) };
}

/**
 * How an entry written with a workflow's projection shows the read model's records it holds before and after: a task
 * as the task is shown; a petition case's step as the case is listed, its screening as the screening is. Other
 * entries (written by the API, a petition's import among them) hold their view already.
 */
function shownAs(entry: AuditEntry, directives: Directives): ((value: never) => unknown) | undefined {
  if (entry.subjectType === 'task') return (task: TaskRecord) => taskDetailView(task, directives);
  if (entry.subjectType === 'petitionCase' && entry.action !== 'petition.import') {
    return entry.action === 'petition.screen' ? screeningView : caseView;
  }
  return undefined;
}

/** One line of the audit trail. */
export function auditView(entry: AuditEntry, directives: Directives) {
  const show = (value: unknown) => {
    const view = shownAs(entry, directives);
    return view && value ? view(value as never) : value;
  };
  return {
    seq: entry.seq,
    at: toZonedIso(entry.at),
    requestId: entry.requestId,
    actor: entry.actor,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    unitId: entry.unitId,
    stepId: entry.stepId,
    before: show(entry.before),
    after: show(entry.after),
  };
}
