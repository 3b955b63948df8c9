import { endOfYear, yearInZone } from './time';

/**
 * How a directive's default deadline follows from the moment it is assigned. Each rule is a value, so the catalog
 * can carry it and the API can show it; resolveDeadline is the only place it is turned into an instant.
 */
export type DeadlineRule =
  /** 「年底前」/「年内」: the end of the assignment's calendar year in Shanghai. */
  | { type: 'endOfYear' };

export function resolveDeadline(rule: DeadlineRule, assignedAt: number): number {
  switch (rule.type) {
    case 'endOfYear':
      return endOfYear(yearInZone(assignedAt));
  }
}

export function describeDeadlineRule(rule: DeadlineRule): string {
  switch (rule.type) {
    case 'endOfYear':
      return '年底前 (31 Dec 23:59:59.999 Asia/Shanghai of the year assigned)';
  }
}
