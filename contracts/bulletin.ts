/** The monthly 通报 of one scope, as its Schedule starts it (workflows/bulletin.ts). */
export interface BulletinRunInput {
  scopeUnitId: string;
  /** The instant the run is for; absent when the Schedule starts it, whose scheduled time is used. */
  at?: number;
}

export interface BulletinRunResult {
  bulletinId: string;
  /** The month reported on: the one before the scheduled time. */
  period: string;
  /** False when that scope's bulletin for the period existed already (a retry, a second run): nothing was written. */
  created: boolean;
}

/** The workflow type a Schedule starts by name (workflows/index.ts exports it under this name). */
export const BULLETIN_WORKFLOW = 'bulletinWorkflow';
export type BulletinWorkflow = (input: BulletinRunInput) => Promise<BulletinRunResult>;
