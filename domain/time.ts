import { DateTime } from 'luxon';

/** Every deadline is an instant in the leaders' time zone, whatever the server's own zone is. */
export const ZONE = 'Asia/Shanghai';

/** The last instant of the year in Shanghai: 「年底前」 means 31 Dec 23:59:59.999 +08:00. */
export function endOfYear(year: number): number {
  return DateTime.fromObject({ year }, { zone: ZONE }).endOf('year').toMillis();
}

/** The calendar year an instant falls in, as seen in Shanghai (1 Jan 00:30 +08:00 is still 31 Dec UTC). */
export function yearInZone(instant: number): number {
  return DateTime.fromMillis(instant, { zone: ZONE }).year;
}

/** ISO-8601 with the +08:00 offset, which is how people in the product read instants. */
export function toZonedIso(instant: number): string {
  return DateTime.fromMillis(instant, { zone: ZONE }).toISO({ includeOffset: true }) as string;
}

/** Parses an ISO-8601 instant. A value without an offset is read as Shanghai wall-clock time. */
export function parseInstant(text: string): number | undefined {
  const parsed = DateTime.fromISO(text, { zone: ZONE, setZone: false });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

/** The last instant of a Shanghai calendar day given as YYYY-MM-DD. */
export function endOfDay(isoDate: string): number {
  return DateTime.fromISO(isoDate, { zone: ZONE }).endOf('day').toMillis();
}
