import { createHmac } from 'node:crypto';

/** A group robot (群机器人) that gets a copy of every notification: a DingTalk custom robot or a WeCom group robot. */
export interface WebhookConfig {
  url: string;
  format: 'dingtalk' | 'wecom';
  /** DingTalk's 加签 secret ('SEC…'); WeCom robots have none (their key is in the URL). */
  secret?: string;
}

export const WEBHOOK_FORMATS = ['dingtalk', 'wecom'] as const;

/** The robots' own markdown message bodies. */
export type RobotMessage =
  | { msgtype: 'markdown'; markdown: { title: string; text: string } }
  | { msgtype: 'markdown'; markdown: { content: string } };

/**
 * Neither robot shows a separate title in the chat (DingTalk's only labels the preview), so the title is also the
 * body's first line.
 */
export function robotMessage(format: WebhookConfig['format'], { title, text }: { title: string; text: string }): RobotMessage {
  const body = `#### ${title}\n\n${text}`;
  return format === 'dingtalk'
    ? { msgtype: 'markdown', markdown: { title, text: body } }
    : { msgtype: 'markdown', markdown: { content: body } };
}

/** DingTalk 加签: base64 HMAC-SHA256 of "timestamp\nsecret" keyed by the secret; the robot refuses it after an hour. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** The URL to post to: with a DingTalk secret, signed for this moment (URLSearchParams does the URL-encoding). */
export function robotUrl(config: WebhookConfig, now: number = Date.now()): string {
  if (config.format !== 'dingtalk' || !config.secret) return config.url;
  const url = new URL(config.url);
  url.searchParams.set('timestamp', String(now));
  url.searchParams.set('sign', dingtalkSign(config.secret, now));
  return url.toString();
}

/**
 * Posts one message. Both robots answer HTTP 200 with `{errcode, errmsg}` even when they refuse a message (bad
 * signature, rate limit, keyword missing), so a non-zero errcode is a failure as much as a non-2xx status is.
 */
export async function postToRobot(
  config: WebhookConfig,
  message: RobotMessage,
  /** `now` is for tests only: DingTalk refuses a signature more than an hour off its own clock. */
  { timeoutMs, now }: { timeoutMs: number; now?: number },
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(robotUrl(config, now), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    // fetch says only "fetch failed"; the cause (refused, DNS, timeout) is what an operator needs to see.
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined;
    throw new Error(`robot not reached: ${cause ?? (err instanceof Error ? err.message : String(err))}`);
  }
  const body = await res.text();
  if (!res.ok) throw new Error(`robot answered HTTP ${res.status}: ${body.slice(0, 200)}`);
  let answer: { errcode?: unknown; errmsg?: unknown } | undefined;
  try {
    answer = JSON.parse(body);
  } catch {
    return; // not JSON: a 2xx from something that does not speak the robots' protocol is taken as accepted
  }
  if (answer && typeof answer === 'object' && answer.errcode !== undefined && answer.errcode !== 0) {
    throw new Error(`robot refused the message: errcode ${String(answer.errcode)} ${String(answer.errmsg ?? '')}`.trim());
  }
}
