import { DateTime } from 'luxon';
import type { NotificationKind, RecipientRole } from '../domain/notification';
import { ZONE } from '../domain/time';
import type { Db } from './db';

export type WebhookStatus = 'pending' | 'delivered' | 'failed';

/** One message in the inbox (通知), with where its copy to the group robot stands. */
export interface NotificationRecord {
  id: string;
  kind: NotificationKind;
  subjectType: 'task' | 'petitionCase';
  subjectId: string;
  unitId: string;
  directiveId: string;
  recipientRole: RecipientRole;
  recipientUnitId: string;
  title: string;
  text: string;
  at: number;
  dueAt?: number;
  createdAt: number;
  /** When the person reading marked it read (each person has their own marks); absent when unread or nobody asked. */
  readAt?: number;
  /** Null when no robot was configured when it was recorded. */
  webhook: { status: WebhookStatus; attempts: number; error?: string } | null;
}

/** What `record` takes: a new notification, and whether a copy is due to the robot. */
export type NewNotification = Omit<NotificationRecord, 'readAt' | 'webhook'> & { webhookPending: boolean };

export interface NotificationQuery {
  /** Whose read marks `readAt` and `unread` mean (the token's subject); without it nothing is read. */
  reader?: string;
  recipientUnitId?: string;
  role?: RecipientRole;
  subjectId?: string;
  kind?: NotificationKind;
  /** true: only unread; false: only read (by `reader`); absent: both. */
  unread?: boolean;
  /** Leave out notices about these kinds of subject (petition cases, for readers who may not see them). */
  withoutSubjectTypes?: readonly string[];
  limit: number;
  offset: number;
}

/** How many of one kind fell in one Shanghai calendar month ('YYYY-MM'). */
export interface MonthlyCount {
  month: string;
  kind: NotificationKind;
  count: number;
}

interface Row {
  id: string;
  kind: NotificationKind;
  subject_type: 'task' | 'petitionCase';
  subject_id: string;
  unit_id: string;
  directive_id: string;
  recipient_role: RecipientRole;
  recipient_unit_id: string;
  title: string;
  text: string;
  at: number;
  due_at: number | null;
  created_at: number;
  /** The reader's own mark (notification_reads), not the unused unit-wide column of before v9. */
  reader_read_at: number | null;
  webhook_status: WebhookStatus | null;
  webhook_attempts: number;
  webhook_error: string | null;
}

const toRecord = (row: Row): NotificationRecord => ({
  id: row.id,
  kind: row.kind,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  unitId: row.unit_id,
  directiveId: row.directive_id,
  recipientRole: row.recipient_role,
  recipientUnitId: row.recipient_unit_id,
  title: row.title,
  text: row.text,
  at: row.at,
  ...(row.due_at !== null ? { dueAt: row.due_at } : {}),
  createdAt: row.created_at,
  ...(row.reader_read_at !== null ? { readAt: row.reader_read_at } : {}),
  webhook:
    row.webhook_status === null
      ? null
      : {
          status: row.webhook_status,
          attempts: row.webhook_attempts,
          ...(row.webhook_error !== null ? { error: row.webhook_error } : {}),
        },
});

/** A notification with the reader's own read mark: one person reading it does not mark it read for their colleagues. */
const WITH_READ_MARK = `SELECT n.*, r.read_at AS reader_read_at FROM notifications n
  LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.reader_subject = @reader`;

/**
 * The inbox: every notification the engine sends, by recipient unit and role, with read marks per person. Ids come
 * from the request's business key, so recording is idempotent and an activity retry or a workflow replay cannot
 * repeat a message.
 */
export class NotificationStore {
  constructor(private readonly db: Db) {}

  /** Records it unless its id is already recorded; says which. */
  async record(n: NewNotification): Promise<boolean> {
    return (
      (
        await this.db
          .prepare(
            `INSERT INTO notifications (id, kind, subject_type, subject_id, unit_id, directive_id, recipient_role,
               recipient_unit_id, title, text, at, due_at, created_at, webhook_status)
             VALUES (@id, @kind, @subjectType, @subjectId, @unitId, @directiveId, @recipientRole,
               @recipientUnitId, @title, @text, @at, @dueAt, @createdAt, @webhookStatus)
             ON CONFLICT DO NOTHING`,
          )
          .run({
            id: n.id,
            kind: n.kind,
            subjectType: n.subjectType,
            subjectId: n.subjectId,
            unitId: n.unitId,
            directiveId: n.directiveId,
            recipientRole: n.recipientRole,
            recipientUnitId: n.recipientUnitId,
            title: n.title,
            text: n.text,
            at: n.at,
            dueAt: n.dueAt ?? null,
            createdAt: n.createdAt,
            webhookStatus: n.webhookPending ? 'pending' : null,
          })
      ).changes === 1
    );
  }

  /** One notification, with `reader`'s read mark if a reader is named. */
  async get(id: string, reader?: string): Promise<NotificationRecord | undefined> {
    const row = (await this.db.prepare(`${WITH_READ_MARK} WHERE n.id = @id`).get({ id, reader: reader ?? null })) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Newest recorded first, with the total that matches the filter for paging. */
  async list(query: NotificationQuery): Promise<{ total: number; notifications: NotificationRecord[] }> {
    const where: string[] = [];
    const params: Record<string, string | number | null> = { reader: query.reader ?? null };
    if (query.recipientUnitId !== undefined) {
      where.push('n.recipient_unit_id = @recipientUnitId');
      params.recipientUnitId = query.recipientUnitId;
    }
    if (query.role !== undefined) {
      where.push('n.recipient_role = @role');
      params.role = query.role;
    }
    if (query.subjectId !== undefined) {
      where.push('n.subject_id = @subjectId');
      params.subjectId = query.subjectId;
    }
    if (query.kind !== undefined) {
      where.push('n.kind = @kind');
      params.kind = query.kind;
    }
    if (query.unread !== undefined) where.push(query.unread ? 'r.read_at IS NULL' : 'r.read_at IS NOT NULL');
    query.withoutSubjectTypes?.forEach((type, i) => {
      where.push(`n.subject_type <> @without${i}`);
      params[`without${i}`] = type;
    });
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (await this.db.prepare(`SELECT count(*) FROM (${WITH_READ_MARK} ${clause}) matching`).pluck().get(params)) as number;
    const rows = (await this.db
      .prepare(`${WITH_READ_MARK} ${clause} ORDER BY n.seq DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: query.limit, offset: query.offset })) as Row[];
    return { total, notifications: rows.map(toRecord) };
  }

  /**
   * Marks it read for one person (their token's subject); reading it again keeps their first time, and their
   * colleagues' marks are their own. Says whether this was the first time; undefined for an unknown id.
   */
  async markRead(id: string, reader: string, at: number): Promise<{ notification: NotificationRecord; first: boolean } | undefined> {
    if (!(await this.get(id))) return undefined;
    const { changes } = await this.db
      .prepare('INSERT INTO notification_reads (notification_id, reader_subject, read_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(id, reader, at);
    return { notification: (await this.get(id, reader)) as NotificationRecord, first: changes === 1 };
  }

  /** The robot took it. Only a pending copy moves, so a late duplicate attempt changes nothing. */
  async markDelivered(id: string): Promise<void> {
    await this.db
      .prepare(
        `UPDATE notifications SET webhook_status = 'delivered', webhook_attempts = webhook_attempts + 1, webhook_error = NULL
         WHERE id = ? AND webhook_status = 'pending'`,
      )
      .run(id);
  }

  /** An attempt failed; on the final one the copy is given up (the inbox still has the notification). */
  async markDeliveryFailed(id: string, error: string, final: boolean): Promise<void> {
    await this.db
      .prepare(
        `UPDATE notifications SET webhook_status = ?, webhook_attempts = webhook_attempts + 1, webhook_error = ?
         WHERE id = ? AND webhook_status = 'pending'`,
      )
      .run(final ? 'failed' : 'pending', error.slice(0, 1000), id);
  }

  /** Notifications with `at` in [from, to), counted per kind and Shanghai calendar month. */
  async countsBy({ from, to }: { from: number; to: number }): Promise<MonthlyCount[]> {
    // Shanghai has kept one offset all year since 1991, so a fixed shift lets the database group by month in one pass.
    const offsetSeconds = DateTime.fromMillis(from, { zone: ZONE }).offset * 60;
    return (await this.db
      .prepare(
        `SELECT to_char(to_timestamp(at / 1000.0 + ?::integer) AT TIME ZONE 'UTC', 'YYYY-MM') AS month, kind, count(*) AS count
         FROM notifications WHERE at >= ? AND at < ? GROUP BY month, kind ORDER BY month, kind`,
      )
      .all(offsetSeconds, from, to)) as MonthlyCount[];
  }
}
