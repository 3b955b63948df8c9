/**
 * What the engine tells people: reminders before a deadline, a supervisor's 催办, escalation of overdue work,
 * extension and return decisions. Workflows send a NotificationRequest (facts only, so history stays small and
 * deterministic); the notify activity resolves the recipient with `recipientOf`, renders the text, records it in
 * the inbox and, when configured, posts it to the group robot.
 */
export const NOTIFICATION_KINDS = [
  /** 临期提醒: N days before the deadline. */
  'reminder',
  /** A mid-period check that fires only when progress is behind (monthly rounds: the 20th, < half visited). */
  'progressCheck',
  /** 催办: a supervisor's manual urge. */
  'urge',
  /** 逾期: the deadline passed with work open — goes to the supervisor of the parent unit. */
  'overdue',
  /** Still overdue N days later — goes to the leader who assigned it. */
  'escalation',
  /** 延期申请, for the leader to decide. */
  'extensionRequested',
  'extensionApproved',
  'extensionRejected',
  /** 退回: completed work sent back for rework. */
  'returned',
  /** 签收提醒: the unit has not acknowledged the task within its working days. */
  'acknowledgementReminder',
  /** 回退: the unit sent the task back as wrongly assigned — to the leaders of the unit that issued it. */
  'declined',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const RECIPIENT_ROLES = ['staff', 'supervisor', 'leader'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/**
 * Who is told, relative to the work: its own unit's staff, the parent unit's supervisor, the assigning leader (at the
 * assignment's scope), or the leaders of the unit that issued the assignment (交办单位, who decide on a 回退).
 */
export type Audience = 'unit' | 'parent' | 'leader' | 'issuer';

/** The one rule for who hears of what. */
export function audienceOf(kind: NotificationKind): { audience: Audience; role: RecipientRole } {
  switch (kind) {
    case 'overdue':
      return { audience: 'parent', role: 'supervisor' };
    case 'escalation':
    case 'extensionRequested':
      return { audience: 'leader', role: 'leader' };
    case 'declined':
      return { audience: 'issuer', role: 'leader' };
    default:
      return { audience: 'unit', role: 'staff' };
  }
}

/** Sent by a workflow; the same (subjectId, key) twice is one notification, so retries and replays cannot repeat it. */
export interface NotificationRequest {
  /** Unique within the subject: 'reminder-3d@<dueAt>', 'urge-2', 'escalation'. */
  key: string;
  kind: NotificationKind;
  /** The task (or petition case) it is about. */
  subjectId: string;
  subjectType: 'task' | 'petitionCase';
  /** The unit whose work it is. */
  unitId: string;
  directiveId: string;
  /** The assignment (for a task): its scope unit is where the leader sits. */
  assignmentId?: string;
  /** When it happened, in workflow time. */
  at: number;
  dueAt?: number;
  /** The person acting (urge, decision, return) and their words. */
  by?: string;
  reason?: string;
  /** For an extension: the date asked for or granted. */
  newDueAt?: number;
  /** For a progress check: how far along it was. */
  progress?: { done: number; total: number };
}

export function notificationId(request: Pick<NotificationRequest, 'subjectType' | 'subjectId' | 'key'>): string {
  return `${request.subjectType}:${request.subjectId}:${request.key}`;
}

/**
 * Attempts at posting one notification to the group robot; the workflow's retry policy for deliverNotification uses
 * it as maximumAttempts, and the activity gives up quietly on the last one. Here, not in activities/, so workflow
 * code can import it without bundling Node modules.
 */
export const WEBHOOK_MAX_ATTEMPTS = 5;
