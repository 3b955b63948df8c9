import { DEFAULT_LIGHT_THRESHOLDS, lightOf, taskLightInput, type Light } from '../../../../domain/lights';
import type { TaskSummary } from './api';

/**
 * Instants come from the API as ISO-8601 in +08:00 (Shanghai), so their text is already the local wall clock: a day
 * is its first ten characters, a time the next five after the 'T'.
 */
export const dayOf = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');
export const dayTimeOf = (iso: string | undefined) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '');

/** A deadline is the last instant of its day (23:59:59.999): shown as the day alone. */
export const deadlineOf = (iso: string | undefined) => (iso && iso.slice(11, 16) === '23:59' ? dayOf(iso) : dayTimeOf(iso));

/** Today in Shanghai, YYYY-MM-DD, whatever the device's own time zone. */
export function shanghaiToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The Shanghai day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Shanghai day of an epoch-ms instant. */
export const shanghaiDayOfMs = (ms: number) => shanghaiToday(ms);

/** A task's light by the product's one rule (domain/lights.ts): red overdue, yellow due soon or lagging, else green. */
export function taskLight(task: TaskSummary, now = Date.now()): Light {
  const input = taskLightInput(
    {
      status: task.status,
      dueAt: Date.parse(task.dueAt),
      createdAt: Date.parse(task.createdAt),
      stepsDone: task.stepsDone,
      stepsTotal: task.stepsTotal,
    },
    now,
    DEFAULT_LIGHT_THRESHOLDS,
  );
  return lightOf(input, DEFAULT_LIGHT_THRESHOLDS);
}

/** Whole days from now to a deadline (negative once past it). */
export function daysLeft(dueAt: string, now = Date.now()): number {
  return Math.floor((Date.parse(dueAt) - now) / 86_400_000);
}

export type { Light };
