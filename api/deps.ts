import type { Client } from '@temporalio/client';
import type { LightThresholds } from '../domain/lights';
import type { AppConfig } from '../platform/config';
import type { TokenSettings } from '../platform/tokens';
import type { ReadModel } from '../readmodel';
import type { DemoSwitch } from '../scripts/startup';

export interface ApiDeps {
  client: Client;
  readModel: ReadModel;
  taskQueue: string;
  /** The clock, so tests can pin "now"; defaults to the system clock. */
  now?: () => number;
  /** 红黄绿灯 thresholds; the domain defaults unless configured. */
  lights?: LightThresholds;
  /** 签收: working days to acknowledge a task, as the worker counts them (预演 shows the reminder); the default unless set. */
  acknowledgeWorkingDays?: number;
  /** How bearer tokens are checked. */
  tokens: TokenSettings;
  /** Writes per signed-in person per minute; the configured default when unset. */
  writeRateLimit?: number;
  /** Writes per client address per minute from requests without a valid token; the configured default when unset. */
  anonymousWriteRateLimit?: number;
  /** Uploaded evidence: the folder it is kept in and the largest file accepted. */
  evidence: { dir: string; maxBytes: number };
  /** The built web app served at `/` (api/web.ts); unset: `/` says the app is not built. */
  webDist?: string;
  /**
   * The demo switch (`--demo`/`DUBAN_DEMO`): with the org's demo flags it decides whether the web app offers the demo
   * people to sign in as (scripts/startup.ts startupMode), as it decides whether `npm start` prints their tokens.
   */
  demoSwitch?: DemoSwitch;
}

/** The configured parts of ApiDeps. */
export function apiSettings(
  config: AppConfig,
): Pick<ApiDeps, 'lights' | 'acknowledgeWorkingDays' | 'tokens' | 'writeRateLimit' | 'anonymousWriteRateLimit' | 'evidence' | 'webDist'> {
  const { lights, acknowledgeWorkingDays, tokens, writeRateLimit, anonymousWriteRateLimit, evidence, webDist } = config;
  return { lights, acknowledgeWorkingDays, tokens, writeRateLimit, anonymousWriteRateLimit, evidence, webDist };
}
