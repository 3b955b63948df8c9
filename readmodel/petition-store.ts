import { subtreeRange } from '../domain/org';
import type { ClockKind, ClockState, PetitionClockRules, PetitionFacts, PetitionStage } from '../domain/petition';
import type { ScreeningChecks, ScreeningStatus, SensitivePeriod } from '../domain/petition-campaign';
import type { ActionRecord, PetitionCaseAuditView, PetitionCaseSnapshot } from '../contracts/petition-case';
import type { Db } from './db';

export interface PetitionCaseRecord {
  id: string;
  unitId: string;
  unitName: string;
  summary: string;
  stage: PetitionStage;
  receivedAt: number;
  activeClock?: ClockKind;
  activeDueAt?: number;
  overdue: boolean;
  facts: PetitionFacts;
  rules: PetitionClockRules;
  clocks: ClockState[];
  log: ActionRecord[];
  createdAt: number;
  version: number;
}

/** Who petitioned: read only for one case's detail, never in lists. */
export interface PetitionPerson {
  petitioner: string;
  contact?: string;
}

export interface ScreeningRecord {
  campaignId: string;
  caseId: string;
  status: ScreeningStatus;
  dueAt: number;
  checks?: ScreeningChecks;
  note?: string;
  screenedAt?: number;
  late: boolean;
  overdueAt?: number;
  followUp?: { assignmentId: string; taskId: string };
}

export type CampaignStatus = 'scheduled' | 'open' | 'ended';

export interface CampaignRecord {
  id: string;
  scopeUnitId: string;
  status: CampaignStatus;
  opensAt: number;
  dueAt: number;
  createdAt: number;
  openedAt?: number;
  endedAt?: number;
  fannedOut: boolean;
  sensitivePeriod?: SensitivePeriod & { year: number };
  note?: string;
}

export interface CampaignProgress {
  cases: number;
  pending: number;
  screened: number;
  passed: number;
  failed: number;
  /** Not screened and past the campaign's deadline. */
  overdue: number;
  screenedLate: number;
  followUps: number;
}

export interface PetitionQuery {
  scopePath?: string;
  stage?: PetitionStage;
  overdue?: boolean;
  limit: number;
  offset: number;
}

interface CaseRow {
  id: string;
  unit_id: string;
  unit_name: string;
  summary: string;
  stage: PetitionStage;
  received_at: number;
  active_clock: ClockKind | null;
  active_due_at: number | null;
  overdue: number;
  facts_json: string;
  rules_json: string;
  clocks_json: string;
  log_json: string;
  created_at: number;
  version: number;
}

const toCase = (row: CaseRow): PetitionCaseRecord => ({
  id: row.id,
  unitId: row.unit_id,
  unitName: row.unit_name,
  summary: row.summary,
  stage: row.stage,
  receivedAt: row.received_at,
  ...(row.active_clock !== null ? { activeClock: row.active_clock } : {}),
  ...(row.active_due_at !== null ? { activeDueAt: row.active_due_at } : {}),
  overdue: row.overdue === 1,
  facts: JSON.parse(row.facts_json) as PetitionFacts,
  rules: JSON.parse(row.rules_json) as PetitionClockRules,
  clocks: JSON.parse(row.clocks_json) as ClockState[],
  log: JSON.parse(row.log_json) as ActionRecord[],
  createdAt: row.created_at,
  version: row.version,
});

/** A case as the workflow held it, as the read model records it (an audit entry's before and after). */
export function caseRecordOf(view: PetitionCaseAuditView, unitName: string): PetitionCaseRecord {
  const active = view.clocks.find((c) => c.kind === view.activeClock);
  return {
    id: view.caseId,
    unitId: view.unitId,
    unitName,
    summary: view.summary,
    stage: view.stage,
    receivedAt: view.facts.receivedAt,
    ...(view.activeClock !== undefined ? { activeClock: view.activeClock } : {}),
    ...(active ? { activeDueAt: active.dueAt } : {}),
    overdue: view.overdue,
    facts: view.facts,
    rules: view.rules,
    clocks: view.clocks,
    log: view.log,
    createdAt: view.createdAt,
    version: view.version,
  };
}

interface ScreeningRow {
  campaign_id: string;
  case_id: string;
  status: ScreeningStatus;
  due_at: number;
  checks_json: string | null;
  note: string | null;
  screened_at: number | null;
  late: number;
  overdue_at: number | null;
  follow_up_assignment_id: string | null;
  follow_up_task_id: string | null;
}

const toScreening = (row: ScreeningRow): ScreeningRecord => ({
  campaignId: row.campaign_id,
  caseId: row.case_id,
  status: row.status,
  dueAt: row.due_at,
  ...(row.checks_json !== null ? { checks: JSON.parse(row.checks_json) as ScreeningChecks } : {}),
  ...(row.note !== null ? { note: row.note } : {}),
  ...(row.screened_at !== null ? { screenedAt: row.screened_at } : {}),
  late: row.late === 1,
  ...(row.overdue_at !== null ? { overdueAt: row.overdue_at } : {}),
  ...(row.follow_up_assignment_id !== null
    ? { followUp: { assignmentId: row.follow_up_assignment_id, taskId: row.follow_up_task_id as string } }
    : {}),
});

const CASE_COLUMNS = 'c.*, u.name AS unit_name';

/** Petition cases, their people, re-screening campaigns and screenings: written by activities, read by the API. */
export class PetitionStore {
  constructor(private readonly db: Db) {}

  /**
   * Writes a case workflow's snapshot — the case row, its person, its screenings — unless a newer one is already
   * there: retries and reordering cannot go back. Returns false when the snapshot was older than (or the same as)
   * the stored one and changed nothing.
   */
  async upsertCase(snapshot: PetitionCaseSnapshot): Promise<boolean> {
    const record = caseRecordOf(snapshot, '');
    const upsertCase = this.db.prepare(
      `INSERT INTO petition_cases (id, unit_id, unit_path, summary, stage, received_at, active_clock, active_due_at, overdue,
         facts_json, rules_json, clocks_json, log_json, created_at, version)
       SELECT @id, @unitId, u.path, @summary, @stage, @receivedAt, @activeClock, @activeDueAt, @overdue,
         @facts, @rules, @clocks, @log, @createdAt, @version
       FROM org_units u WHERE u.id = @unitId
       ON CONFLICT (id) DO UPDATE SET
         summary = excluded.summary, stage = excluded.stage, active_clock = excluded.active_clock,
         active_due_at = excluded.active_due_at, overdue = excluded.overdue, facts_json = excluded.facts_json,
         clocks_json = excluded.clocks_json, log_json = excluded.log_json, version = excluded.version
       WHERE excluded.version > petition_cases.version`,
    );
    const upsertPerson = this.db.prepare(
      `INSERT INTO petition_people (case_id, petitioner, contact) VALUES (?, ?, ?)
       ON CONFLICT (case_id) DO UPDATE SET petitioner = excluded.petitioner, contact = excluded.contact`,
    );
    const upsertScreening = this.db.prepare(
      `INSERT INTO petition_screenings (campaign_id, case_id, unit_path, status, due_at, checks_json, note, screened_at,
         late, overdue_at, follow_up_assignment_id, follow_up_task_id, version)
       SELECT @campaignId, @caseId, c.unit_path, @status, @dueAt, @checks, @note, @screenedAt, @late, @overdueAt,
         @followUpAssignmentId, @followUpTaskId, @version
       FROM petition_cases c WHERE c.id = @caseId AND EXISTS (SELECT 1 FROM petition_campaigns WHERE id = @campaignId)
       ON CONFLICT (campaign_id, case_id) DO UPDATE SET
         status = excluded.status, checks_json = excluded.checks_json, note = excluded.note,
         screened_at = excluded.screened_at, late = excluded.late, overdue_at = excluded.overdue_at,
         follow_up_assignment_id = excluded.follow_up_assignment_id, follow_up_task_id = excluded.follow_up_task_id,
         version = excluded.version
       WHERE excluded.version > petition_screenings.version`,
    );
    return this.db.transaction(async () => {
      const written = (
        await upsertCase.run({
          id: snapshot.caseId,
          unitId: snapshot.unitId,
          summary: snapshot.summary,
          stage: snapshot.stage,
          receivedAt: record.receivedAt,
          activeClock: record.activeClock ?? null,
          activeDueAt: record.activeDueAt ?? null,
          overdue: snapshot.overdue ? 1 : 0,
          facts: JSON.stringify(snapshot.facts),
          rules: JSON.stringify(snapshot.rules),
          clocks: JSON.stringify(snapshot.clocks),
          log: JSON.stringify(snapshot.log),
          createdAt: snapshot.createdAt,
          version: snapshot.version,
        })
      ).changes;
      if (written === 0) return false;
      await upsertPerson.run(snapshot.caseId, snapshot.petitioner, snapshot.contact ?? null);
      for (const s of snapshot.screenings) {
        await upsertScreening.run({
          campaignId: s.campaignId,
          caseId: snapshot.caseId,
          status: s.status,
          dueAt: s.dueAt,
          checks: s.checks ? JSON.stringify(s.checks) : null,
          note: s.note ?? null,
          screenedAt: s.screenedAt ?? null,
          late: s.late ? 1 : 0,
          overdueAt: s.overdueAt ?? null,
          followUpAssignmentId: s.followUp?.assignmentId ?? null,
          followUpTaskId: s.followUp?.taskId ?? null,
          version: snapshot.version,
        });
      }
      return true;
    }, `petitionCase:${snapshot.caseId}`);
  }

  /** The ids among `ids` that are already cases. */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const found = (await this.db.prepare('SELECT id FROM petition_cases WHERE id = ANY(@ids::text[])').pluck().all({ ids: [...ids] })) as string[];
    return new Set(found);
  }

  async getCase(id: string): Promise<PetitionCaseRecord | undefined> {
    const row = (await this.db
      .prepare(`SELECT ${CASE_COLUMNS} FROM petition_cases c JOIN org_units u ON u.id = c.unit_id WHERE c.id = ?`)
      .get(id)) as CaseRow | undefined;
    return row ? toCase(row) : undefined;
  }

  async getPerson(caseId: string): Promise<PetitionPerson | undefined> {
    const row = (await this.db.prepare('SELECT petitioner, contact FROM petition_people WHERE case_id = ?').get(caseId)) as
      | { petitioner: string; contact: string | null }
      | undefined;
    return row ? { petitioner: row.petitioner, ...(row.contact !== null ? { contact: row.contact } : {}) } : undefined;
  }

  async listCases(query: PetitionQuery): Promise<{ total: number; cases: PetitionCaseRecord[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.scopePath !== undefined) {
      where.push('c.unit_path >= ?', 'c.unit_path < ?');
      params.push(...subtreeRange(query.scopePath));
    }
    if (query.stage !== undefined) {
      where.push('c.stage = ?');
      params.push(query.stage);
    }
    if (query.overdue !== undefined) {
      where.push('c.overdue = ?');
      params.push(query.overdue ? 1 : 0);
    }
    const from = `FROM petition_cases c JOIN org_units u ON u.id = c.unit_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const total = (await this.db.prepare(`SELECT count(*) ${from}`).pluck().get(...params)) as number;
    const rows = (await this.db
      .prepare(`SELECT ${CASE_COLUMNS} ${from} ORDER BY c.received_at, c.id LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset)) as CaseRow[];
    return { total, cases: rows.map(toCase) };
  }

  /** One page of the cases in a subtree, in id order after `afterId`: stable paging while cases are added. */
  async caseKeysInScope(scopePath: string, afterId: string | undefined, limit: number): Promise<Array<{ id: string; unitPath: string }>> {
    return (await this.db
      .prepare(
        `SELECT id, unit_path AS "unitPath" FROM petition_cases
         WHERE unit_path >= ? AND unit_path < ? AND id > ? ORDER BY id LIMIT ?`,
      )
      .all(...subtreeRange(scopePath), afterId ?? '', limit)) as Array<{ id: string; unitPath: string }>;
  }

  async screeningsOfCase(caseId: string): Promise<ScreeningRecord[]> {
    return (
      (await this.db.prepare('SELECT * FROM petition_screenings WHERE case_id = ? ORDER BY due_at, campaign_id').all(caseId)) as ScreeningRow[]
    ).map(toScreening);
  }

  async getScreening(campaignId: string, caseId: string): Promise<ScreeningRecord | undefined> {
    const row = (await this.db
      .prepare('SELECT * FROM petition_screenings WHERE campaign_id = ? AND case_id = ?')
      .get(campaignId, caseId)) as ScreeningRow | undefined;
    return row ? toScreening(row) : undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Campaigns

  /** Records a campaign once; a retry keeps the row as it is. */
  async recordCampaign(campaign: CampaignRecord): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO petition_campaigns (id, scope_unit_id, status, opens_at, due_at, created_at,
           sensitive_period_json, note)
         VALUES (?, ?, 'scheduled', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(
        campaign.id,
        campaign.scopeUnitId,
        campaign.opensAt,
        campaign.dueAt,
        campaign.createdAt,
        campaign.sensitivePeriod ? JSON.stringify(campaign.sensitivePeriod) : null,
        campaign.note ?? null,
      );
  }

  async markCampaignOpen(id: string, at: number): Promise<void> {
    await this.db.prepare(`UPDATE petition_campaigns SET status = 'open', opened_at = ? WHERE id = ? AND status = 'scheduled'`).run(at, id);
  }

  async markCampaignFannedOut(id: string): Promise<void> {
    await this.db.prepare('UPDATE petition_campaigns SET fanned_out = 1 WHERE id = ?').run(id);
  }

  async markCampaignEnded(id: string, at: number): Promise<void> {
    await this.db.prepare(`UPDATE petition_campaigns SET status = 'ended', ended_at = ? WHERE id = ? AND status != 'ended'`).run(at, id);
  }

  /** Screenings opened by a campaign's fan-out; rows the case workflows already wrote are kept. */
  async insertPendingScreenings(campaignId: string, dueAt: number, cases: ReadonlyArray<{ id: string; unitPath: string }>): Promise<void> {
    if (!cases.length) return;
    // One statement for the page: the rows pair up the case ids and paths position by position.
    await this.db
      .prepare(
        `INSERT INTO petition_screenings (campaign_id, case_id, unit_path, status, due_at, late, version)
         SELECT ?::text, p.case_id, p.unit_path, 'pending', ?::bigint, 0, 0
         FROM unnest(?::text[], ?::text[]) AS p(case_id, unit_path)
         ON CONFLICT DO NOTHING`,
      )
      .run(
        campaignId,
        dueAt,
        cases.map((c) => c.id),
        cases.map((c) => c.unitPath),
      );
  }

  async getCampaign(id: string): Promise<CampaignRecord | undefined> {
    const row = (await this.db.prepare('SELECT * FROM petition_campaigns WHERE id = ?').get(id)) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    return {
      id: row.id as string,
      scopeUnitId: row.scope_unit_id as string,
      status: row.status as CampaignStatus,
      opensAt: row.opens_at as number,
      dueAt: row.due_at as number,
      createdAt: row.created_at as number,
      ...(row.opened_at !== null ? { openedAt: row.opened_at as number } : {}),
      ...(row.ended_at !== null ? { endedAt: row.ended_at as number } : {}),
      fannedOut: row.fanned_out === 1,
      ...(row.sensitive_period_json !== null
        ? { sensitivePeriod: JSON.parse(row.sensitive_period_json as string) as CampaignRecord['sensitivePeriod'] }
        : {}),
      ...(row.note !== null ? { note: row.note as string } : {}),
    };
  }

  /**
   * Campaigns open at `at` whose scope holds the unit at `unitPath`: a case imported now joins them. A campaign past
   * its opening but not yet marked open counts too, so a case imported while it opens is not missed by both.
   */
  async campaignsOpenOver(unitPath: string, at: number): Promise<Array<{ id: string; opensAt: number; dueAt: number }>> {
    return (await this.db
      .prepare(
        `SELECT c.id, c.opens_at AS "opensAt", c.due_at AS "dueAt" FROM petition_campaigns c JOIN org_units o ON o.id = c.scope_unit_id
         WHERE c.status != 'ended' AND c.opens_at <= ? AND c.due_at > ? AND substr(?::text, 1, length(o.path)) = o.path
         ORDER BY c.id`,
      )
      .all(at, at, unitPath)) as Array<{ id: string; opensAt: number; dueAt: number }>;
  }

  async campaignProgress(id: string): Promise<CampaignProgress> {
    const row = (await this.db
      .prepare(
        `SELECT count(*) AS cases,
           count(*) FILTER (WHERE status = 'pending') AS pending,
           count(*) FILTER (WHERE status IN ('passed', 'failed')) AS screened,
           count(*) FILTER (WHERE status = 'passed') AS passed,
           count(*) FILTER (WHERE status = 'failed') AS failed,
           count(*) FILTER (WHERE status = 'overdue') AS overdue,
           count(*) FILTER (WHERE late = 1) AS "screenedLate",
           count(*) FILTER (WHERE follow_up_assignment_id IS NOT NULL) AS "followUps"
         FROM petition_screenings WHERE campaign_id = ?`,
      )
      .get(id)) as CampaignProgress;
    return { ...row };
  }

  /** A page of the campaign's screenings, in tree order. */
  async campaignScreenings(id: string, limit: number, offset: number): Promise<ScreeningRecord[]> {
    return (
      (await this.db
        .prepare('SELECT * FROM petition_screenings WHERE campaign_id = ? ORDER BY unit_path, case_id LIMIT ? OFFSET ?')
        .all(id, limit, offset)) as ScreeningRow[]
    ).map(toScreening);
  }
}
