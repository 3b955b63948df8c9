import { findWorkday, isWorkday } from 'chinese-days';

/**
 * Working days as the State Council's annual holiday arrangement defines them — statutory holidays off, 调休
 * make-up weekends on — from the maintained chinese-days data set rather than a weekday rule of our own.
 */
export function isWorkingDay(isoDate: string): boolean {
  return isWorkday(isoDate);
}

/** The Nth working day strictly after a Shanghai calendar day (YYYY-MM-DD). */
export function addWorkingDays(isoDate: string, days: number): string {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`working days must be a positive integer: ${days}`);
  return findWorkday(days, isoDate);
}
