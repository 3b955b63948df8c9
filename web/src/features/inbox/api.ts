import { api, connection } from '../../api/client';

/** A notification as GET /api/notifications gives it. */
export interface Notification {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  unitId: string;
  directiveId?: string;
  title: string;
  text: string;
  at: string;
  dueAt?: string;
  readAt?: string;
}

export interface InboxPage {
  total: number;
  limit: number;
  offset: number;
  notifications: Notification[];
}

export const inboxApi = {
  list: (query: { unread?: boolean; kind?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    api.get<InboxPage>('/api/notifications', { ...query, unread: query.unread ? true : undefined }, signal),
  /** Ids hold ':' and '@': sent encoded. */
  markRead: (id: string) => api.post<Notification>(`/api/notifications/${encodeURIComponent(id)}/read`),
  /**
   * The header's unread count reloads on the shell's refresh (connection.retry: every page's data loads again),
   * the one shared refresh the shell exposes; the inbox list reloads with it.
   */
  refreshUnread: () => connection.retry(),
};

/** Where a notification leads: its task, for a task's notice (a DingTalk/WeCom link lands there too). */
export function taskLinkOf(n: Notification): string | undefined {
  return n.subjectType === 'task' ? `/tasks/${encodeURIComponent(n.subjectId)}` : undefined;
}
