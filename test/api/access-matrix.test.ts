import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../domain/access';
import type { Api, Reply } from '../support/http';
import { TEST_2027 } from '../support/arrangements';
import { pngForm, uploadedEvidence } from '../support/evidence-files';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';
import { eventually } from '../support/temporal';

/**
 * Role × scope × action over every route. Everyone asking sits at 甲县 (k1); each request is aimed at something of
 * k1 itself ('own'), of 甲县东镇 below it ('below', t1), and of 乙区 beside it ('outside', k2). The policy below is
 * the issue's, written out here rather than read from domain/access.ts, so a change to either shows up.
 *
 * Decisions on work (延期审批, 退回, 验收; a petition's 延期; the 复查/复核 opinions) are 'oversee': taken from the
 * level that issued the work or above, never by the unit holding it — so from k1 only on what k1 issued to t1.
 */
type Target = 'own' | 'below' | 'outside';
const TARGETS: Record<Target, string> = { own: 'k1', below: 't1', outside: 'k2' };
const HOME = 'k1';
const ROLES: Role[] = ['leader', 'supervisor', 'staff', 'admin'];

/** How far each role reaches for a route: its subtree, its own unit, strictly below it ('oversee'), or nothing (absent). */
type Policy = Partial<Record<Role, 'subtree' | 'own' | 'oversee'>>;
const ALL: Policy = { leader: 'subtree', supervisor: 'subtree', staff: 'subtree', admin: 'subtree' };
const CASEWORK: Policy = { leader: 'subtree', supervisor: 'subtree', staff: 'subtree' };

interface Fixtures {
  assignment: Record<Target, string>;
  task: Record<Target, { id: string; stepId: string; dueAt: string }>;
  petition: Record<Target, string>;
  campaign: Record<Target, string>;
  recurring: Record<Target, string>;
  notification: Record<Target, string>;
  /** A file uploaded by each target unit's staff. */
  evidence: Record<Target, string>;
  /** 分解: a sub-task of the target's task (k1's to t1, t1's to v1); k2, which has no children, its own task. */
  subTask: Record<Target, string>;
  /** A directive entered (立项) by each target unit's leader. */
  directive: Record<Target, string>;
  /** A 通报 on each target unit, made by the city's supervisor. */
  bulletin: Record<Target, string>;
}

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT';
  /** The path template as the app registers it. */
  route: string;
  policy: Policy;
  /** 'private': out of reach is 404, for things whose existence is itself private (petition cases). */
  private?: boolean;
  /** 'concerns': readable from above the thing's scope and from inside it (assignments, campaigns, schedules). */
  untargeted?: boolean;
  /** A POST that changes nothing (预演: POST /api/recurring/preview takes the create's body): never audited. */
  readOnly?: boolean;
  /** A POST that answers a computation and stores nothing (speech drafts), so has nothing to audit. */
  changesNothing?: boolean;
  request(target: Target, f: Fixtures, n: number): { path: string; body?: unknown; headers?: Record<string, string> };
}

const CSV = { 'content-type': 'text/csv; charset=utf-8' };
const later = (iso: string, days: number) => DateTime.fromISO(iso, { setZone: true }).plus({ days }).toISODate();
const careFundFor = (unit: string) =>
  unit === 't1' ? { directiveId: 'petition-four-modes', scopeUnitId: unit, targetLevel: 'town' } : { directiveId: 'care-fund-establishment', scopeUnitId: unit };

/** What a leader enters at 立项 (POST/PUT /api/directives): a catalog entry's shape, its Chinese alone. */
const directiveBody = (n: number) => ({
  title: `立项${n}`,
  kinds: ['one-off'],
  sources: [{ kind: 'meeting', quote: '会议议定：年底前完成核查' }],
  targetLevel: 'county',
  steps: [{ title: '核查' }],
  deadline: { rule: { type: 'endOfYear' } },
});

const ROUTES: RouteCase[] = [
  // Reads
  { method: 'GET', route: '/api/catalog', policy: ALL, untargeted: true, request: () => ({ path: '/api/catalog' }) },
  { method: 'GET', route: '/api/catalog/:directiveId', policy: ALL, untargeted: true, request: () => ({ path: '/api/catalog/care-fund-establishment' }) },
  { method: 'GET', route: '/api/directives', policy: ALL, untargeted: true, request: () => ({ path: '/api/directives?status=draft' }) },
  { method: 'GET', route: '/api/directives/:directiveId', policy: ALL, untargeted: true, request: (t, f) => ({ path: `/api/directives/${f.directive[t]}` }) },
  { method: 'GET', route: '/api/calendar/:year', policy: ALL, request: (t) => ({ path: `/api/calendar/2026?unitId=${TARGETS[t]}` }) },
  // The arrangement is the installation's, not a unit's: an admin's alone, wherever they sit.
  { method: 'PUT', route: '/api/calendar/:year/arrangement', policy: { admin: 'subtree' }, untargeted: true, request: () => ({ path: '/api/calendar/2027/arrangement', body: TEST_2027 }) },
  { method: 'GET', route: '/api/org', policy: ALL, untargeted: true, request: () => ({ path: '/api/org' }) },
  { method: 'GET', route: '/api/org/units/:unitId', policy: ALL, request: (t) => ({ path: `/api/org/units/${TARGETS[t]}` }) },
  { method: 'GET', route: '/api/assignments', policy: ALL, untargeted: true, request: () => ({ path: '/api/assignments' }) },
  { method: 'GET', route: '/api/assignments/:assignmentId', policy: ALL, request: (t, f) => ({ path: `/api/assignments/${f.assignment[t]}` }) },
  { method: 'GET', route: '/api/assignments/:assignmentId/rollup', policy: ALL, request: (t, f) => ({ path: `/api/assignments/${f.assignment[t]}/rollup` }) },
  { method: 'GET', route: '/api/assignments/:assignmentId/progress', policy: ALL, request: (t, f) => ({ path: `/api/assignments/${f.assignment[t]}/progress` }) },
  { method: 'GET', route: '/api/recurring', policy: ALL, untargeted: true, request: () => ({ path: '/api/recurring' }) },
  { method: 'GET', route: '/api/recurring/:id', policy: ALL, request: (t, f) => ({ path: `/api/recurring/${f.recurring[t]}` }) },
  { method: 'GET', route: '/api/bulletins', policy: ALL, request: (t) => ({ path: `/api/bulletins?scopeUnitId=${TARGETS[t]}` }) },
  { method: 'GET', route: '/api/bulletins/:id', policy: ALL, request: (t, f) => ({ path: `/api/bulletins/${f.bulletin[t]}` }) },
  { method: 'GET', route: '/api/tasks', policy: ALL, request: (t) => ({ path: `/api/tasks?unitId=${TARGETS[t]}` }) },
  { method: 'GET', route: '/api/tasks/:taskId', policy: ALL, request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}` }) },
  { method: 'GET', route: '/api/tasks/:taskId/history', policy: ALL, request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/history` }) },
  { method: 'GET', route: '/api/overdue', policy: ALL, request: (t) => ({ path: `/api/overdue?scopeUnitId=${TARGETS[t]}` }) },
  { method: 'GET', route: '/api/units/:unitId/summary', policy: ALL, request: (t) => ({ path: `/api/units/${TARGETS[t]}/summary` }) },
  { method: 'GET', route: '/api/units/:unitId/ranking', policy: ALL, request: (t) => ({ path: `/api/units/${TARGETS[t]}/ranking` }) },
  { method: 'GET', route: '/api/units/:unitId/history', policy: ALL, request: (t) => ({ path: `/api/units/${TARGETS[t]}/history` }) },
  { method: 'GET', route: '/api/units/:unitId/attestations', policy: ALL, request: (t) => ({ path: `/api/units/${TARGETS[t]}/attestations` }) },
  { method: 'GET', route: '/api/units/:unitId/standards', policy: ALL, request: (t) => ({ path: `/api/units/${TARGETS[t]}/standards` }) },
  { method: 'GET', route: '/api/events/types', policy: ALL, untargeted: true, request: () => ({ path: '/api/events/types' }) },
  { method: 'GET', route: '/api/notifications', policy: ALL, request: (t) => ({ path: `/api/notifications?unitId=${TARGETS[t]}` }) },
  { method: 'GET', route: '/api/petitions', policy: CASEWORK, request: (t) => ({ path: `/api/petitions?unitId=${TARGETS[t]}` }) },
  { method: 'GET', route: '/api/petitions/:caseId', policy: CASEWORK, private: true, request: (t, f) => ({ path: `/api/petitions/${f.petition[t]}` }) },
  { method: 'GET', route: '/api/petitions/campaigns', policy: ALL, untargeted: true, request: () => ({ path: '/api/petitions/campaigns' }) },
  { method: 'GET', route: '/api/petitions/campaigns/:campaignId', policy: ALL, request: (t, f) => ({ path: `/api/petitions/campaigns/${f.campaign[t]}` }) },

  // Leaders assign (交办)
  { method: 'GET', route: '/api/assignments/preview', policy: { leader: 'subtree' }, request: (t) => ({ path: `/api/assignments/preview?${new URLSearchParams(careFundFor(TARGETS[t]) as Record<string, string>)}` }) },
  // 立项: a directive belongs to the unit it was entered at; its leaders and those above edit and publish it.
  { method: 'POST', route: '/api/directives', policy: { leader: 'subtree' }, untargeted: true, request: (_t, _f, n) => ({ path: '/api/directives', body: directiveBody(n) }) },
  { method: 'PUT', route: '/api/directives/:directiveId', policy: { leader: 'subtree' }, request: (t, f, n) => ({ path: `/api/directives/${f.directive[t]}`, body: directiveBody(n) }) },
  { method: 'POST', route: '/api/directives/:directiveId/publish', policy: { leader: 'subtree' }, request: (t, f) => ({ path: `/api/directives/${f.directive[t]}/publish` }) },
  { method: 'POST', route: '/api/assignments', policy: { leader: 'subtree' }, request: (t) => ({ path: '/api/assignments', body: careFundFor(TARGETS[t]) }) },
  {
    method: 'POST',
    route: '/api/recurring',
    policy: { leader: 'subtree' },
    request: (t, _f, n) => ({ path: '/api/recurring', body: { id: `m-r-${n}`, ...careFundFor(TARGETS[t]), directiveId: 'petition-four-modes' } }),
  },
  {
    method: 'POST',
    route: '/api/recurring/preview',
    policy: { leader: 'subtree' },
    readOnly: true,
    request: (t) => ({ path: '/api/recurring/preview', body: { ...careFundFor(TARGETS[t]), directiveId: 'petition-four-modes' } }),
  },
  { method: 'POST', route: '/api/recurring/:id/pause', policy: { leader: 'subtree' }, request: (t, f) => ({ path: `/api/recurring/${f.recurring[t]}/pause`, body: { note: '暂停' } }) },
  { method: 'POST', route: '/api/recurring/:id/resume', policy: { leader: 'subtree' }, request: (t, f) => ({ path: `/api/recurring/${f.recurring[t]}/resume`, body: {} }) },

  // Task work: staff do their own unit's; supervisors urge, return and accept; leaders decide extensions
  {
    method: 'POST',
    route: '/api/tasks/:taskId/steps/:stepId/complete',
    policy: { staff: 'own' },
    request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/steps/${f.task[t].stepId}/complete`, body: { note: '已完成' } }),
  },
  { method: 'POST', route: '/api/tasks/:taskId/urge', policy: { leader: 'subtree', supervisor: 'subtree' }, request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/urge`, body: { note: '抓紧' } }) },
  {
    method: 'POST',
    route: '/api/tasks/:taskId/extension',
    policy: { staff: 'own' },
    request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/extension`, body: { reason: '需要时间', dueDate: later(f.task[t].dueAt, 5) } }),
  },
  {
    method: 'POST',
    route: '/api/tasks/:taskId/extension/decision',
    policy: { leader: 'oversee' },
    request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/extension/decision`, body: { approve: false, note: '不同意' } }),
  },
  // 签收/回退: the holding unit's staff or leader; the decision on a 回退 by the issuing leader (409 on a task not sent back)
  { method: 'POST', route: '/api/tasks/:taskId/acknowledge', policy: { staff: 'own', leader: 'own' }, request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/acknowledge`, body: {} }) },
  { method: 'POST', route: '/api/tasks/:taskId/decline', policy: { staff: 'own', leader: 'own' }, request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/decline`, body: { reason: '不属本单位职责' } }) },
  { method: 'POST', route: '/api/tasks/:taskId/cancel', policy: { leader: 'oversee' }, request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/cancel`, body: {} }) },
  {
    method: 'POST',
    route: '/api/tasks/:taskId/reassign',
    policy: { leader: 'oversee' },
    request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/reassign`, body: { unitId: TARGETS[t] } }),
  },
  { method: 'POST', route: '/api/tasks/:taskId/return', policy: { supervisor: 'oversee' }, request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/return`, body: { reason: '材料不全' } }) },
  { method: 'POST', route: '/api/tasks/:taskId/accept', policy: { supervisor: 'oversee' }, request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/accept`, body: {} }) },
  // 分解: the people of the unit holding a task split it, and close what they split off.
  {
    method: 'POST',
    route: '/api/tasks/:taskId/split',
    policy: { leader: 'own', supervisor: 'own', staff: 'own' },
    request: (t, f) => ({ path: `/api/tasks/${f.task[t].id}/split`, body: { unitIds: [t === 'below' ? 'v1' : 't1'] } }),
  },
  {
    method: 'POST',
    route: '/api/tasks/:taskId/close',
    policy: { leader: 'own', supervisor: 'own', staff: 'own' },
    request: (t, f) => ({ path: `/api/tasks/${f.subTask[t]}/close`, body: { reason: '无需办理' } }),
  },
  {
    method: 'POST',
    route: '/api/events',
    policy: { leader: 'subtree', supervisor: 'subtree', staff: 'own' },
    request: (t, _f, n) => ({
      path: '/api/events',
      body: { type: 'merit-award-notice', unitId: TARGETS[t], subject: `立功喜报 ${n}`, occurredAt: DateTime.now().setZone('Asia/Shanghai').minus({ days: 1 }).toISO() },
    }),
  },
  {
    method: 'POST',
    route: '/api/units/:unitId/attestations',
    policy: { staff: 'own' },
    request: (t, f) => ({
      path: `/api/units/${TARGETS[t]}/attestations`,
      body:
        TARGETS[t] === 't1'
          ? { directiveId: 'town-fulltime-staff', values: { 'fulltime-staff': 2 }, evidence: [f.evidence[t]] }
          : { directiveId: 'county-center-staffing', values: { director: 1, 'staff-vs-establishment': 100 }, evidence: [f.evidence[t]] },
    }),
  },
  { method: 'POST', route: '/api/notifications/:id/read', policy: { staff: 'own' }, request: (t, f) => ({ path: `/api/notifications/${encodeURIComponent(f.notification[t])}/read`, body: {} }) },

  // Evidence (佐证材料): uploaded by staff for their own unit, readable where the uploading unit is
  { method: 'POST', route: '/api/evidence', policy: { staff: 'own' }, untargeted: true, request: (_t, _f, n) => ({ path: '/api/evidence', body: pngForm(1000 + n) }) },
  { method: 'GET', route: '/api/evidence/:sha256', policy: ALL, private: true, request: (t, f) => ({ path: `/api/evidence/${f.evidence[t]}` }) },
  { method: 'GET', route: '/api/evidence/:sha256/meta', policy: ALL, private: true, request: (t, f) => ({ path: `/api/evidence/${f.evidence[t]}/meta` }) },

  // Petitions (信访): casework at the case's unit or from above; extensions by a leader; admin none of it
  {
    method: 'POST',
    route: '/api/petitions/import',
    policy: { supervisor: 'subtree' },
    request: (t, _f, n) => ({
      path: '/api/petitions/import',
      body: `id,unitId,receivedAt,petitioner,summary\nM-${n},${TARGETS[t]},2026-11-01,某甲,反映待遇问题\n`,
      headers: CSV,
    }),
  },
  {
    method: 'POST',
    route: '/api/petitions/campaigns',
    policy: { leader: 'subtree', supervisor: 'subtree' },
    request: (t, _f, n) => ({ path: '/api/petitions/campaigns', body: { id: `m-c-${n}`, scopeUnitId: TARGETS[t], withinDays: 10 } }),
  },
  ...['accept', 'reply', 'review-request', 're-review-request', 'close'].map(
    (step): RouteCase => ({
      method: 'POST',
      route: `/api/petitions/:caseId/${step}`,
      policy: { supervisor: 'subtree', staff: 'own' },
      private: true,
      request: (t, f) => ({ path: `/api/petitions/${f.petition[t]}/${step}`, body: { note: '办理' } }),
    }),
  ),
  // 复查/复核意见: by the level above the unit that answered before (信访工作条例 第三十五、三十六条). The 复核 is sent
  // first, while no 复查 has been given and the case's unit is the one to be above; once k1 has given the 复查 of
  // t1's case, the 复核 is above k1 (test/api/petitions.test.ts follows a case through both).
  ...['re-review-answer', 'review-answer'].map(
    (step): RouteCase => ({
      method: 'POST',
      route: `/api/petitions/:caseId/${step}`,
      policy: { leader: 'oversee', supervisor: 'oversee' },
      private: true,
      request: (t, f) => ({ path: `/api/petitions/${f.petition[t]}/${step}`, body: { note: '维持' } }),
    }),
  ),
  {
    method: 'POST',
    route: '/api/petitions/:caseId/extend',
    policy: { leader: 'oversee' },
    private: true,
    request: (t, f) => ({ path: `/api/petitions/${f.petition[t]}/extend`, body: { days: 10, reason: '情况复杂' } }),
  },
  {
    method: 'POST',
    route: '/api/petitions/:caseId/screenings/:campaignId',
    policy: { supervisor: 'subtree', staff: 'own' },
    private: true,
    request: (t, f) => ({
      path: `/api/petitions/${f.petition[t]}/screenings/${f.campaign[t]}`,
      body: { checks: { timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'pass', attitudeStable: 'pass' } },
    }),
  },

  // 通报: made by supervisors and leaders over their part of the tree (a second one for the same period answers the first)
  {
    method: 'POST',
    route: '/api/bulletins',
    policy: { leader: 'subtree', supervisor: 'subtree' },
    request: (t) => ({ path: '/api/bulletins', body: { scopeUnitId: TARGETS[t], period: DateTime.now().setZone('Asia/Shanghai').toFormat('yyyy-MM') } }),
  },
  // 讲话生成草稿: leaders (and the admin who keeps the catalog) draft directives from a speech; nothing is stored
  {
    method: 'POST',
    route: '/api/speeches',
    policy: { leader: 'subtree', admin: 'subtree' },
    untargeted: true,
    changesNothing: true,
    request: () => ({ path: '/api/speeches', body: { text: '各乡镇要在年底前成立关爱基金。' } }),
  },

  // The admin keeps the org tree and people's access
  {
    method: 'POST',
    route: '/api/org/import',
    policy: { admin: 'subtree' },
    request: (t, _f, n) => {
      const unit = SMALL_ORG.find((u) => u.id === TARGETS[t])!;
      // An org file starts at the city: the stored path down to the unit, unchanged, then the new unit below it.
      const path = [unit];
      while (path[0]!.parentId) path.unshift(SMALL_ORG.find((u) => u.id === path[0]!.parentId)!);
      const lines = path.map((u) => `${u.id},${u.parentId ?? ''},${u.name},${u.level},${u.kind ?? ''}`);
      const child = unit.level === 'county' ? `m${n},${unit.id},新镇${n},town,乡镇` : `m${n},${unit.id},新村${n},village,村`;
      return { path: '/api/org/import', body: ['id,parent,name,level,type', ...lines, child].join('\n'), headers: CSV };
    },
  },
  {
    method: 'POST',
    route: '/api/tokens',
    policy: { admin: 'subtree' },
    request: (t) => ({ path: '/api/tokens', body: { role: 'staff', unitId: TARGETS[t], name: '新同志' } }),
  },
];

/** What a role's reach allows for a target seen from k1. */
function expected(policy: Policy, role: Role, target: Target, untargeted?: boolean): 'allowed' | 'role' | 'scope' {
  const reach = policy[role];
  if (!reach) return 'role';
  if (reach === 'oversee') return target === 'below' ? 'allowed' : 'scope';
  if (untargeted || target === 'own') return 'allowed';
  if (target === 'below') return reach === 'subtree' ? 'allowed' : 'scope';
  return 'scope';
}

describe('who may do what: every route, every role, in and out of scope', () => {
  let stack: Stack;
  let api: Api;
  let f: Fixtures;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    ({ api } = stack);
    const root = api; // a leader at the city (c1), above all three targets
    const supervisor = api.as({ role: 'supervisor', unitId: 'c1' });
    const each = async <T>(make: (target: Target) => Promise<T>) =>
      Object.fromEntries(await Promise.all((Object.keys(TARGETS) as Target[]).map(async (t) => [t, await make(t)]))) as Record<Target, T>;

    // What t1 holds is issued by k1, where everyone asking sits: theirs to decide on, by 'oversee'.
    const countyLeader = api.as({ role: 'leader', unitId: 'k1', name: '甲县领导' });
    const assignment = await each(async (t) => {
      const res = await (t === 'below' ? countyLeader : root).post('/api/assignments', careFundFor(TARGETS[t]));
      expect(res.status).toBe(201);
      return res.body.id as string;
    });
    const task = await each(async (t) => {
      const list = await root.get(`/api/tasks?assignmentId=${assignment[t]}`);
      const detail = await eventually(async () => (await root.get(`/api/tasks/${list.body.tasks[0].id}`)).body, (d) => d.history !== undefined);
      return { id: detail.id as string, stepId: detail.steps[0].id as string, dueAt: detail.dueAt as string };
    });
    const ledger = ['id,unitId,receivedAt,petitioner,summary', ...Object.entries(TARGETS).map(([t, unit]) => `P-${t},${unit},2026-11-01,某乙,反映问题`)].join('\n');
    expect((await supervisor.post('/api/petitions/import', ledger, CSV)).status).toBe(201);
    const campaign = await each(async (t) => {
      const res = await root.post('/api/petitions/campaigns', { id: `c-${t}`, scopeUnitId: TARGETS[t], withinDays: 20 });
      expect(res.status).toBe(201);
      return `c-${t}`;
    });
    const recurring = await each(async (t) => {
      const res = await root.post('/api/recurring', { id: `r-${t}`, ...careFundFor(TARGETS[t]), directiveId: 'petition-four-modes' });
      expect(res.status).toBe(201);
      return `r-${t}`;
    });
    // An urge tells the task's own unit (its staff): one notification per target.
    const notification = await each(async (t) => {
      expect((await root.post(`/api/tasks/${task[t].id}/urge`, { note: '请抓紧' })).status).toBe(200);
      const inbox = await eventually(
        async () => (await root.get(`/api/notifications?unitId=${TARGETS[t]}&role=staff&subjectId=${task[t].id}&kind=urge`)).body.notifications,
        (n) => n.length > 0,
        10_000,
      );
      return inbox[0].id as string;
    });
    const evidence = await each((t) => uploadedEvidence(api, TARGETS[t], t.length));
    const subTask = await each(async (t) => {
      if (t === 'outside') return task[t].id;
      const child = t === 'own' ? 't1' : 'v1';
      const res = await api.as({ role: 'staff', unitId: TARGETS[t] }).post(`/api/tasks/${task[t].id}/split`, { unitIds: [child] });
      expect(res.status).toBe(201);
      return res.body.subTasks[0].id as string;
    });
    const directive = await each(async (t) => {
      const res = await api.as({ role: 'leader', unitId: TARGETS[t] }).post('/api/directives', directiveBody(0));
      expect(res.status).toBe(201);
      return res.body.id as string;
    });
    const bulletin = await each(async (t) => {
      const res = await supervisor.post('/api/bulletins', { scopeUnitId: TARGETS[t], period: DateTime.now().setZone('Asia/Shanghai').minus({ months: 1 }).toFormat('yyyy-MM') });
      expect(res.status).toBe(201);
      return res.body.id as string;
    });
    f = { evidence, subTask, directive, assignment, task, petition: { own: 'P-own', below: 'P-below', outside: 'P-outside' }, campaign, recurring, notification, bulletin };
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('covers every route the app registers', () => {
    const registered = new Set<string>();
    const walk = (stackLayers: any[]) => {
      for (const layer of stackLayers) {
        if (layer.route) for (const method of Object.keys(layer.route.methods)) registered.add(`${method.toUpperCase()} ${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack);
      }
    };
    walk((stack.app as any).router.stack);
    registered.delete('GET /health');
    // Sign-in answers without a token by design (api/routes/session.ts); test/api/session.test.ts covers it.
    for (const route of ['GET /api/session', 'POST /api/session', 'DELETE /api/session', 'GET /api/session/demo-people']) registered.delete(route);
    expect([...registered].sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.route}`).sort());
  });

  let n = 0;
  const send = (as: Api, route: RouteCase, target: Target): Promise<Reply> => {
    const { path, body, headers } = route.request(target, f, ++n);
    return route.method === 'GET' ? as.get(path) : route.method === 'PUT' ? as.put(path, body, headers) : as.post(path, body, headers);
  };

  it.each(ROUTES.map((r) => [`${r.method} ${r.route}`, r] as const))('%s', async (_name, route) => {
    const mismatches: string[] = [];
    const anonymous = await send(api.anonymous(), route, 'own');
    if (anonymous.status !== 401) mismatches.push(`no token → ${anonymous.status}, expected 401`);

    for (const role of ROLES) {
      const as = api.as({ role, unitId: HOME, name: `${role}@甲县` });
      for (const target of Object.keys(TARGETS) as Target[]) {
        const want = expected(route.policy, role, target, route.untargeted);
        const auditBefore = await stack.readModel.audit.count();
        const res = await send(as, route, target);
        const where = `${role}@k1 → ${target} (${TARGETS[target]}): ${res.status} ${res.body?.error?.code ?? ''} ${res.status === 400 ? res.body.error.message : ''}`;
        if (res.status >= 500) mismatches.push(`${where}: server error`);
        if (want === 'allowed') {
          // Allowed: done, or refused by the work's own rules (409: e.g. accepting unfinished work), never for who asked.
          if (!(res.status < 300 || res.status === 409)) mismatches.push(`${where}: expected to be allowed`);
          // Nothing a user changes goes unrecorded.
          const changed = route.method !== 'GET' && !route.readOnly && !route.changesNothing && res.status < 300 && res.headers.get('idempotent-replayed') !== 'true';
          if (changed && (await stack.readModel.audit.count()) === auditBefore) mismatches.push(`${where}: a change with no audit entry`);
          if (route.readOnly && (await stack.readModel.audit.count()) !== auditBefore) mismatches.push(`${where}: a read audited as a change`);
        } else {
          // A petition case one may not even read is not found; one one may read but not act on is forbidden.
          const status = route.private && want === 'scope' && target === 'outside' ? 404 : 403;
          if (res.status !== status) mismatches.push(`${where}: expected ${status} (${want})`);
          if ((await stack.readModel.audit.count()) !== auditBefore) mismatches.push(`${where}: a refused request was audited as a change`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('records who did what, with before and after, readable per task and per unit', async () => {
    const staff = api.as({ role: 'staff', unitId: 'k1', name: '赵专干' });
    const task = f.task.own;
    const detail = (await api.get(`/api/tasks/${task.id}`)).body;
    const open = detail.steps.find((s: { done: boolean }) => !s.done);
    const done = await staff.post(`/api/tasks/${task.id}/steps/${open.id}/complete`, { note: '台账已建立' }, { 'x-request-id': 'req-audit-1' });
    expect(done.status).toBe(200);

    const history = await staff.get(`/api/tasks/${task.id}/history`);
    expect(history.status).toBe(200);
    const entry = history.body.entries.find((e: { requestId: string }) => e.requestId === 'req-audit-1');
    expect(entry).toMatchObject({
      action: 'task.completeStep',
      actor: { name: '赵专干', role: 'staff', unitId: 'k1', subject: expect.any(String) },
      subjectType: 'task',
      subjectId: task.id,
      unitId: 'k1',
      at: expect.stringMatching(/\+08:00$/),
    });
    expect(entry.before.steps.find((s: { id: string }) => s.id === open.id).done).toBe(false);
    expect(entry.after.steps.find((s: { id: string }) => s.id === open.id)).toMatchObject({ done: true, completedBy: '赵专干' });

    const unitTrail = (await api.get('/api/units/k1/history?limit=1000')).body.entries;
    expect(unitTrail.map((e: { requestId: string }) => e.requestId)).toContain('req-audit-1');
    // k2's trail holds nothing of k1's.
    const besideTrail = (await api.get('/api/units/k2/history?limit=1000')).body.entries;
    expect(besideTrail.every((e: { unitId: string }) => e.unitId === 'k2')).toBe(true);
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    await expect(stack.readModel.db.prepare('UPDATE audit_log SET actor_name = ?').run('someone else')).rejects.toThrow(/append-only/);
    await expect(stack.readModel.db.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
  });
  it('binds a token subject to one person and records who issued a token with every entry made with it', async () => {
    const admin = api.as({ role: 'admin', unitId: 'c1', name: '系统管理员' });
    const qian = { role: 'staff', unitId: 'k1', name: '钱专干', subject: 'person-qian' };
    const issued = await admin.post('/api/tokens', qian);
    expect(issued.status).toBe(201);
    // The same person again is a fresh token; someone else, or the same person in another role, is not.
    expect((await admin.post('/api/tokens', qian)).status).toBe(201);
    for (const other of [{ ...qian, name: '孙专干' }, { ...qian, role: 'supervisor' }, { ...qian, unitId: 't1' }]) {
      expect(await admin.post('/api/tokens', other)).toMatchObject({ status: 409, body: { error: { code: 'subject_taken', field: 'subject' } } });
    }
    // A subject seen acting (the city leader's, who assigned above) cannot be handed to another, nor the admin's own.
    const leaderSubject = 'test/c1/leader/市领导';
    expect(await admin.post('/api/tokens', { role: 'supervisor', unitId: 'c1', name: '市领导', subject: leaderSubject })).toMatchObject({ status: 409, body: { error: { field: 'subject' } } });
    expect(await admin.post('/api/tokens', { role: 'supervisor', unitId: 'c1', name: '系统管理员', subject: 'test/c1/admin/系统管理员' })).toMatchObject({ status: 409 });

    // What the issued token does is recorded with its issuer.
    const upload = await api.post('/api/evidence', pngForm(7001), { authorization: `Bearer ${issued.body.token}` });
    expect(upload.status).toBe(201);
    const trail = (await api.get('/api/units/k1/history?limit=20')).body.entries as Array<{ action: string; actor: Record<string, string> }>;
    expect(trail.find((e) => e.action === 'evidence.upload' && e.actor.subject === 'person-qian')?.actor).toEqual({
      subject: 'person-qian',
      name: '钱专干',
      role: 'staff',
      unitId: 'k1',
      issuedBy: 'test/c1/admin/系统管理员',
    });
  });

  it('says in words who may not do what', async () => {
    const staff = api.as({ role: 'staff', unitId: 'k1', name: '赵专干' });
    const refused = await staff.post('/api/tokens', { role: 'staff', unitId: 'k1', name: '新同志' });
    expect(refused.body.error).toMatchObject({ code: 'forbidden', message: 'a staff member (经办人) may not issue sign-in tokens' });
    const admin = api.as({ role: 'admin', unitId: 'k1', name: '系统管理员' });
    expect((await admin.get('/api/petitions/P-own')).body.error).toMatchObject({ code: 'forbidden', message: 'an administrator (系统管理员) may not read petition cases (信访)' });
    expect((await admin.post('/api/assignments', careFundFor('k1'))).body.error.message).toBe('an administrator (系统管理员) may not assign directives (交办)');
    const outside = await staff.post(`/api/tasks/${f.task.outside.id}/steps/${f.task.outside.stepId}/complete`, {});
    expect(outside.body.error.message).toMatch(/a staff member \(经办人\) may complete steps of a task in their own unit only$/);
  });
});
