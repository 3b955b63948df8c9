/**
 * A running total sampled over time (tasks settled, completions acknowledged), and what is read from it: rates per
 * bucket, the rate between two instants, and when it came back after a fault.
 */
export class Series {
  readonly samples: Array<{ t: number; value: number }> = [];
  private timer: NodeJS.Timeout | undefined;
  private reading = false;

  constructor(readonly start = Date.now()) {}

  add(value: number, t = Date.now()): void {
    this.samples.push({ t, value });
  }

  /** Samples `read` every `everyMs` until stop(); a failed read (the database restarting) is skipped. */
  sample(read: () => Promise<number>, everyMs: number): this {
    const tick = async () => {
      if (this.reading) return;
      this.reading = true;
      try {
        this.add(await read());
      } catch {
        // skipped: the next tick reads again
      } finally {
        this.reading = false;
      }
    };
    void tick();
    this.timer = setInterval(() => void tick(), everyMs);
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The total at `t`: the last sample at or before it (0 before the first). */
  valueAt(t: number): number {
    let value = 0;
    for (const s of this.samples) {
      if (s.t > t) break;
      value = s.value;
    }
    return value;
  }

  /** Per second between two instants. */
  rate(from: number, to: number): number {
    return to > from ? (this.valueAt(to) - this.valueAt(from)) / ((to - from) / 1000) : 0;
  }

  /** Per second in consecutive buckets from the start to the last sample. */
  buckets(bucketMs: number): number[] {
    const end = this.samples.at(-1)?.t ?? this.start;
    const rates: number[] = [];
    for (let t = this.start; t < end; t += bucketMs) rates.push(this.rate(t, Math.min(t + bucketMs, end)));
    return rates;
  }

  /**
   * The first instant at or after `from` that starts a `windowMs` window whose rate is at least `share` of
   * `baseline`; undefined if none did before the last sample.
   */
  backAt(from: number, baseline: number, windowMs: number, share = 0.8): number | undefined {
    const last = this.samples.at(-1)?.t ?? from;
    for (const s of this.samples) {
      if (s.t < from) continue;
      if (s.t + windowMs > last) break;
      if (this.rate(s.t, s.t + windowMs) >= share * baseline) return s.t;
    }
    return undefined;
  }
}

export interface Recovery {
  /** When the total reached the target (undefined if it did not). */
  reachedAt: number | undefined;
  /** Per second from the total's first rise to the fault. */
  before: number;
  /** The start of the first window after the fault's end back at 80% of `before`, else when the target was reached. */
  recoveredAt: number | undefined;
  /** Per second from recovering to reaching the target (from the fault's end when that is not known). */
  after: number;
}

/** How a total that should reach `target` fared around a fault that began at `faultAt` and ended at `faultEnd`. */
export function recoveryOf(series: Series, { target, faultAt, faultEnd, windowMs }: { target: number; faultAt: number; faultEnd: number; windowMs: number }): Recovery {
  const reachedAt = series.samples.find((s) => s.value >= target)?.t;
  const firstRise = series.samples.find((s) => s.value > 0)?.t ?? series.start;
  const before = series.rate(firstRise, faultAt);
  const recoveredAt = series.backAt(faultEnd, before, windowMs) ?? reachedAt;
  const after =
    recoveredAt !== undefined && reachedAt !== undefined && reachedAt > recoveredAt
      ? series.rate(recoveredAt, reachedAt)
      : series.rate(faultEnd, reachedAt ?? Date.now());
  return { reachedAt, before, recoveredAt, after };
}
