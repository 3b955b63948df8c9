import { addDays, calendarDay, daysBetween, type CalendarDay } from '../calendar-day';
import type { Cadence, DirectiveKind, Provenance } from '../catalog/types';
import type { DeadlineRule } from '../deadline';
import { festivalDate, findFestival } from '../festivals';
import { ORG_LEVELS, type OrgLevel } from '../org';
import { NUMBER, numberValue } from './numerals';

/**
 * The words by which a speech turns from describing into directing (督办 cues), and what each says about the
 * directive: when it is due, how often it comes back, who must do it. General phrases of Chinese official
 * speeches only — nothing here is keyed to a particular speech.
 */

/** 要 as "must", not inside 重要, 主要, 需要, 只要, 要求, 要素, 要点 … */
const YAO = '(?<![重主需必纲摘首紧显概只纪提政扼简想])要(?![求素点害领闻件么是员紧])';

/** Words of frequency and promptness that direct only in a sentence that is not describing how things are. */
const WEAK_CUE = /定期|(?<!不)经常(?!性)|常态化|及时/;
const DESCRIBING = /(?<![一二三四五六七八九十])是(?!否)|现象|存在|没有|还不/;

/** A sentence that says how things are (就业是民生之本) and directs nothing. */
export function describesOnly(text: string): boolean {
  return !directiveCue(text) && DESCRIBING.test(text);
}

/** Cues that make a passage a directive, strongest first: the first found is the draft's `cue`. */
const DIRECTIVE_CUES: readonly RegExp[] = [
  new RegExp(`${NUMBER}月底前|${NUMBER}月${NUMBER}日(?:之)?前|年底前|年底之前|年末前|年内|限期|${NUMBER}个?工作日内|${NUMBER}(?:日|天)内|${NUMBER}个?小时内`),
  /每周|每星期|每月|每个月|按月|每季度|每个季度|按季度|每半年|每年|每年度|一年一次/,
  /(?:春节|元旦|八一|建军节|中秋|国庆|清明|端午|重阳|烈士纪念日)(?:节)?(?:之)?前/,
  /务必|必须|一律|全覆盖|确保|决不能|严禁|不得|严防|坚决|至少|不少于|不低于/,
  new RegExp(YAO),
  /请(?=各)|应当|切实/,
  WEAK_CUE,
];

export interface FoundCue {
  text: string;
  index: number;
}

/** The cue that makes `text` a directive (the strongest, then the earliest), or undefined. */
export function directiveCue(text: string): FoundCue | undefined {
  for (const pattern of DIRECTIVE_CUES) {
    const match = pattern.exec(text);
    if (!match) continue;
    if (pattern === WEAK_CUE && DESCRIBING.test(text.replace(/^[一二三四五六七八九十]+是[^。]*。/, ''))) return undefined;
    return { text: match[0], index: match.index };
  }
  return undefined;
}

/** Every directive cue in `text`, in text order (for showing why a passage was taken). */
export function allCues(text: string): string[] {
  const found: FoundCue[] = [];
  for (const pattern of DIRECTIVE_CUES) {
    const global = new RegExp(pattern.source, 'g');
    for (const match of text.matchAll(global)) found.push({ text: match[0], index: match.index });
  }
  return [...new Map(found.sort((a, b) => a.index - b.index).map((c) => [c.text, c.text])).values()];
}

/** Where the directing starts: the first modal or time cue (the subject of the directive stands before it). */
export function firstCueIndex(text: string): number {
  let first = -1;
  for (const pattern of DIRECTIVE_CUES) {
    const match = pattern.exec(text);
    if (match && (first < 0 || match.index < first)) first = match.index;
  }
  return first;
}

export interface DeadlineProposal {
  rule: DeadlineRule;
  provenance: Provenance;
  note?: string;
  /** A date the speech names (X月底前, X月X日前, 春节前), in the year of `today` or the next when it has passed. */
  dueDate?: CalendarDay;
}

export interface CadenceProposal {
  rule: Cadence;
  provenance: Provenance;
  note?: string;
  dueAtPeriodEnd?: boolean;
}

const FESTIVAL_WORDS = '春节|元旦|八一|建军节|中秋|国庆|清明|端午|重阳|烈士纪念日';

/** The next occurrence of month/day on or after `today`. */
function nextDate(today: CalendarDay, month: number, day: number): CalendarDay {
  const year = Number(today.slice(0, 4));
  const candidate = calendarDay(year, month, day);
  return candidate >= today ? candidate : calendarDay(year + 1, month, day);
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A date named by the speech as a rule counted from `today`: the assignment may still carry the date itself (dueAt). */
function byDate(today: CalendarDay, date: CalendarDay, phrase: string): DeadlineProposal {
  return {
    // At least a day: a date the speech names for its own day is due at that day's end.
    rule: { type: 'withinDays', days: Math.max(1, daysBetween(today, date)) },
    provenance: 'text',
    note: `讲话原文「${phrase}」：${date}`,
    dueDate: date,
  };
}

/** The deadline the text states, or undefined when it states none. `today` anchors dates named without a year. */
export function statedDeadline(text: string, today: CalendarDay): DeadlineProposal | undefined {
  let m = new RegExp(`(${NUMBER})月(${NUMBER})日(?:之)?前`).exec(text);
  if (m) {
    const month = numberValue(m[1] as string);
    const day = numberValue(m[2] as string);
    if (month && day && month <= 12 && day <= 31) return byDate(today, nextDate(today, month, Math.min(day, 31)), m[0]);
  }
  m = new RegExp(`(${NUMBER})月底(?:之)?前`).exec(text);
  if (m) {
    const month = numberValue(m[1] as string);
    if (month && month <= 12) {
      const year = Number(today.slice(0, 4));
      const thisYear = calendarDay(year, month, lastDayOfMonth(year, month));
      const date = thisYear >= today ? thisYear : calendarDay(year + 1, month, lastDayOfMonth(year + 1, month));
      return byDate(today, date, m[0]);
    }
  }
  m = /年底前|年底之前|年末前|年内|今年底/.exec(text);
  if (m) return { rule: { type: 'endOfYear' }, provenance: 'text', note: `讲话原文「${m[0]}」` };
  m = /季度末|季末|本季度内/.exec(text);
  if (m) return { rule: { type: 'endOfQuarter' }, provenance: 'text', note: `讲话原文「${m[0]}」` };
  m = /(?<!\d|[一二三四五六七八九十])月底前|本月底|本月内|当月/.exec(text);
  if (m) return { rule: { type: 'endOfMonth' }, provenance: 'text', note: `讲话原文「${m[0]}」` };
  m = new RegExp(`(${NUMBER})个?工作日内`).exec(text);
  if (m && numberValue(m[1] as string)) {
    return { rule: { type: 'withinWorkingDays', days: numberValue(m[1] as string) as number }, provenance: 'text', note: `讲话原文「${m[0]}」` };
  }
  m = new RegExp(`(${NUMBER})(?:日|天)内`).exec(text);
  if (m && numberValue(m[1] as string)) {
    return { rule: { type: 'withinDays', days: numberValue(m[1] as string) as number }, provenance: 'text', note: `讲话原文「${m[0]}」` };
  }
  m = new RegExp(`(${NUMBER})个?小时内`).exec(text);
  if (m && numberValue(m[1] as string)) {
    return { rule: { type: 'withinHours', hours: numberValue(m[1] as string) as number }, provenance: 'text', note: `讲话原文「${m[0]}」` };
  }
  // 「春节前完成」 once, not each year (that is a holiday cadence, see statedCadence): due the festival's eve.
  m = new RegExp(`(${FESTIVAL_WORDS})(?:节)?(?:之)?前`).exec(text);
  if (m && !isRecurringHoliday(text)) {
    const festival = findFestival(m[1] as string);
    if (festival) {
      const year = Number(today.slice(0, 4));
      let eve = addDays(festivalDate(year, festival.name), -1);
      if (eve < today) eve = addDays(festivalDate(year + 1, festival.name), -1);
      return byDate(today, eve, m[0]);
    }
  }
  if (/限期/.test(text)) return { rule: { type: 'withinDays', days: 30 }, provenance: 'proposed', note: '「限期」未说明期限，建议30日内' };
  return undefined;
}

/** 「每逢春节」「每年八一前」「重大节日」: visits and greetings that come back with the festival. */
function isRecurringHoliday(text: string): boolean {
  return new RegExp(`每逢|每年(?:的)?(?:${FESTIVAL_WORDS})|(?:重大|重要|传统)节日|节假日|走访慰问|慰问`).test(text);
}

/** The festivals named in `text`, by the catalog's names. */
function festivalsNamed(text: string): string[] {
  const names = [...text.matchAll(new RegExp(FESTIVAL_WORDS, 'g'))].map((m) => findFestival(m[0])?.name).filter((n): n is string => !!n);
  return [...new Set(names)];
}

/** [proposed] The seasons of 走访慰问 when a speech says only 「重大节日」 (domain/recurrence.ts's holiday windows). */
const USUAL_HOLIDAYS = ['元旦', '春节', '八一', '中秋', '国庆'];
const SENSITIVE_PERIOD_NAMES = ['两会', '元旦', '春节', '国庆'];

/** How often the directive comes back, as the text says it or as a vague word (定期, 经常) suggests. */
export function statedCadence(text: string): CadenceProposal | undefined {
  const said = (every: 'week' | 'month' | 'quarter' | 'year', phrase: string): CadenceProposal => ({
    rule: { every },
    provenance: 'text',
    note: `讲话原文「${phrase}」`,
  });
  let m = /每周|每星期/.exec(text);
  if (m) return said('week', m[0]);
  m = /每月|每个月|按月/.exec(text);
  if (m) return said('month', m[0]);
  m = /每季度|每个季度|按季度|每季/.exec(text);
  if (m) return said('quarter', m[0]);
  m = /每半年/.exec(text);
  if (m) return { rule: { every: 'quarter' }, provenance: 'proposed', note: '「每半年」：没有半年周期，建议每季度' };
  m = /敏感时段|敏感期|敏感节点|两会(?=期间|前后|之前|稳控|维稳)/.exec(text);
  if (m) {
    const named = SENSITIVE_PERIOD_NAMES.filter((name) => text.includes(name));
    return {
      rule: { every: 'sensitive-period', periods: named.length ? named : SENSITIVE_PERIOD_NAMES },
      provenance: named.length ? 'text' : 'proposed',
      note: `讲话原文「${m[0]}」`,
    };
  }
  if (isRecurringHoliday(text)) {
    const named = festivalsNamed(text);
    if (named.length || /节日|节假日|慰问/.test(text)) {
      return {
        rule: { every: 'holiday', holidays: named.length ? named : USUAL_HOLIDAYS },
        provenance: named.length ? 'text' : 'proposed',
        note: named.length ? `讲话原文：${named.join('、')}` : '「重大节日」未列明，建议元旦、春节、八一、中秋、国庆',
        dueAtPeriodEnd: true,
      };
    }
  }
  m = /每年度|每年|一年一次|年度/.exec(text);
  if (m && !/年度目标|全年/.test(m[0])) return said('year', m[0]);
  m = /定期|经常性|经常|常态化|长效/.exec(text);
  if (m) return { rule: { every: 'quarter' }, provenance: 'proposed', note: `「${m[0]}」未说明频次，建议每季度` };
  return undefined;
}

/** Words that name a level of the org tree, most specific last (village words are tried before town words). */
const LEVEL_WORDS: ReadonlyArray<[OrgLevel, RegExp]> = [
  ['village', /村（社区）|村\(社区\)|村社区|村居|社区|各村|本村|驻村|村级|村委会|村(?=[要必务应])|^村/g],
  ['town', /乡镇|街道办|街道|各镇|镇街|乡级|镇级|(?<![县市城])镇(?=[和、要必务应])/g],
  ['county', /县区|县市区|区县|各县|县级|各区|(?<![我本全])县(?=[要必务应])/g],
  ['city', /市级|全市|市直|各市|(?<![我本])市(?=[要必务应])/g],
];

function levelMentions(text: string): Array<{ level: OrgLevel; index: number }> {
  return LEVEL_WORDS.flatMap(([level, pattern]) => [...text.matchAll(pattern)].map((m) => ({ level, index: m.index })));
}

/** Whether the speech is a county's (全县, 我县) or a city's: its directives then go to the level below. */
export function speechLevel(text: string): OrgLevel {
  const county = (text.match(/全县|我县|县委|县政府|本县/g) ?? []).length;
  const city = (text.match(/全市|我市|市委|市政府|本市/g) ?? []).length;
  return county > city ? 'county' : 'city';
}

/** The level below `level` (a directive from a city speech goes to the counties). */
export function levelBelow(level: OrgLevel): OrgLevel {
  return ORG_LEVELS[Math.min(ORG_LEVELS.indexOf(level) + 1, ORG_LEVELS.length - 1)] as OrgLevel;
}

/** Where the subject of the cue's clause may start: its clause, or the clause before when that is a bare subject. */
function subjectFrom(text: string, cue: number): number {
  const breaks = [...text.slice(0, cue).matchAll(/[，,；;。：:]/g)].map((m) => m.index);
  const clauseStart = breaks.length ? (breaks[breaks.length - 1] as number) + 1 : 0;
  const before = breaks.length >= 2 ? (breaks[breaks.length - 2] as number) + 1 : 0;
  const previous = text.slice(before, clauseStart - 1);
  return breaks.length && previous.length <= 20 && !directiveCue(previous) ? before : clauseStart;
}

/**
 * Who must do it: the level named as the subject of the first cue (in its clause before it, or in a bare subject
 * clause just before: 「乡镇、街道专职人员，每月要…」), else `fallback` (the level below the speaker's). `levels` is
 * every level the passage names, and the target.
 */
export function targetLevelOf(text: string, fallback: OrgLevel): { targetLevel: OrgLevel; levels: OrgLevel[] } {
  const mentions = levelMentions(text);
  const cue = firstCueIndex(text);
  const subject = mentions.filter((m) => cue >= 0 && m.index < cue && m.index >= subjectFrom(text, cue)).sort((a, b) => b.index - a.index)[0];
  const targetLevel = subject?.level ?? fallback;
  const named = new Set<OrgLevel>([...mentions.map((m) => m.level), targetLevel]);
  return { targetLevel, levels: ORG_LEVELS.filter((l) => named.has(l)) };
}

/** Standing standards: staffing, minimums, prohibitions, full coverage. */
const STANDING = /配齐|至少|不少于|不低于|不超过|全覆盖|一律|不得|严禁|禁止|决不能|不能|严防|确保不发生|不发生|始终|坚守/;
/** Work started by something happening: a case found, a person verified, an incident. */
const EVENT = /及时|一旦|凡是|每当|随时|第一时间|对(?:于)?[^，。；]{2,20}的(?:，|要|必须|予以|给予)/;
/** Something set up or done once. */
const ONE_OFF = /成立|建立|组建|制定|出台|挂牌|召开|完成|开展一次|进行一次|排查|建成/;

/** The kinds, primary first: a stated deadline makes it one-off, a cadence recurring, then events and standards. */
export function kindsOf(text: string, deadline: DeadlineProposal | undefined, cadence: CadenceProposal | undefined): DirectiveKind[] {
  const kinds: DirectiveKind[] = [];
  if (deadline?.provenance === 'text') kinds.push('one-off');
  if (cadence) kinds.push('recurring');
  if (EVENT.test(text)) kinds.push('event');
  if (STANDING.test(text)) kinds.push('standing');
  if (ONE_OFF.test(text) && !kinds.includes('one-off')) kinds.push('one-off');
  if (!kinds.length) kinds.push('one-off');
  return [...new Set(kinds)];
}

/** [proposed] A default deadline where the text states none: counted from the assignment, or from the period's opening. */
export function proposedDeadline(kinds: readonly DirectiveKind[], cadence: CadenceProposal | undefined): DeadlineProposal {
  if (kinds[0] === 'recurring' && cadence) {
    const rule = cadence.rule;
    switch (rule.every) {
      case 'week':
        return { rule: { type: 'withinDays', days: 6 }, provenance: 'proposed', note: '每周：本周内完成' };
      case 'month':
        return { rule: { type: 'endOfMonth' }, provenance: 'proposed', note: '每月：当月底前完成' };
      case 'quarter':
        return { rule: { type: 'endOfQuarter' }, provenance: 'proposed', note: '每季度：季末前完成' };
      case 'year':
        return { rule: { type: 'endOfYear' }, provenance: 'proposed', note: '每年：年底前完成' };
      case 'holiday':
        return { rule: { type: 'withinDays', days: 14 }, provenance: 'proposed', note: '节前14日内完成' };
      case 'sensitive-period':
        return { rule: { type: 'withinDays', days: 7 }, provenance: 'proposed', note: '敏感时段前7日内完成' };
    }
  }
  if (kinds[0] === 'standing') return { rule: { type: 'withinDays', days: 60 }, provenance: 'proposed', note: '长期标准：建议60日内达标' };
  return { rule: { type: 'withinDays', days: 30 }, provenance: 'proposed', note: '讲话未说明期限，建议30日内' };
}
