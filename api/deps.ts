import type { Client } from '@temporalio/client';
import type { LightThresholds } from '../domain/lights';
import type { AppConfig } from '../platform/config';
import type { TokenSettings } from '../platform/tokens';
import type { ReadModel } from '../readmodel';

export interface ApiDeps {
  client: Client;
  readModel: ReadModel;
  taskQueue: string;
  /** The clock, so tests can pin "now"; defaults to the system clock. */
  now?: () => number;
  /** 红黄绿灯 thresholds; the domain defaults unless configured. */
  lights?: LightThresholds;
  /** How bearer tokens are checked. */
  tokens: TokenSettings;
  /** Writes per signed-in person per minute; the configured default when unset. */
  writeRateLimit?: number;
  /** Writes per client address per minute from requests without a valid token; the configured default when unset. */
  anonymousWriteRateLimit?: number;
  /** Uploaded evidence: the folder it is kept in and the largest file accepted. */
  evidence: { dir: string; maxBytes: number };
}

/** The configured parts of ApiDeps. */
export function apiSettings(
  config: AppConfig,
): Pick<ApiDeps, 'lights' | 'tokens' | 'writeRateLimit' | 'anonymousWriteRateLimit' | 'evidence'> {
  const { lights, tokens, writeRateLimit, anonymousWriteRateLimit, evidence } = config;
  return { lights, tokens, writeRateLimit, anonymousWriteRateLimit, evidence };
}
