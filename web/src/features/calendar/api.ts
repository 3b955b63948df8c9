import { api } from '../../api/client';

export type Provenance = 'text' | 'proposed' | 'external';

export interface Occurrence {
  periodKey: string;
  label: string;
  opensAt: string;
  dueAt: string;
  endsAt: string;
  deadline: {
    basis: 'rule' | 'period-end';
    movedFrom?: string;
    description?: string;
    provenance?: Provenance;
    note?: string;
  };
  festivals?: Array<{ name: string; date: string }>;
}

export interface Duty {
  directiveId: string;
  code: string;
  title: string;
  cadence: { rule: { every: string; holidays?: string[]; periods?: string[] }; provenance: Provenance; note?: string };
  occurrences: Occurrence[];
}

/** GET /api/calendar/:year: the year's days off, 调休, festivals, sensitive periods and a unit's recurring duties. */
export interface YearCalendar {
  year: number;
  /**
   * Where the year's arrangement comes from: the library (`library`), a notice an admin entered (`notice`), or
   * neither (`statute`: only the days off fixed by law). `notice` is the entered one, used or not.
   */
  arrangement: {
    published: boolean;
    source: string;
    basis: 'library' | 'notice' | 'statute';
    note?: string;
    reason?: string;
    notice?: { title: string; date: string; version: number; enteredAt: string; enteredBy: string };
  };
  /** Days the library and the entered notice disagree on (the entered notice is used then). */
  disagreement: Array<{ date: string; library: 'working' | 'off'; entered: 'working' | 'off' }>;
  holidays: Array<{ name: string; start: string; end: string; days: string[]; basis: 'arrangement' | 'statute' }>;
  /** Null while the year's arrangement is unpublished: 调休 unknown. */
  makeUpWorkdays: Array<{ date: string; for: string }> | null;
  festivals: Array<{ name: string; date: string; basis: string }>;
  sensitivePeriods: Array<{ key: string; name: string; start: string; end: string; basis: string }>;
  unit: { id: string; name: string; level: string } | null;
  duties: Duty[];
  warnings: string[];
}

/** PUT /api/calendar/:year/arrangement: the notice as an admin copies it. */
export interface ArrangementEntry {
  notice: { title: string; date: string };
  holidays: Array<{ name: string; start: string; end: string }>;
  workdays: string[];
}

export const calendarApi = {
  year: (year: number, unitId: string | undefined, signal?: AbortSignal) =>
    api.get<YearCalendar>(`/api/calendar/${year}`, { unitId }, signal),
  enterArrangement: (year: number, entry: ArrangementEntry) =>
    api.put<{ version: number; arrangement: YearCalendar['arrangement']; disagreement: YearCalendar['disagreement'] }>(`/api/calendar/${year}/arrangement`, entry),
};

/** The calendar day (YYYY-MM-DD, Shanghai) of an instant the API gives in +08:00. */
export const dayOf = (iso: string) => iso.slice(0, 10);

/** What happens on each day of the year, for the month grids and lists. */
export interface DayInfo {
  holiday?: string;
  statute?: boolean;
  makeUpFor?: string;
  festivals: string[];
  sensitive: string[];
  deadlines: Array<{ duty: Duty; occurrence: Occurrence }>;
}

export function daysOf(cal: YearCalendar): Map<string, DayInfo> {
  const days = new Map<string, DayInfo>();
  const at = (d: string) => {
    let info = days.get(d);
    if (!info) days.set(d, (info = { festivals: [], sensitive: [], deadlines: [] }));
    return info;
  };
  for (const h of cal.holidays)
    for (const d of h.days) {
      at(d).holiday = h.name;
      at(d).statute = h.basis === 'statute';
    }
  for (const m of cal.makeUpWorkdays ?? []) at(m.date).makeUpFor = m.for;
  for (const f of cal.festivals) at(f.date).festivals.push(f.name);
  for (const p of cal.sensitivePeriods) for (const d of eachDay(p.start, p.end)) at(d).sensitive.push(p.name);
  for (const duty of cal.duties)
    for (const occurrence of duty.occurrences) {
      const d = dayOf(occurrence.dueAt);
      if (d.startsWith(`${cal.year}-`)) at(d).deadlines.push({ duty, occurrence });
    }
  return days;
}

/** Every calendar day from start to end inclusive (YYYY-MM-DD), by UTC date arithmetic: no time zone involved. */
export function eachDay(start: string, end: string): string[] {
  const out: string[] = [];
  const t = new Date(`${start}T00:00:00Z`);
  const last = new Date(`${end}T00:00:00Z`).getTime();
  while (t.getTime() <= last && out.length < 400) {
    out.push(t.toISOString().slice(0, 10));
    t.setUTCDate(t.getUTCDate() + 1);
  }
  return out;
}
