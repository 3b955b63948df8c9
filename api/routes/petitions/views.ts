import { CLOCK_NAMES, STAGE_NAMES, type ClockState } from '../../../domain/petition';
import { CHECK_NAMES, failedChecks, RESCREENING_DIRECTIVE_ID, type Screening } from '../../../domain/petition-campaign';
import { toZonedIso } from '../../../domain/time';
import type { ReadModel } from '../../../readmodel';
import type { CampaignRecord, PetitionCaseRecord, ScreeningRecord } from '../../../readmodel/petition-store';

/** How petition cases, their clocks and screenings, and campaigns read in the API, instants in Shanghai time. */

const iso = (instant: number | undefined) => (instant === undefined ? undefined : toZonedIso(instant));

export function caseView(record: PetitionCaseRecord) {
  return {
    id: record.id,
    unitId: record.unitId,
    unitName: record.unitName,
    summary: record.summary,
    stage: record.stage,
    stageName: STAGE_NAMES[record.stage],
    receivedAt: iso(record.receivedAt),
    activeClock: record.activeClock,
    activeDueAt: iso(record.activeDueAt),
    overdue: record.overdue,
  };
}

/** The case with its person, facts, clocks, screenings and log: what its own page shows. */
export async function caseDetail(readModel: ReadModel, record: PetitionCaseRecord) {
  const caseId = record.id;
  const { facts } = record;
  return {
    ...caseView(record),
    ...(await readModel.petitions.getPerson(caseId)),
    facts: {
      receivedAt: iso(facts.receivedAt),
      acceptedAt: iso(facts.acceptedAt),
      repliedAt: iso(facts.repliedAt),
      reviewRequestedAt: iso(facts.reviewRequestedAt),
      reviewAnsweredAt: iso(facts.reviewAnsweredAt),
      reReviewRequestedAt: iso(facts.reReviewRequestedAt),
      reReviewAnsweredAt: iso(facts.reReviewAnsweredAt),
      closedAt: iso(facts.closedAt),
    },
    extension: facts.extension && { days: facts.extension.days, reason: facts.extension.reason, at: iso(facts.extension.at) },
    clocks: record.clocks.map(clockView),
    rules: record.rules,
    screenings: (await readModel.petitions.screeningsOfCase(caseId)).map(screeningView),
    log: record.log.map((entry) => ({ ...entry, at: iso(entry.at) })),
  };
}

function clockView(clock: ClockState) {
  return {
    kind: clock.kind,
    name: CLOCK_NAMES[clock.kind],
    status: clock.status,
    startAt: iso(clock.startAt),
    dueAt: iso(clock.dueAt),
    originalDueAt: iso(clock.originalDueAt),
    metAt: iso(clock.metAt),
    late: clock.late,
    overdueAt: iso(clock.overdueAt),
  };
}

export function screeningView(s: ScreeningRecord | (Screening & { caseId: string })) {
  return {
    campaignId: s.campaignId,
    caseId: s.caseId,
    status: s.status,
    dueAt: iso(s.dueAt),
    checks: s.checks,
    failed: s.checks ? failedChecks(s.checks).map((c) => ({ check: c, name: CHECK_NAMES[c] })) : undefined,
    note: s.note,
    screenedAt: iso(s.screenedAt),
    late: s.late,
    overdueAt: iso(s.overdueAt),
    followUp: s.followUp,
  };
}

export async function campaignView(readModel: ReadModel, campaign: CampaignRecord) {
  return {
    id: campaign.id,
    directiveId: RESCREENING_DIRECTIVE_ID,
    scopeUnitId: campaign.scopeUnitId,
    scopeUnitName: (await readModel.org.get(campaign.scopeUnitId))?.name,
    status: campaign.status,
    opensAt: iso(campaign.opensAt),
    dueAt: iso(campaign.dueAt),
    createdAt: iso(campaign.createdAt),
    openedAt: iso(campaign.openedAt),
    endedAt: iso(campaign.endedAt),
    allCasesOpened: campaign.fannedOut,
    sensitivePeriod: campaign.sensitivePeriod,
    note: campaign.note,
    progress: await readModel.petitions.campaignProgress(campaign.id),
  };
}
