import { ACTIONS, type Action, type Role } from '../../../domain/access';

/**
 * Which page each role may use: the one table the menu, the routes' guard and the home page read. A page is shown
 * to a role that may do any of its actions in domain/access.ts ACTIONS — the table every API route consults — so
 * the web app never offers what the API would refuse (and the API refuses anyway).
 *   leader:     驾驶舱 交办 立项 督办 通报 任务 通知 日历 达标 信访
 *   supervisor: 驾驶舱 督办 通报 任务 通知 日历 达标 信访
 *   staff:      任务 通知 日历 达标 信访
 *   admin:      任务 通知 日历 达标 (reads only; no petition cases)
 * and 讲话生成草稿 for leaders and the admin (last, so it is nobody's landing page; the menu shows it after 立项).
 */
export const PAGE_KEYS = ['dashboard', 'assign', 'directives', 'supervise', 'bulletins', 'tasks', 'inbox', 'calendar', 'standards', 'petitions', 'speech'] as const;
export type PageKey = (typeof PAGE_KEYS)[number];

export const PAGE_ACTIONS: Record<PageKey, readonly Action[]> = {
  /** 驾驶舱: the summary and ranking of those who watch others' work and urge it. */
  dashboard: ['urge'],
  assign: ['assign'],
  /** 立项: entering, editing and publishing directives. */
  directives: ['draftDirective', 'publishDirective'],
  /** 督办: overdue lists, 催办/退回/验收, the 延期审批 queue. */
  supervise: ['urge', 'returnWork', 'acceptWork', 'decideExtension'],
  /** 通报: made by supervisors and leaders for their part of the tree. */
  bulletins: ['issueBulletin'],
  tasks: ['read'],
  inbox: ['read'],
  calendar: ['read'],
  standards: ['read'],
  petitions: ['readPetitions'],
  /** 讲话生成草稿: drafts proposed from a speech, saved with POST /api/directives. */
  speech: ['draftFromSpeech'],
};

export function mayUse(role: Role, page: PageKey): boolean {
  return PAGE_ACTIONS[page].some((action) => role in ACTIONS[action]);
}

export function pagesOf(role: Role): PageKey[] {
  return PAGE_KEYS.filter((page) => mayUse(role, page));
}

/** Where a person lands after signing in: the first page their role may use (驾驶舱 for leaders, 任务 for staff). */
export function homeOf(role: Role): string {
  return `/${pagesOf(role)[0] ?? 'tasks'}`;
}

export type { Role };
