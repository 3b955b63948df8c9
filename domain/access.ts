import { CHECK_FAILED_EVENT } from './petition-campaign';

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

/** How refusals name a role, in plain words with the Chinese title: "a staff member (经办人) may not …". */
export const ROLE_LABELS: Record<Role, string> = {
  leader: 'a leader (领导)',
  supervisor: 'a supervisor (督办员)',
  staff: 'a staff member (经办人)',
  admin: 'an administrator (系统管理员)',
};

/** The person behind a request, as their token says. */
export interface Principal {
  /** Stable id from the token issuer (JWT `sub`). */
  subject: string;
  name: string;
  role: Role;
  unitId: string;
  /** Who issued the token (its `issued_by` claim): an admin's subject, or the operator of `npm run token`. */
  issuedBy?: string;
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
  /**
   * 立项: entering a directive or a new version of one (a draft), and publishing it so it can be assigned — the
   * leader's, whose speeches, 批示 and meetings they are; not the admin's (who keeps the org and access, not policy).
   * A directive belongs to the unit it was entered at (the seeded catalog to the org root): that unit's leaders and
   * those above edit it.
   */
  draftDirective: { leader: 'subtree' },
  publishDirective: { leader: 'subtree' },
  decideExtension: { leader: 'subtree' },
  urge: { leader: 'subtree', supervisor: 'subtree' },
  returnWork: { supervisor: 'subtree' },
  acceptWork: { supervisor: 'subtree' },
  completeStep: { staff: 'own' },
  /**
   * 分解/逐级再分派: the people of the unit holding a task hand it down to child units, and close (关闭) what they
   * handed down, with a reason; the task's level must have one below it (domain/split.ts canSplitAt).
   */
  splitTask: { leader: 'own', supervisor: 'own', staff: 'own' },
  requestExtension: { staff: 'own' },
  /** 签收 and 回退: the holding unit's own staff or leader says it received the task, or sends it back as not its own. */
  acknowledgeTask: { staff: 'own', leader: 'own' },
  declineTask: { staff: 'own', leader: 'own' },
  /** The issuing leader's decision on a 回退 (改派 or 撤销): at the issuing level or above, `oversees` below. */
  decideDecline: { leader: 'subtree' },
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
  /**
   * 复查/复核意见: the opinion of the body above the one that answered before (信访工作条例 第三十五条, 第三十六条);
   * which unit may give it is `oversees` below, checked by the case workflow.
   */
  reviewPetition: { leader: 'subtree', supervisor: 'subtree' },
  /** Re-screening campaigns (再排查) are ordered like any directive. */
  orderCampaign: { leader: 'subtree', supervisor: 'subtree' },
  /** 通报: a bulletin on a part of the tree is issued by its supervisors or leaders; whoever may read the scope reads it. */
  issueBulletin: { leader: 'subtree', supervisor: 'subtree' },
  screenPetition: { supervisor: 'subtree', staff: 'own' },
  /** Marking one's own unit's notice read. */
  markRead: { leader: 'own', supervisor: 'own', staff: 'own' },
  /** The audit trail shows who changed what; everyone may see it for what they may read. */
  readAudit: everyoneReads,
  importOrg: { admin: 'subtree' },
  issueTokens: { admin: 'subtree' },
  /**
   * 年度放假安排: entering the State Council's holiday arrangement for a year the library lacks. It moves every
   * working-day deadline issued after it, across the installation, so it is the admin's (who keeps the installation),
   * recorded and audited under their unit.
   */
  enterArrangement: { admin: 'subtree' },
  /**
   * 讲话生成草稿: proposals read from a speech, stored nowhere; leaders draft directives from their speeches, and the
   * admin who keeps the catalog for them may too.
   */
  draftFromSpeech: { leader: 'subtree', admin: 'subtree' },
} as const satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Action = keyof typeof ACTIONS;

/**
 * What in the audit trail and the inbox is about petition cases (their import, steps, screenings, 诉求摘要 and
 * results, and the campaigns that screen them): shown only to those who may read petition cases, so the admin's
 * separation from casework holds in every view, not only in /api/petitions.
 */
export const PETITION_SUBJECT_TYPES = ['petitionCase', 'campaign'] as const;

/** Whether a role may see anything about petition cases. */
export function seesPetitions(role: Role): boolean {
  return reachOf(role, 'readPetitions') !== undefined;
}

/** A failed screening's follow-up names its case as the event's subject: that a case failed is petition data too. */
export function eventSubjectShown(role: Role, eventType: string): boolean {
  return eventType !== CHECK_FAILED_EVENT || seesPetitions(role);
}

/** What each action is, in words, for refusals: "… may not <phrase>" and "… may <phrase> in their own unit only". */
export const ACTION_PHRASES: Record<Action, string> = {
  read: 'read this',
  assign: 'assign directives (交办)',
  draftDirective: 'enter directives (立项)',
  publishDirective: 'publish directives (立项)',
  decideExtension: 'decide extension requests (延期审批)',
  urge: 'urge work on (催办)',
  returnWork: 'return work for rework (退回)',
  acceptWork: 'accept completed work (验收)',
  completeStep: 'complete steps of a task',
  splitTask: 'split a task down to child units (分解)',
  requestExtension: 'request an extension (延期申请)',
  acknowledgeTask: 'acknowledge a task (签收)',
  declineTask: 'send a task back as wrongly assigned (回退)',
  decideDecline: 'reassign or cancel a task sent back (改派/撤销)',
  attest: 'attest standards',
  uploadEvidence: 'upload evidence (佐证材料)',
  reportEvent: 'report events',
  readPetitions: 'read petition cases (信访)',
  importPetitions: 'import petition ledgers (信访台账)',
  handlePetition: 'handle petition cases',
  extendPetition: 'approve petition extensions (办理延期)',
  reviewPetition: 'answer a petition review (复查/复核)',
  orderCampaign: 'order re-screening campaigns (再排查)',
  issueBulletin: 'issue bulletins (通报)',
  screenPetition: 'screen petition cases',
  markRead: 'mark notices read',
  readAudit: 'read the audit trail',
  importOrg: 'import the org tree',
  issueTokens: 'issue sign-in tokens',
  enterArrangement: 'enter the annual holiday arrangement (年度放假安排)',
  draftFromSpeech: 'draft directives from a speech (讲话生成草稿)',
};

/** "a staff member (经办人) may not import the org tree": a role refused an action outright. */
export function roleRefusal(role: Role, action: Action): string {
  return `${ROLE_LABELS[role]} may not ${ACTION_PHRASES[action]}`;
}

export function reachOf(role: Role, action: Action): Reach | undefined {
  return (ACTIONS[action] as Partial<Record<Role, Reach>>)[role];
}

/**
 * A token's subject is one person for good: once issued to, or seen acting as, a name, role and unit, a token for
 * it must name the same again — or an admin could hand out someone else's identity, or give their own another
 * role, and blur who did what in the audit trail. Why `wanted` may not have `subject`, or undefined.
 */
export function subjectRefusal(
  subject: string,
  wanted: Pick<Principal, 'name' | 'role' | 'unitId'>,
  bound: Pick<Principal, 'name' | 'role' | 'unitId'> | undefined,
): string | undefined {
  if (!bound || (bound.name === wanted.name && bound.role === wanted.role && bound.unitId === wanted.unitId)) return undefined;
  return `subject: ${subject} is ${bound.name}, ${ROLE_LABELS[bound.role]} at ${bound.unitId}; a token for it must name that person, or use another subject`;
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

/**
 * Separation of duties (督办 的 分级负责): a decision on work — 延期审批, 退回, 验收 of a task; approving a petition
 * case's 延期; the 复查 and 复核 opinions — is taken at the level that issued the work or above it, and never by the
 * unit that holds the work. `home` oversees what `holder` holds for `issuer` when home is `issuer` or one of its
 * ancestors (the issuing level or above) and strictly above `holder`. For a task the issuer is the unit its
 * assignment was issued at (AssignmentRecord.assignedByUnitId, else its scope); for a petition's 延期 and 复查 it is
 * the handling unit itself, so the decision goes to a unit above it; for the 复核, the unit that gave the 复查.
 */
export function oversees(home: Placed, issuer: Placed, holder: Placed): boolean {
  return issuer.path.startsWith(home.path) && holder.path.startsWith(home.path) && holder.path !== home.path;
}

/** Why `home` may not take a decision `oversees` refuses, in words; `what` is the work ("task a1.k1"). */
export function oversightRefusal(home: Placed & { name: string }, issuer: Placed & { name: string }, holder: Placed & { name: string }, what: string): string {
  if (holder.path === home.path) return `${what} is held by ${home.name} (${home.id}) itself; the decision belongs to ${issuer.id === holder.id ? 'the level above it' : `${issuer.name} (${issuer.id}), which issued it, or above`}`;
  return `${what} was issued by ${issuer.name} (${issuer.id}); the decision belongs to that level or above, not to ${home.name} (${home.id})`;
}

/** Something spread over a subtree (an assignment, a campaign) concerns everyone above it and everyone inside it. */
export function concerns(home: Placed, scope: Placed): boolean {
  return scope.path.startsWith(home.path) || home.path.startsWith(scope.path);
}

/** The deeper of two nested units: where a report defaults to when a person sits inside its scope. */
export function deeper(a: Placed, b: Placed): Placed {
  return a.path.length >= b.path.length ? a : b;
}
