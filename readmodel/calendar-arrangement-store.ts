import type { EnteredArrangement, EnteredHoliday } from '../domain/work-calendar';
import type { Db } from './db';

interface Row {
  year: number;
  version: number;
  notice_title: string;
  notice_date: string;
  holidays_json: string;
  workdays_json: string;
  entered_at: number;
  entered_by: string;
}

const toRecord = (row: Row): EnteredArrangement => ({
  year: row.year,
  version: row.version,
  notice: { title: row.notice_title, date: row.notice_date },
  holidays: JSON.parse(row.holidays_json) as EnteredHoliday[],
  workdays: JSON.parse(row.workdays_json) as string[],
  enteredAt: row.entered_at,
  enteredBy: row.entered_by,
});

/**
 * Annual holiday arrangements entered by admins from the State Council's notice (年度放假安排). A RECORD, not a
 * projection: nothing in Temporal can rebuild it, so it is backed up with the org and the audit trail. Every entry
 * is kept as a version (the latest of a year is the one in use); nothing is updated or deleted.
 */
export class CalendarArrangementStore {
  constructor(private readonly db: Db) {}

  /** The latest version of every year entered, in year order: what the working-day calendar is built from. */
  async latest(): Promise<EnteredArrangement[]> {
    const rows = (await this.db
      .prepare(
        `SELECT a.* FROM calendar_arrangements a
           JOIN (SELECT year, MAX(version) AS version FROM calendar_arrangements GROUP BY year) m
             ON m.year = a.year AND m.version = a.version
          ORDER BY a.year`,
      )
      .all()) as Row[];
    return rows.map(toRecord);
  }

  async get(year: number): Promise<EnteredArrangement | undefined> {
    const row = (await this.db.prepare('SELECT * FROM calendar_arrangements WHERE year = ? ORDER BY version DESC LIMIT 1').get(year)) as
      | Row
      | undefined;
    return row && toRecord(row);
  }

  /**
   * Enters a year's arrangement as its next version, unless it is what the year's latest entry says already (the
   * same notice, breaks and 上班 days; `same`, nothing written). The latest is read and the next appended under the
   * year's lock, so the same notice sent several times at once is appended once, as when it is sent in turn.
   */
  async enter(entry: Omit<EnteredArrangement, 'version'>): Promise<{ before?: EnteredArrangement; entered: EnteredArrangement; same: boolean }> {
    return this.db.transaction(async () => {
      const before = await this.get(entry.year);
      const content = (e: Omit<EnteredArrangement, 'version'>) => JSON.stringify([e.notice, e.holidays, e.workdays]);
      if (before && content(before) === content(entry)) return { before, entered: before, same: true };
      return { ...(before ? { before } : {}), entered: await this.append(entry), same: false };
    }, `calendar:${entry.year}`);
  }

  /**
   * Adds the next version of the year; the version is taken inside the insert's transaction, under a lock on the
   * year, so two entries never share one.
   */
  async append(entry: Omit<EnteredArrangement, 'version'>): Promise<EnteredArrangement> {
    const version = await this.db.transaction(async () => {
      const { next } = (await this.db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS next FROM calendar_arrangements WHERE year = ?').get(entry.year)) as {
        next: number;
      };
      await this.db
        .prepare(
          `INSERT INTO calendar_arrangements (year, version, notice_title, notice_date, holidays_json, workdays_json, entered_at, entered_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(entry.year, next, entry.notice.title, entry.notice.date, JSON.stringify(entry.holidays), JSON.stringify(entry.workdays), entry.enteredAt, entry.enteredBy);
      return next;
    }, `calendar:${entry.year}`);
    return { ...entry, version };
  }
}
