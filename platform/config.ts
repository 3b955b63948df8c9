import { resolve } from 'node:path';
import { z } from 'zod';
import { ID_PATTERN } from '../domain/ids';
import { DEFAULT_LIGHT_THRESHOLDS, type LightThresholds } from '../domain/lights';
import { devSecret } from './dev-secret';
import type { TokenSettings } from './tokens';
import { WEBHOOK_FORMATS, type WebhookConfig } from './webhook';
import { DEFAULT_WORKER_LIMITS, type WorkerLimits } from './worker-limits';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Where the embedded state lives: the dev server's SQLite file and the read model. */
  DUBAN_DATA_DIR: z.string().min(1).default('.data'),
  /** The read model's PostgreSQL; unset: the embedded server in the data folder (started when not running). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// connection string' }).optional(),
  /** Port of the embedded PostgreSQL (only when DATABASE_URL is unset). */
  DUBAN_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  DUBAN_TASK_QUEUE: z.string().min(1).default('duban'),
  /** Port of the embedded dev server's gRPC frontend (its UI listens 1000 above). */
  DUBAN_TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  /** 红黄绿灯: days before a deadline that turn a task yellow, and the 序时进度 lag (points) for yellow and red. */
  DUBAN_LIGHT_DUE_SOON_DAYS: z.coerce.number().min(0).max(365).optional(),
  DUBAN_LIGHT_LAG_YELLOW: z.coerce.number().min(0).max(100).optional(),
  DUBAN_LIGHT_LAG_RED: z.coerce.number().min(0).max(100).optional(),
  /** 签收: working days a unit has to acknowledge a task before it is reminded and counted against it. */
  DUBAN_ACK_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(1),
  /** 群机器人: a DingTalk custom robot or WeCom group robot that gets a copy of every notification. */
  DUBAN_WEBHOOK_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  DUBAN_WEBHOOK_FORMAT: z.enum(WEBHOOK_FORMATS).default('dingtalk'),
  /** DingTalk 加签 secret; WeCom robots carry their key in the URL. */
  DUBAN_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** HS256 key for bearer tokens, base64, at least 32 bytes; unset: a development key kept in the data folder. */
  DUBAN_JWT_SECRET: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length >= 32, 'must be base64 of at least 32 bytes (npm run token -- --new-secret)')
    .optional(),
  DUBAN_JWT_ISSUER: z.string().min(1).default('duban'),
  DUBAN_JWT_AUDIENCE: z.string().min(1).default('duban-api'),
  /** Where uploaded evidence files are kept, content-addressed; by default inside the data folder. */
  DUBAN_EVIDENCE_DIR: z.string().min(1).optional(),
  /** The largest evidence file accepted, in megabytes. */
  DUBAN_EVIDENCE_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  /** Writes (POST) per signed-in person (token subject) per minute before 429. */
  DUBAN_WRITE_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(120),
  /** Writes per client address per minute from requests without a valid token before 429. */
  DUBAN_ANONYMOUS_WRITE_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(120),
  /** The built web app the API serves at `/` (`npm run build:web`); by default the project's web/dist. */
  DUBAN_WEB_DIST: z.string().min(1).optional(),
  /**
   * Back-pressure (so a fault does not become a collapse): this worker's task workflow starts per second over all
   * its fan-outs (0: unlimited) and start requests in flight; its workflow task and activity slots.
   */
  DUBAN_FANOUT_STARTS_PER_SECOND: z.coerce.number().min(0).max(10_000).default(DEFAULT_WORKER_LIMITS.fanOut.startsPerSecond),
  DUBAN_FANOUT_STARTS_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_WORKER_LIMITS.fanOut.startsInFlight),
  /** Workflow tasks queued above which fan-outs wait for the workers (0: not checked). */
  DUBAN_FANOUT_MAX_BACKLOG: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_WORKER_LIMITS.fanOut.maxBacklog),
  DUBAN_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(2).max(1_000).default(DEFAULT_WORKER_LIMITS.workflowTaskSlots),
  DUBAN_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_WORKER_LIMITS.activitySlots),
  /** The unit whose monthly 通报 a Schedule makes (the demo: its city); unset on a real installation: none. */
  DUBAN_BULLETIN_SCOPE: z.string().regex(ID_PATTERN, 'a unit id').optional(),
});

/** Where `npm run build:web` writes the web app. */
export const DEFAULT_WEB_DIST = resolve(__dirname, '../web/dist');

export interface AppConfig {
  port: number;
  dataDir: string;
  workerLimits: WorkerLimits;
  /** Set when an external PostgreSQL holds the read model; otherwise the embedded one (platform/database-url.ts). */
  databaseUrl?: string;
  embeddedPostgres: { dir: string; port: number };
  taskQueue: string;
  temporalPort: number;
  /** Set when an external Temporal cluster is to be used instead of the embedded dev server. */
  externalTemporal: boolean;
  lights: LightThresholds;
  /** 签收: working days to acknowledge a task (domain/acknowledgement.ts). */
  acknowledgeWorkingDays: number;
  /** Unset: notifications go to the inbox only. */
  webhook?: WebhookConfig;
  tokens: TokenSettings;
  /** True when the token key was made for this data folder rather than set in the environment. */
  devTokenSecret: boolean;
  writeRateLimit: number;
  anonymousWriteRateLimit: number;
  evidence: { dir: string; maxBytes: number };
  /** The built web app's folder, served at `/`. */
  webDist: string;
  /** The unit whose monthly 通报 is scheduled, if configured (a demo installation schedules its root's anyway). */
  bulletinScope?: string;
}

/** Reads the environment once; a bad value stops the process with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DUBAN_DATA_DIR);
  return {
    port: e.PORT,
    dataDir,
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    embeddedPostgres: { dir: resolve(dataDir, 'postgres'), port: e.DUBAN_PG_PORT },
    taskQueue: e.DUBAN_TASK_QUEUE,
    workerLimits: {
      fanOut: { startsPerSecond: e.DUBAN_FANOUT_STARTS_PER_SECOND, startsInFlight: e.DUBAN_FANOUT_STARTS_IN_FLIGHT, maxBacklog: e.DUBAN_FANOUT_MAX_BACKLOG },
      workflowTaskSlots: e.DUBAN_WORKFLOW_TASK_SLOTS,
      activitySlots: e.DUBAN_ACTIVITY_SLOTS,
    },
    temporalPort: e.DUBAN_TEMPORAL_PORT,
    externalTemporal: Boolean(env.TEMPORAL_ADDRESS),
    lights: lightThresholds(e),
    acknowledgeWorkingDays: e.DUBAN_ACK_WORKING_DAYS,
    ...tokenSettings(e, dataDir),
    writeRateLimit: e.DUBAN_WRITE_RATE_LIMIT,
    anonymousWriteRateLimit: e.DUBAN_ANONYMOUS_WRITE_RATE_LIMIT,
    webDist: e.DUBAN_WEB_DIST ? resolve(e.DUBAN_WEB_DIST) : DEFAULT_WEB_DIST,
    ...(e.DUBAN_BULLETIN_SCOPE ? { bulletinScope: e.DUBAN_BULLETIN_SCOPE } : {}),
    evidence: {
      dir: e.DUBAN_EVIDENCE_DIR ? resolve(e.DUBAN_EVIDENCE_DIR) : resolve(dataDir, 'evidence'),
      maxBytes: Math.round(e.DUBAN_EVIDENCE_MAX_MB * 1024 * 1024),
    },
    ...(e.DUBAN_WEBHOOK_URL
      ? { webhook: { url: e.DUBAN_WEBHOOK_URL, format: e.DUBAN_WEBHOOK_FORMAT, ...(e.DUBAN_WEBHOOK_SECRET ? { secret: e.DUBAN_WEBHOOK_SECRET } : {}) } }
      : {}),
  };
}

function tokenSettings(e: z.infer<typeof EnvSchema>, dataDir: string): Pick<AppConfig, 'tokens' | 'devTokenSecret'> {
  const secret = e.DUBAN_JWT_SECRET ? Buffer.from(e.DUBAN_JWT_SECRET, 'base64') : devSecret(dataDir, 'jwt-secret').value;
  return {
    tokens: { secret: new Uint8Array(secret), issuer: e.DUBAN_JWT_ISSUER, audience: e.DUBAN_JWT_AUDIENCE },
    devTokenSecret: !e.DUBAN_JWT_SECRET,
  };
}

function lightThresholds(e: z.infer<typeof EnvSchema>): LightThresholds {
  const t = {
    dueSoonMs:
      e.DUBAN_LIGHT_DUE_SOON_DAYS === undefined
        ? DEFAULT_LIGHT_THRESHOLDS.dueSoonMs
        : e.DUBAN_LIGHT_DUE_SOON_DAYS * 24 * 60 * 60 * 1000,
    lagYellow: e.DUBAN_LIGHT_LAG_YELLOW ?? DEFAULT_LIGHT_THRESHOLDS.lagYellow,
    lagRed: e.DUBAN_LIGHT_LAG_RED ?? DEFAULT_LIGHT_THRESHOLDS.lagRed,
  };
  if (t.lagYellow > t.lagRed) {
    throw new Error('invalid environment: DUBAN_LIGHT_LAG_YELLOW must not exceed DUBAN_LIGHT_LAG_RED');
  }
  return t;
}
