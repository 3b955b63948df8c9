import type { WorkflowStartOptions } from '@temporalio/client';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  PETITION_DIRECTIVE_ID,
  petitionWorkflowId,
  type ClockKind,
  type ClockState,
  type PetitionClockRules,
  type PetitionFacts,
  type PetitionStage,
} from '../domain/petition';
import type { Placed } from '../domain/access';
import type { EnteredArrangement } from '../domain/work-calendar';
import type { Screening, ScreeningChecks } from '../domain/petition-campaign';
import type { Actor } from './audit';
import { DirectiveIdKey, UnitIdKey } from './search-attributes';
import { ONCE_POLICIES } from './start-once';

/** A case as the ledger gave it; personal fields travel here and never into ids or search attributes. */
export interface PetitionCaseInput {
  caseId: string;
  unitId: string;
  summary: string;
  petitioner: string;
  contact?: string;
  facts: PetitionFacts;
  rules: PetitionClockRules;
  /**
   * The holiday arrangements admins had entered when the case was imported (domain/work-calendar.ts): its clocks
   * count days off on the calendar built from them, fixed for the running case as its rules are. Absent: the
   * library's arrangement alone.
   */
  calendar?: EnteredArrangement[];
  /** When the case entered duban (its import). */
  createdAt: number;
  /**
   * Screenings of campaigns already open over the case's unit when it was imported: it joins them, as if it had
   * been there when they opened (their fan-out has passed it by).
   */
  screenings?: OpenScreeningRequest[];
}

export interface ActionRecord {
  at: number;
  action: 'accept' | 'extend' | 'reply' | 'requestReview' | 'answerReview' | 'requestReReview' | 'answerReReview' | 'close';
  by: string;
  note?: string;
  /** The unit that gave a 复查 or 复核 opinion. */
  unitId?: string;
}

/** A unit as the org tree placed it when a request was made: enough to tell which unit is above which. */
export type PlacedUnit = Placed & { name: string };

/** What a case workflow carries into its next run (continue-as-new) besides its input. */
export interface PetitionCaseCarry {
  facts: PetitionFacts;
  overdueAt: Partial<Record<ClockKind, number>>;
  fired: string[];
  screenings: Screening[];
  log: ActionRecord[];
  /** The unit that gave the 复查 opinion: the 复核 is the next level up's (信访工作条例 第三十六条). */
  reviewUnit?: PlacedUnit;
  version: number;
}

export interface PetitionCaseSnapshot {
  caseId: string;
  unitId: string;
  summary: string;
  petitioner: string;
  contact?: string;
  stage: PetitionStage;
  facts: PetitionFacts;
  rules: PetitionClockRules;
  clocks: ClockState[];
  /** The running clock, if one is. */
  activeClock?: ClockKind;
  /** The running clock is past its deadline. */
  overdue: boolean;
  screenings: Screening[];
  log: ActionRecord[];
  createdAt: number;
  version: number;
}

/** A case as its audit entries show it before and after a change (domain/petition.ts caseAuditView: no person). */
export type PetitionCaseAuditView = Omit<PetitionCaseSnapshot, 'petitioner' | 'contact' | 'screenings'>;

/** Sent by the API with each change: the person and request its audit entry records; without it (a test, an operator's tool) none is. */
interface Audited {
  actor?: Actor;
}

export interface ActionRequest extends Audited {
  by: string;
  note?: string;
}
export interface ExtendRequest extends Audited {
  days: number;
  reason: string;
  by: string;
}
/** 申请复查/复核: `receivedAt`, when the request arrived if earlier than now; its 30 days count from then. */
export interface ReviewRequest extends ActionRequest {
  receivedAt?: number;
  /**
   * For a 复查 or 复核 opinion: the answering person's unit and the case's unit, placed by the API from the org tree;
   * the case refuses an answer from a unit not above the one that answered before (domain/access.ts oversees).
   */
  answeringUnit?: PlacedUnit;
  caseUnit?: PlacedUnit;
}
export interface OpenScreeningRequest {
  campaignId: string;
  openedAt: number;
  dueAt: number;
}
export interface RecordScreeningRequest extends Audited {
  campaignId: string;
  checks: ScreeningChecks;
  note?: string;
}

export const getPetitionCase = defineQuery<PetitionCaseSnapshot>('getPetitionCase');
export const acceptCase = defineUpdate<PetitionCaseSnapshot, [ActionRequest]>('acceptCase'); // 受理
export const extendCase = defineUpdate<PetitionCaseSnapshot, [ExtendRequest]>('extendCase'); // 延期
export const replyCase = defineUpdate<PetitionCaseSnapshot, [ActionRequest]>('replyCase'); // 答复
export const requestReview = defineUpdate<PetitionCaseSnapshot, [ReviewRequest]>('requestReview'); // 申请复查
export const answerReview = defineUpdate<PetitionCaseSnapshot, [ReviewRequest]>('answerReview'); // 复查意见
export const requestReReview = defineUpdate<PetitionCaseSnapshot, [ReviewRequest]>('requestReReview'); // 申请复核
export const answerReReview = defineUpdate<PetitionCaseSnapshot, [ReviewRequest]>('answerReReview'); // 复核意见
export const closeCase = defineUpdate<PetitionCaseSnapshot, [ActionRequest]>('closeCase'); // 办结 / 不予受理
/** A campaign opens the case's screening; sent from an activity, repeated sends change nothing. */
export const openScreening = defineSignal<[OpenScreeningRequest]>('openScreening');
/** The four checks of a screening; a failed check set starts one follow-up task. */
export const recordScreening = defineUpdate<PetitionCaseSnapshot, [RecordScreeningRequest]>('recordScreening');

/** The workflow type callers start by name (workflows/index.ts exports it under this name). */
export const PETITION_CASE_WORKFLOW = 'petitionCaseWorkflow';
export type PetitionCaseWorkflow = (input: PetitionCaseInput, carry?: PetitionCaseCarry) => Promise<void>;

/** How every case workflow is started: its id from the case number, never a personal field in its attributes. */
export function petitionCaseStartOptions(input: PetitionCaseInput) {
  return {
    workflowId: petitionWorkflowId(input.caseId),
    ...ONCE_POLICIES,
    typedSearchAttributes: [
      { key: UnitIdKey, value: input.unitId },
      { key: DirectiveIdKey, value: PETITION_DIRECTIVE_ID },
    ],
    args: [input] as [PetitionCaseInput],
  } satisfies Partial<WorkflowStartOptions>;
}
