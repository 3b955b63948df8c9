import type { WorkflowStartOptions } from '@temporalio/client';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { campaignWorkflowId } from '../domain/petition';
import type { SensitivePeriod } from '../domain/petition-campaign';
import { ONCE_POLICIES } from './start-once';

export interface CampaignInput {
  campaignId: string;
  scopeUnitId: string;
  opensAt: number;
  dueAt: number;
  createdAt: number;
  /** The sensitive period it was scheduled ahead of. */
  sensitivePeriod?: SensitivePeriod & { year: number };
  note?: string;
}

/** Where the campaign stands; carried across continue-as-new. */
export interface CampaignProgressState {
  recorded: boolean;
  status: 'scheduled' | 'open' | 'ended';
  /** Cases whose screening has been opened. */
  opened: number;
  /** The last case id of the last chunk: the next chunk starts after it. */
  afterCaseId?: string;
  fannedOut: boolean;
}

/** Answers once the campaign is recorded and, when it opens now with up to SYNC_SCREENINGS cases, once all are opened. */
export const campaignRegistration = defineUpdate<CampaignProgressState>('campaignRegistration');
export const campaignState = defineQuery<CampaignProgressState>('campaignState');

/** Cases per openScreeningChunk activity: its heartbeat and result stay tiny, a retry redoes at most this many. */
export const SCREENING_CHUNK = 200;
export const SYNC_SCREENINGS = 500;

/** The workflow type callers start by name (workflows/index.ts exports it under this name). */
export const RESCREENING_CAMPAIGN_WORKFLOW = 'rescreeningCampaignWorkflow';
export type RescreeningCampaignWorkflow = (input: CampaignInput, carried?: CampaignProgressState) => Promise<CampaignProgressState>;

/** How every campaign is started: its id from the campaign's, met (never restarted) by a second start. */
export function campaignStartOptions(input: CampaignInput) {
  return {
    workflowId: campaignWorkflowId(input.campaignId),
    ...ONCE_POLICIES,
    args: [input] as [CampaignInput],
  } satisfies Partial<WorkflowStartOptions>;
}
