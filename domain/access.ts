/**
 * Who may do what, and how far down the org tree: the one table every route consults. A person holds one role at
 * one unit; their reach is that unit's subtree ('subtree') or the unit alone ('own').
 */
export const ROLES = ['leader', 'supervisor', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  leader: '领导',
  supervisor: '督办员',
  staff: '经办人',
  admin: '系统管理员',
};

/** The person behind a request, as their token says. */
export interface Principal {
  /** Stable id from the token issuer (JWT `sub`). */
  subject: string;
  name: string;
  role: Role;
  unitId: string;
}

export type Reach = 'subtree' | 'own';

const everyoneReads = { leader: 'subtree', supervisor: 'subtree', staff: 'subtree', admin: 'subtree' } as const;

/**
 * Actions by role. Leaders assign (交办) and approve extensions; supervisors urge (催办), return (退回) and accept
 * (验收) work in their subtree; staff do their own unit's work; the admin keeps the org tree and people's access but
 * sees no petitioner's personal data and does no casework (separation of duties).
 */
export const ACTIONS = {
  /** Tasks, assignments, reports, the org tree, calendars, the inbox. */
  read: everyoneReads,
  assign: { leader: 'subtree' },
  decideExtension: { leader: 'subtree' },
  urge: { leader: 'subtree', supervisor: 'subtree' },
  returnWork: { supervisor: 'subtree' },
  acceptWork: { supervisor: 'subtree' },
  completeStep: { staff: 'own' },
  requestExtension: { staff: 'own' },
  /** 13 display items and staffing: a unit vouches for itself. */
  attest: { staff: 'own' },
  uploadEvidence: { staff: 'own' },
  /** An event at a unit (a veteran newly verified…) that starts a directive's task there. */
  reportEvent: { leader: 'subtree', supervisor: 'subtree', staff: 'own' },
  /** Petition cases, with the petitioner's name and contact. */
  readPetitions: { leader: 'subtree', supervisor: 'subtree', staff: 'subtree' },
  importPetitions: { supervisor: 'subtree' },
  handlePetition: { supervisor: 'subtree', staff: 'own' },
  /** 办理延期 of a petition case is approved above the handling office. */
  extendPetition: { leader: 'subtree' },
  /** Re-screening campaigns (再排查) are ordered like any directive. */
  orderCampaign: { leader: 'subtree', supervisor: 'subtree' },
  screenPetition: { supervisor: 'subtree', staff: 'own' },
  /** Marking one's own unit's notice read. */
  markRead: { leader: 'own', supervisor: 'own', staff: 'own' },
  /** The audit trail shows who changed what; everyone may see it for what they may read. */
  readAudit: everyoneReads,
  importOrg: { admin: 'subtree' },
  issueTokens: { admin: 'subtree' },
} as const satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Action = keyof typeof ACTIONS;

export function reachOf(role: Role, action: Action): Reach | undefined {
  return (ACTIONS[action] as Partial<Record<Role, Reach>>)[role];
}

/** Units are compared by their materialised paths (domain/org.ts unitPath): a subtree is a path prefix. */
export interface Placed {
  id: string;
  path: string;
}

export type Verdict = 'allowed' | 'role' | 'scope';

/** Whether `principal`, placed at `home`, may take `action` on something that belongs to `target`. */
export function judge(principal: Principal, home: Placed, action: Action, target: Placed): Verdict {
  const reach = reachOf(principal.role, action);
  if (reach === undefined) return 'role';
  const inReach = reach === 'own' ? target.id === home.id : target.path.startsWith(home.path);
  return inReach ? 'allowed' : 'scope';
}

/** Something spread over a subtree (an assignment, a campaign) concerns everyone above it and everyone inside it. */
export function concerns(home: Placed, scope: Placed): boolean {
  return scope.path.startsWith(home.path) || home.path.startsWith(scope.path);
}

/** The deeper of two nested units: where a report defaults to when a person sits inside its scope. */
export function deeper(a: Placed, b: Placed): Placed {
  return a.path.length >= b.path.length ? a : b;
}
