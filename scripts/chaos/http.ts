/** One answer of the API, or the transport error when there was none. */
export interface Answer {
  status: number;
  body: unknown;
  /** Set when no HTTP answer came (refused, reset, timed out): status is 0. */
  error?: string;
}

/** Calls the APIs in turn (as a load balancer would), with a timeout so a hang is seen as one. */
export class ApiCaller {
  private next = 0;
  constructor(
    readonly urls: string[],
    readonly timeoutMs = 120_000,
  ) {}

  async call(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<Answer> {
    const url = this.urls[this.next++ % this.urls.length] as string;
    try {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      return { status: res.status, body: parsed };
    } catch (err) {
      return { status: 0, body: undefined, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
  }
}

/** The `error.code` of a duban error body, if any. */
export function errorCode(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown } } | undefined)?.error;
  return typeof error?.code === 'string' ? error.code : undefined;
}
