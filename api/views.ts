import { unitOfTask } from '../domain/ids';
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
export async function taskView(task: TaskRecord, directives: Directives) {
  const directive = await directives.forTask(task);
  return {
    id: task.id,
    assignmentId: task.assignmentId,
    directiveId: task.directiveId,
    directiveTitle: directive?.title.zh,
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
    acknowledgement: acknowledgementView(task),
    // 分解: the task a sub-task was split from, and a sub-task closed by that task's holder (关闭), with the reason.
    parentTaskId: task.parentTaskId,
    // A sub-task is of its parent's assignment, so the parent's id names its unit: the issuer of the sub-task's decisions.
    parentUnitId: task.parentTaskId && unitOfTask(task.assignmentId, task.parentTaskId),
    closedByHolder: task.history?.closedByHolder && {
      at: toZonedIso(task.history.closedByHolder.at),
      by: task.history.closedByHolder.by,
      reason: task.history.closedByHolder.reason,
    },
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
export async function taskDetailView(task: TaskRecord, directives: Directives) {
  return {
    ...(await taskView(task, directives)),
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
    splits: history.splits?.map((s) => ({ at: toZonedIso(s.at), by: s.by, unitIds: s.unitIds, dueAt: toZonedIso(s.dueAt), stepIds: s.stepIds })),
  };
}

export async function overdueView(task: TaskRecord, now: number, directives: Directives) {
  return { ...(await taskView(task, directives)), daysOverdue: Math.floor((now - task.dueAt) / DAY_MS) };
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
export async function auditView(entry: AuditEntry, directives: Directives) {
  const show = async (value: unknown): Promise<unknown> => {
    const view = shownAs(entry, directives);
    return view && value ? await view(value as never) : value;
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
    before: await show(entry.before),
    after: await show(entry.after),
  };
}

/**
 * 签收/回退 as the API shows it (domain/acknowledgement.ts). A task whose workflow has not written yet is waiting for
 * 签收 like every new task; one from before 签收 existed has none.
 */
export function acknowledgementView(task: Pick<TaskRecord, 'history' | 'version'>) {
  const ack = task.history?.acknowledgement;
  if (!ack) return task.version === 0 ? { state: 'pending' as const } : undefined;
  return {
    state: ack.state,
    acknowledgeBy: iso(ack.acknowledgeBy),
    acknowledgedAt: iso(ack.acknowledgedAt),
    acknowledgedBy: ack.acknowledgedBy,
    byWork: ack.byWork,
    remindedAt: iso(ack.remindedAt),
    declinedAt: iso(ack.declinedAt),
    declinedBy: ack.declinedBy,
    reason: ack.reason,
    decidedAt: iso(ack.decidedAt),
    decidedBy: ack.decidedBy,
    note: ack.note,
    reassignedTo: ack.reassignedTo,
  };
}
