import { oversees } from '../domain/access';
import { WorkCalendar } from '../domain/work-calendar';
import type { NotificationKind } from '../domain/notification';
import {
  activeClock,
  caseAuditView,
  CLOCK_NAMES,
  CLOSABLE_STAGES,
  clocksOf,
  DAY_MS,
  extensionRefusal,
  PETITION_DIRECTIVE_ID,
  reviewRequestRefusal,
  STAGE_NAMES,
  stageOf,
  type ClockKind,
  type ClockState,
  type PetitionFacts,
  type PetitionStage,
} from '../domain/petition';
import {
  failedChecks,
  RESCREENING_DIRECTIVE_ID,
  SCREENING_CHECKS,
  sameChecks,
  type Screening,
} from '../domain/petition-campaign';
import type {
  ActionRecord,
  ActionRequest,
  ExtendRequest,
  OpenScreeningRequest,
  PetitionCaseCarry,
  PetitionCaseInput,
  PetitionCaseSnapshot,
  PlacedUnit,
  RecordScreeningRequest,
  ReviewRequest,
} from '../contracts/petition-case';
import { forbidden, invalidField, notAllowed, notFound } from '../contracts/refusals';
import { EntityState } from './entity-state';

/** Something to tell people about; the workflow adds whom it concerns. */
export interface Notice {
  key: string;
  kind: NotificationKind;
  directiveId: string;
  dueAt: number;
  reason: string;
}

/** A moment the case must act at: a clock's reminder, deadline or escalation, or a screening's deadline. */
interface Alarm {
  key: string;
  at: number;
  kind: 'reminder' | 'overdue' | 'escalation';
  /** What it belongs to: a clock kind, or 'screening:<campaignId>'. */
  subject: string;
  dueAt: number;
}

/** Update names the router registers, each with the state change it makes. */
const STAGE_ACTIONS = {
  accept: { from: 'registered', fact: 'acceptedAt' },
  reply: { from: 'accepted', fact: 'repliedAt' },
  requestReview: { from: 'replied', fact: 'reviewRequestedAt' },
  answerReview: { from: 'reviewRequested', fact: 'reviewAnsweredAt' },
  requestReReview: { from: 'reviewed', fact: 'reReviewRequestedAt' },
  answerReReview: { from: 'reReviewRequested', fact: 'reReviewAnsweredAt' },
} as const satisfies Record<string, { from: PetitionStage; fact: keyof PetitionFacts }>;
export type StageAction = keyof typeof STAGE_ACTIONS;

/** Each step in words, for refusals. */
const STEP_NAMES: Record<StageAction, string> = {
  accept: '受理 (accepting it)',
  reply: '答复 (the written reply)',
  requestReview: '申请复查 (a review request)',
  answerReview: '复查意见 (the review opinion)',
  requestReReview: '申请复核 (a re-review request)',
  answerReReview: '复核意见 (the re-review opinion)',
};

/** The state of one petition case; the entity runtime routes messages and timers to it. */
export class PetitionCase extends EntityState<PetitionCaseSnapshot, Notice> {
  private facts: PetitionFacts;
  private overdueAt: Partial<Record<ClockKind, number>>;
  private readonly fired: Set<string>;
  private readonly screenings: Map<string, Screening>;
  private readonly log: ActionRecord[];
  /** Who gave the 复查 opinion: the 复核 belongs to the level above it. */
  private reviewUnit?: PlacedUnit;
  /** The working-day calendar as it was when the case was imported (its input): the same on every replay. */
  private readonly calendar: WorkCalendar;

  constructor(
    private readonly input: PetitionCaseInput,
    carry?: PetitionCaseCarry,
  ) {
    super(carry?.version);
    this.calendar = new WorkCalendar(input.calendar);
    this.facts = { ...(carry?.facts ?? input.facts) };
    this.overdueAt = { ...carry?.overdueAt };
    this.fired = new Set(carry?.fired);
    this.screenings = new Map((carry?.screenings ?? []).map((s) => [s.campaignId, { ...s }]));
    this.log = [...(carry?.log ?? [])];
    if (!carry) for (const request of input.screenings ?? []) this.openScreening(request);
    if (carry?.reviewUnit) this.reviewUnit = { ...carry.reviewUnit };
  }

  get stage(): PetitionStage {
    return stageOf(this.facts);
  }

  private clocks(): ClockState[] {
    return clocksOf(this.facts, this.input.rules, this.overdueAt, this.calendar);
  }

  // -------------------------------------------------------------------------------------------------------------
  // The case's own steps

  validateStep(action: StageAction, request: ReviewRequest, now: number): void {
    if (action === 'answerReview' || action === 'answerReReview') this.validateAnsweringUnit(action, request);
    const { from } = STAGE_ACTIONS[action];
    if (this.stage !== from) {
      throw notAllowed(`case ${this.input.caseId} is ${STAGE_NAMES[this.stage]}; ${STEP_NAMES[action]} needs it ${STAGE_NAMES[from]}`);
    }
    if (request.receivedAt !== undefined) {
      if (action !== 'requestReview' && action !== 'requestReReview') {
        throw invalidField('receivedAt', 'receivedAt: only a review request may be dated earlier than now');
      }
      const last = Math.max(...Object.values(this.facts).filter((v): v is number => typeof v === 'number'));
      if (request.receivedAt > now) throw invalidField('receivedAt', 'receivedAt: must not be in the future');
      if (request.receivedAt < last) throw invalidField('receivedAt', 'receivedAt: must not be before the answer it asks to review');
    }
    if (action === 'requestReview' || action === 'requestReReview') {
      const late = reviewRequestRefusal(this.facts, action === 'requestReview' ? 'review' : 'reReview', request.receivedAt ?? now, this.input.rules, this.calendar);
      if (late) throw notAllowed(late);
    }
  }

  /**
   * The 复查 opinion is the next level up's from the handling unit (信访工作条例 第三十五条), the 复核 the next level
   * up's from the unit that gave the 复查 (第三十六条): never the unit itself, nor anyone beside or below it.
   */
  private validateAnsweringUnit(action: 'answerReview' | 'answerReReview', request: ReviewRequest): void {
    const { answeringUnit, caseUnit } = request;
    if (!answeringUnit || !caseUnit) throw forbidden(`${STEP_NAMES[action]} must name the unit that gives it`);
    const previous = action === 'answerReReview' && this.reviewUnit ? this.reviewUnit : caseUnit;
    if (!oversees(answeringUnit, previous, previous)) {
      const why = action === 'answerReReview' && this.reviewUnit ? 'which gave the 复查 (信访工作条例 第三十六条)' : 'which handles the case (信访工作条例 第三十五条)';
      const who = `${answeringUnit.name} (${answeringUnit.id})`;
      throw forbidden(`${STEP_NAMES[action]} of case ${this.input.caseId} belongs to a level above ${previous.name} (${previous.id}), ${why}; ${who} is not above it`);
    }
  }

  /** Records the step's fact: its time is now, or for a review request when it was received. */
  step(action: StageAction, request: ReviewRequest, now: number): void {
    this.validateStep(action, request, now);
    const { fact } = STAGE_ACTIONS[action];
    this.facts = { ...this.facts, [fact]: request.receivedAt ?? now };
    if (action === 'answerReview' && request.answeringUnit) this.reviewUnit = { ...request.answeringUnit };
    const answered = action === 'answerReview' || action === 'answerReReview' ? request.answeringUnit?.id : undefined;
    this.record(action, request, now, answered);
  }

  validateExtension(request: ExtendRequest, now: number): void {
    const refusal = extensionRefusal(this.facts, this.input.rules, request, now, this.calendar);
    if (refusal) throw refusal.field ? invalidField(refusal.field, refusal.message) : notAllowed(refusal.message);
  }

  /** 延期: moves the reply deadline once, by at most the rules' days. */
  extend(request: ExtendRequest, now: number): void {
    this.validateExtension(request, now);
    this.facts = { ...this.facts, extension: { days: request.days, reason: request.reason.trim(), at: now } };
    this.record('extend', { by: request.by, note: request.reason.trim() }, now);
  }

  validateClose(request: ActionRequest): void {
    if (!CLOSABLE_STAGES.includes(this.stage)) {
      const allowed = CLOSABLE_STAGES.map((s) => STAGE_NAMES[s]).join(', ');
      throw notAllowed(`case ${this.input.caseId} is ${STAGE_NAMES[this.stage]}; it can be closed only when ${allowed}`);
    }
    if (this.stage === 'registered' && !request.note?.trim()) {
      throw invalidField('note', 'note: closing a case without accepting it (不予受理) needs the reason told to the petitioner');
    }
  }

  close(request: ActionRequest, now: number): void {
    this.validateClose(request);
    this.facts = { ...this.facts, closedAt: now };
    this.record('close', request, now);
  }

  private record(action: ActionRecord['action'], request: ActionRequest, now: number, unitId?: string): void {
    this.log.push({ at: now, action, by: request.by, ...(request.note ? { note: request.note } : {}), ...(unitId ? { unitId } : {}) });
    this.changed();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Screenings (再排查)

  /** Returns false when the campaign's screening is already open: a repeated signal changes nothing. */
  openScreening(request: OpenScreeningRequest): boolean {
    if (this.screenings.has(request.campaignId)) return false;
    this.screenings.set(request.campaignId, { ...request, status: 'pending', late: false });
    this.changed();
    return true;
  }

  validateScreening(request: RecordScreeningRequest): void {
    const screening = this.screenings.get(request.campaignId);
    if (!screening) {
      throw notFound(`case ${this.input.caseId} has no screening in campaign ${request.campaignId}`);
    }
    for (const check of SCREENING_CHECKS) {
      const value = request.checks?.[check];
      if (value !== 'pass' && value !== 'fail') throw invalidField(`checks.${check}`, `checks.${check}: must be pass or fail`);
    }
    if (screening.checks && !sameChecks(screening.checks, request.checks)) {
      throw notAllowed(`case ${this.input.caseId} was already screened in ${request.campaignId} with other results; a screening is recorded once`);
    }
  }

  /** Returns false for a repeat of the recorded result. */
  recordScreening(request: RecordScreeningRequest, now: number): boolean {
    this.validateScreening(request);
    const screening = this.screenings.get(request.campaignId) as Screening;
    if (screening.checks) return false;
    screening.checks = { ...request.checks };
    screening.status = failedChecks(request.checks).length ? 'failed' : 'passed';
    screening.screenedAt = now;
    screening.late = now > screening.dueAt;
    if (request.note !== undefined) screening.note = request.note;
    this.changed();
    return true;
  }

  /** The case's screening in a campaign as it stands, as the read model keeps it (with the case's id). */
  screeningOf(campaignId: string): (Screening & { caseId: string }) | undefined {
    const screening = this.screenings.get(campaignId);
    return screening && { ...screening, caseId: this.input.caseId };
  }

  /** A failed screening whose follow-up task has not been started yet. */
  followUpDue(campaignId: string): Screening | undefined {
    const screening = this.screenings.get(campaignId);
    return screening?.status === 'failed' && !screening.followUp ? screening : undefined;
  }

  setFollowUp(campaignId: string, followUp: { assignmentId: string; taskId: string }): void {
    const screening = this.screenings.get(campaignId);
    if (!screening || screening.followUp) return;
    screening.followUp = followUp;
    this.changed();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Alarms

  private alarms(): Alarm[] {
    const alarms: Alarm[] = [];
    const clock = activeClock(this.clocks());
    const { reminderLeadDays, escalationAfterDays } = this.input.rules;
    if (clock) {
      const subject = clock.kind;
      const key = (kind: string) => `${subject}-${kind}@${clock.dueAt}`;
      if (clock.status === 'open') {
        // A reminder whose moment passed before the clock (or its new deadline) was set is not sent late.
        const since = Math.max(clock.startAt, this.input.createdAt, subject === 'reply' ? (this.facts.extension?.at ?? 0) : 0);
        const remindAt = clock.dueAt - reminderLeadDays * DAY_MS;
        if (reminderLeadDays > 0 && remindAt > since) alarms.push({ key: key('reminder'), at: remindAt, kind: 'reminder', subject, dueAt: clock.dueAt });
        alarms.push({ key: key('overdue'), at: clock.dueAt, kind: 'overdue', subject, dueAt: clock.dueAt });
      }
      const escalateAt = clock.dueAt + escalationAfterDays * DAY_MS;
      alarms.push({ key: key('escalation'), at: escalateAt, kind: 'escalation', subject, dueAt: clock.dueAt });
    }
    for (const s of this.screenings.values()) {
      if (s.status !== 'pending') continue;
      const subject = `screening:${s.campaignId}`;
      alarms.push({ key: `screening-${s.campaignId}-overdue`, at: s.dueAt, kind: 'overdue', subject, dueAt: s.dueAt });
    }
    return alarms.filter((a) => !this.fired.has(a.key));
  }

  /** The next moment an alarm is due, if any. */
  nextAlarmAt(): number | undefined {
    const times = this.alarms().map((a) => a.at);
    return times.length ? Math.min(...times) : undefined;
  }

  /**
   * Fires every alarm due by `now`: a deadline marks its clock or screening overdue. When several of one subject
   * are due at once (a case imported long past its deadline), the reminder is dropped (its deadline is gone) but the
   * overdue notice is told as for a case that turns overdue while running: the parent's supervisor hears of every
   * overdue clock, and the leader of an escalation besides.
   */
  fireDue(now: number): Notice[] {
    const due = this.alarms().filter((a) => a.at <= now);
    for (const alarm of due) {
      this.fired.add(alarm.key);
      if (alarm.kind === 'overdue') this.markOverdue(alarm.subject, now);
    }
    const passed = new Set(due.filter((a) => a.kind !== 'reminder').map((a) => a.subject));
    const told = due.filter((a) => a.kind !== 'reminder' || !passed.has(a.subject)).sort((a, b) => a.at - b.at);
    return told.map((alarm) => {
      const screening = alarm.subject.startsWith('screening:');
      return {
        key: alarm.key,
        kind: alarm.kind,
        directiveId: screening ? RESCREENING_DIRECTIVE_ID : PETITION_DIRECTIVE_ID,
        dueAt: alarm.dueAt,
        reason: screening ? `再排查 ${alarm.subject.slice('screening:'.length)}` : CLOCK_NAMES[alarm.subject as ClockKind],
      };
    });
  }

  private markOverdue(subject: string, now: number): void {
    if (subject.startsWith('screening:')) {
      const screening = this.screenings.get(subject.slice('screening:'.length));
      if (screening?.status !== 'pending') return;
      screening.status = 'overdue';
      screening.overdueAt = now;
    } else {
      this.overdueAt = { ...this.overdueAt, [subject]: now };
    }
    this.changed();
  }

  // -------------------------------------------------------------------------------------------------------------

  /**
   * A change's audit entry shows the case without its petitioner (caseAuditView), or the one screening a screening
   * change is confined to.
   */
  override auditState(campaignId?: string): unknown {
    return campaignId === undefined ? caseAuditView(this.snapshot()) : this.screeningOf(campaignId);
  }

  carry(): PetitionCaseCarry {
    return {
      facts: this.facts,
      overdueAt: this.overdueAt,
      fired: [...this.fired],
      screenings: [...this.screenings.values()],
      log: this.log,
      ...(this.reviewUnit ? { reviewUnit: this.reviewUnit } : {}),
      version: this.version,
    };
  }

  snapshot(): PetitionCaseSnapshot {
    const { caseId, unitId, summary, petitioner, contact, rules, createdAt } = this.input;
    const clocks = this.clocks();
    const active = activeClock(clocks);
    return {
      caseId,
      unitId,
      summary,
      petitioner,
      ...(contact !== undefined ? { contact } : {}),
      stage: this.stage,
      facts: { ...this.facts },
      rules,
      clocks,
      ...(active ? { activeClock: active.kind } : {}),
      overdue: active?.status === 'overdue',
      screenings: [...this.screenings.values()].map((s) => ({ ...s })),
      log: this.log.map((entry) => ({ ...entry })),
      createdAt,
      version: this.version,
    };
  }
}
