import type { ScenarioResult } from './scenarios';

/** The table, one rate-over-time line per scenario, and the JSON summary (printed last). */
export function table(results: readonly ScenarioResult[]): string {
  const head = ['scenario', 'size', 'lost', 'duplicated', 'unexpected 5xx', '503s', 'time to recover', 'before', 'after'];
  const rows = results.map((r) => [
    `(${r.id}) ${r.name}`,
    `${r.size} ${r.sizeUnit}`,
    String(r.lost),
    String(r.duplicated),
    String(r.unexpected5xx),
    String(r.unavailable503),
    r.recoverSeconds === null ? 'not back' : `${r.recoverSeconds} s`,
    `${r.rateBefore} ${r.rateUnit}`,
    `${r.rateAfter} ${r.rateUnit}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** e.g. `(a) tasks/s per 10 s: 41 44 [kill 40→52 s] 12 30 44 46`: the fault's start and end marked where they fell. */
export function rateLine(r: ScenarioResult): string {
  const cells = r.rates.map((rate, i) => {
    const from = i * r.bucketSeconds;
    const to = from + r.bucketSeconds;
    const marks = [r.faultAt >= from && r.faultAt < to ? '✖' : '', r.faultEndAt >= from && r.faultEndAt < to ? '↺' : ''].join('');
    return `${marks}${Math.round(rate)}`;
  });
  return `(${r.id}) ${r.rateUnit} per ${r.bucketSeconds} s: ${cells.join(' ')}   (✖ fault at ${r.faultAt} s, ↺ back at ${r.faultEndAt} s, ${r.faultSeconds} s)`;
}

export function summary(results: readonly ScenarioResult[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const sum = (key: 'lost' | 'duplicated' | 'unexpected5xx' | 'unavailable503') => results.reduce((n, r) => n + r[key], 0);
  return {
    lost: sum('lost'),
    duplicated: sum('duplicated'),
    unexpected5xx: sum('unexpected5xx'),
    unavailable503: sum('unavailable503'),
    scenarios: results.length,
    ...extra,
    perScenario: Object.fromEntries(
      results.map((r) => [
        r.id,
        {
          name: r.name,
          size: r.size,
          sizeUnit: r.sizeUnit,
          lost: r.lost,
          duplicated: r.duplicated,
          unexpected5xx: r.unexpected5xx,
          unavailable503: r.unavailable503,
          recoverSeconds: r.recoverSeconds,
          rateBefore: r.rateBefore,
          rateAfter: r.rateAfter,
          rateUnit: r.rateUnit,
          faultSeconds: r.faultSeconds,
          rates: r.rates,
        },
      ]),
    ),
  };
}
