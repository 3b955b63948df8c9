import { LIBRARY_ARRANGEMENT } from '../../domain/holiday-arrangement';
import { LIBRARY_CALENDAR } from '../../domain/work-calendar';

/**
 * Test only: whether this run sees the holiday tables as a module shared by the worker's runs (the SDK freezes what
 * it shares) or as its own, and that the shared calendar still answers once frozen.
 */
export async function preloadProbe(): Promise<{ shared: boolean; breaks2026: string[]; makeUp2026: number }> {
  return {
    shared: Object.isFrozen(LIBRARY_ARRANGEMENT) && Object.isFrozen(LIBRARY_CALENDAR),
    breaks2026: LIBRARY_CALENDAR.holidayBreaks(2026).map((b) => `${b.name} ${b.start}–${b.end}`),
    makeUp2026: LIBRARY_CALENDAR.makeUpWorkdays(2026).length,
  };
}
