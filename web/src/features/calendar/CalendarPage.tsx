import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Col, Collapse, Empty, Flex, Grid, List, Row, Select, Space, Tabs, Tag, Typography, theme } from 'antd';
import { useMemo, useState, type CSSProperties } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';
import { usePerson } from '../session/session';
import { ACTIONS } from '../../../../domain/access';
import { calendarApi, dayOf, daysOf, type DayInfo, type Duty, type Provenance, type YearCalendar } from './api';
import { ArrangementForm } from './ArrangementForm';
import { ArrangementSource } from './ArrangementSource';

const t = zh.calendar;
const FIRST_YEAR = 1901;
const LAST_YEAR = 2099;

/** Today in Shanghai, YYYY-MM-DD. */
function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

const pad = (n: number) => String(n).padStart(2, '0');
const short = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
/** "季末前 (the last instant of the quarter…)" → "季末前": the Chinese part of the API's rule description. */
const ruleText = (description?: string) => description?.split(' (')[0];

/** Days off and weekends in red text, dark enough to read on white and on the day-off tint (WCAG AA). */
const RED = '#cf1322';

const PROVENANCE_COLOR: Record<Provenance, string> = { text: 'green', proposed: 'gold', external: 'purple' };

export function ProvenanceTag({ provenance }: { provenance?: Provenance }) {
  if (!provenance) return null;
  return <Badge color={PROVENANCE_COLOR[provenance]} text={t.provenance[provenance]} />;
}

function dayTitle(day: string, info: DayInfo | undefined): string {
  if (!info) return short(day);
  const parts = [short(day)];
  if (info.holiday) parts.push(`${info.holiday}${info.statute ? t.statute : t.holiday}`);
  if (info.makeUpFor) parts.push(t.makeUpFor(info.makeUpFor));
  if (info.festivals.length) parts.push(info.festivals.join('、'));
  if (info.sensitive.length) parts.push(`${t.sensitive}：${info.sensitive.join('、')}`);
  if (info.deadlines.length) parts.push(`${t.deadline}：${info.deadlines.map((d) => d.duty.code).join('、')}`);
  return parts.join('；');
}

/** One month as a week grid (Monday first): days off red, 调休 workdays orange, sensitive periods outlined, deadlines dotted. */
function MonthGrid({ year, month, days, today }: { year: number; month: number; days: Map<string, DayInfo>; today: string }) {
  const { token } = theme.useToken();
  const first = new Date(Date.UTC(year, month - 1, 1));
  const lead = (first.getUTCDay() + 6) % 7;
  const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: Array<number | null> = [...Array<null>(lead).fill(null), ...Array.from({ length: count }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  return (
    <table style={{ width: '100%', borderCollapse: 'separate', borderSpacing: 2, tableLayout: 'fixed' }}>
      <caption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{t.monthTable(year, month)}</caption>
      <thead>
        <tr>
          {t.weekdays.map((w) => (
            <th key={w} scope="col" style={{ fontWeight: 'normal', color: token.colorTextSecondary, fontSize: 12 }}>
              {w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, i) => (
          <tr key={i}>
            {week.map((d, j) => {
              if (d === null) return <td key={j} />;
              const day = `${year}-${pad(month)}-${pad(d)}`;
              const info = days.get(day);
              const weekend = j >= 5;
              const off = info?.holiday !== undefined;
              const background = off ? token.colorErrorBg : info?.makeUpFor ? token.colorWarningBg : undefined;
              return (
                <td
                  key={j}
                  title={dayTitle(day, info)}
                  style={{
                    textAlign: 'center',
                    fontSize: 12,
                    lineHeight: '22px',
                    borderRadius: 4,
                    background,
                    color: off || (weekend && !info?.makeUpFor) ? RED : token.colorText,
                    outline: info?.sensitive.length ? `1px dashed ${token.colorWarningBorderHover}` : undefined,
                    fontWeight: day === today ? 'bold' : undefined,
                    textDecoration: day === today ? 'underline' : undefined,
                    position: 'relative',
                  }}
                >
                  {d}
                  {info?.makeUpFor && <span style={{ fontSize: 10 }}>班</span>}
                  {info?.deadlines.length ? (
                    <span aria-hidden style={{ position: 'absolute', right: 2, top: 2, width: 5, height: 5, borderRadius: 3, background: token.colorPrimary }} />
                  ) : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface MonthEvent {
  key: string;
  date: string;
  text: string;
  tag: { color: string; label: string };
}

/** A month's key dates in order: holidays, 调休, festivals, sensitive periods starting or running in it. */
function monthEvents(cal: YearCalendar, month: number, withDeadlines: boolean): MonthEvent[] {
  const prefix = `${cal.year}-${pad(month)}`;
  const inMonth = (start: string, end: string) => start.slice(0, 7) <= prefix && end.slice(0, 7) >= prefix;
  const events: MonthEvent[] = [];
  for (const h of cal.holidays)
    if (inMonth(h.start, h.end))
      events.push({
        key: `h${h.start}`,
        date: h.start,
        text: `${h.name} ${short(h.start)}${h.end !== h.start ? `–${short(h.end)}` : ''}（${h.days.length}天）`,
        tag: { color: 'red', label: h.basis === 'statute' ? t.statute : t.holiday },
      });
  for (const m of cal.makeUpWorkdays ?? [])
    if (m.date.startsWith(prefix)) events.push({ key: `m${m.date}`, date: m.date, text: `${short(m.date)}（${m.for}）`, tag: { color: 'orange', label: t.makeUp } });
  for (const f of cal.festivals)
    if (f.date.startsWith(prefix)) events.push({ key: `f${f.name}${f.date}`, date: f.date, text: `${f.name} ${short(f.date)}`, tag: { color: 'blue', label: t.festival } });
  for (const p of cal.sensitivePeriods)
    if (inMonth(p.start, p.end))
      events.push({
        key: `s${p.key}`,
        date: p.start,
        text: `${p.name} ${short(p.start)}${p.end !== p.start ? `–${short(p.end)}` : ''}`,
        tag: { color: 'gold', label: t.sensitive },
      });
  if (withDeadlines)
    for (const duty of cal.duties)
      for (const o of duty.occurrences)
        if (o.dueAt.startsWith(prefix))
          events.push({
            key: `d${duty.directiveId}${o.periodKey}`,
            date: dayOf(o.dueAt),
            text: `${short(dayOf(o.dueAt))} ${duty.code} ${duty.title}（${o.label}）`,
            tag: { color: 'cyan', label: t.deadline },
          });
  return events.sort((a, b) => a.date.localeCompare(b.date));
}

function EventList({ events }: { events: MonthEvent[] }) {
  if (!events.length) return <Typography.Text type="secondary">{t.nothing}</Typography.Text>;
  return (
    <List
      size="small"
      split={false}
      dataSource={events}
      renderItem={(e) => (
        <List.Item key={e.key} style={{ paddingInline: 0 }}>
          <Space size={4} align="start">
            <Badge color={e.tag.color} text={e.tag.label} style={{ whiteSpace: 'nowrap' }} />
            <Typography.Text>{e.text}</Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

function Legend() {
  const { token } = theme.useToken();
  const swatch = (style: CSSProperties) => <span aria-hidden style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 3, verticalAlign: 'middle', marginRight: 4, ...style }} />;
  return (
    <Flex wrap gap="middle" aria-label={t.legend}>
      <span>{swatch({ background: token.colorErrorBg })}{t.holiday}</span>
      <span>{swatch({ background: token.colorWarningBg })}{t.makeUp}</span>
      <span>{swatch({ outline: `1px dashed ${token.colorWarningBorderHover}` })}{t.sensitive}</span>
      <span>{swatch({ width: 6, height: 6, background: token.colorPrimary })}{t.deadline}</span>
    </Flex>
  );
}

function YearGrid({ cal, phone }: { cal: YearCalendar; phone: boolean }) {
  const days = useMemo(() => daysOf(cal), [cal]);
  const today = todayInShanghai();
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  if (phone) {
    // A month list: each month's key dates and deadlines, this month open.
    const current = today.startsWith(`${cal.year}-`) ? Number(today.slice(5, 7)) : 1;
    return (
      <Collapse
        defaultActiveKey={[String(current)]}
        items={months.map((m) => {
          const events = monthEvents(cal, m, true);
          const deadlines = events.filter((e) => e.key.startsWith('d')).length;
          return {
            key: String(m),
            label: (
              <Flex justify="space-between" gap="small">
                <span>{t.month(m)}</span>
                {deadlines > 0 && <Typography.Text type="secondary">{t.deadlines(deadlines)}</Typography.Text>}
              </Flex>
            ),
            children: <EventList events={events} />,
          };
        })}
      />
    );
  }
  return (
    <Row gutter={[16, 16]}>
      {months.map((m) => {
        const deadlines = cal.duties.reduce((n, d) => n + d.occurrences.filter((o) => o.dueAt.startsWith(`${cal.year}-${pad(m)}`)).length, 0);
        return (
          <Col key={m} xs={24} sm={12} lg={8} xxl={6}>
            <Card
              size="small"
              title={t.month(m)}
              extra={deadlines > 0 && <Typography.Text type="secondary">{t.deadlines(deadlines)}</Typography.Text>}
              style={{ height: '100%' }}
            >
              <MonthGrid year={cal.year} month={m} days={days} today={today} />
              <div style={{ marginTop: 8 }}>
                <EventList events={monthEvents(cal, m, false)} />
              </div>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

function cadenceText(duty: Duty): string {
  const { rule } = duty.cadence;
  const every = t.cadenceOf[rule.every] ?? rule.every;
  const named = rule.holidays ?? rule.periods;
  return named ? `${every}（${named.join('、')}）` : every;
}

/** Show this many periods of a duty at first: the next ones from today (a monthly duty has twelve). */
const FIRST_PERIODS = 3;

function DutyCard({ duty, today }: { duty: Duty; today: string }) {
  const [all, setAll] = useState(false);
  const first = duty.occurrences[0];
  const next = Math.max(0, duty.occurrences.findIndex((o) => dayOf(o.dueAt) >= today));
  const start = duty.occurrences.length - next < FIRST_PERIODS ? Math.max(0, duty.occurrences.length - FIRST_PERIODS) : next;
  const shown = all ? duty.occurrences : duty.occurrences.slice(start, start + FIRST_PERIODS);
  return (
    <Card
      size="small"
      title={
        <Space wrap size={4}>
          <Tag>{duty.code}</Tag>
          <span style={{ whiteSpace: 'normal' }}>{duty.title}</span>
        </Space>
      }
    >
      <Flex wrap gap="small" style={{ marginBottom: 8 }}>
        <Typography.Text>
          {t.cadence}：{cadenceText(duty)}
        </Typography.Text>
        <ProvenanceTag provenance={duty.cadence.provenance} />
        {first?.deadline.description && (
          <>
            <Typography.Text>
              {t.basis}：{ruleText(first.deadline.description)}
            </Typography.Text>
            <ProvenanceTag provenance={first.deadline.provenance} />
          </>
        )}
        <Typography.Text type="secondary">{t.occurrences(duty.occurrences.length)}</Typography.Text>
      </Flex>
      <List
        size="small"
        dataSource={shown}
        renderItem={(o) => (
          <List.Item key={o.periodKey} style={{ paddingInline: 0 }}>
            <Flex wrap gap="small" style={{ width: '100%' }}>
              <Typography.Text strong style={{ minWidth: 120 }}>
                {o.label}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t.window} {dayOf(o.opensAt)} – {dayOf(o.endsAt)}
              </Typography.Text>
              <Typography.Text>
                {t.dueAt} {dayOf(o.dueAt)}（{o.deadline.basis === 'rule' ? t.basisRule : t.basisPeriodEnd}）
              </Typography.Text>
              {o.deadline.movedFrom && <Typography.Text>{t.movedFrom(o.deadline.movedFrom)}</Typography.Text>}
            </Flex>
          </List.Item>
        )}
      />
      {duty.occurrences.length > FIRST_PERIODS && (
        <Button type="link" style={{ minHeight: 44, paddingInline: 0 }} aria-expanded={all} onClick={() => setAll((v) => !v)}>
          {all ? t.fewerPeriods : t.allPeriods(duty.occurrences.length)}
        </Button>
      )}
    </Card>
  );
}

/** Each recurring duty of the unit: its cadence, deadline rule with provenance, and this year's periods. */
function DutyList({ cal }: { cal: YearCalendar }) {
  if (!cal.duties.length) return <Empty description={t.noDuties} />;
  const today = todayInShanghai();
  return (
    <Flex vertical gap={12}>
      {cal.duties.map((duty) => (
        <DutyCard key={duty.directiveId} duty={duty} today={today} />
      ))}
    </Flex>
  );
}

/**
 * 年度工作日历: the unit's year — days off and 调休, festivals, sensitive periods, each recurring duty's windows and
 * deadlines. A year whose holiday arrangement is not published says so: its days off are those fixed by law, its
 * 调休 unknown. A month list instead of the grid on phones.
 */
export function CalendarPage() {
  const person = usePerson();
  const params = useParams();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const parsed = Number(params.year);
  const year = Number.isInteger(parsed) && parsed >= FIRST_YEAR && parsed <= LAST_YEAR ? parsed : thisYear;
  const unitId = search.get('unitId') ?? person.unitId;
  const loaded = useApi((signal) => calendarApi.year(year, unitId, signal), [year, unitId]);
  const cal = loaded.data?.year === year ? loaded.data : undefined;

  const go = (y: number) => void navigate(`/calendar/${y}${search.get('unitId') ? `?unitId=${encodeURIComponent(unitId)}` : ''}`);
  const years = Array.from({ length: 7 }, (_, i) => thisYear - 3 + i);

  const switcher = (
    <Space.Compact>
      <Button icon={<LeftOutlined />} aria-label={t.prevYear} title={t.prevYear} disabled={year <= FIRST_YEAR} onClick={() => go(year - 1)} />
      <Select
        aria-label={t.yearSelect}
        value={year}
        style={{ width: 110 }}
        options={(years.includes(year) ? years : [...years, year].sort()).map((y) => ({ value: y, label: t.year(y) }))}
        onChange={(y: number) => go(y)}
      />
      <Button icon={<RightOutlined />} aria-label={t.nextYear} title={t.nextYear} disabled={year >= LAST_YEAR} onClick={() => go(year + 1)} />
    </Space.Compact>
  );

  const header = (
    <Flex justify="space-between" align="center" wrap gap="small">
      <div>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t.title}
        </Typography.Title>
        {cal?.unit && <Typography.Text type="secondary">{t.unitOf(cal.unit.name)}</Typography.Text>}
      </div>
      {switcher}
    </Flex>
  );

  if (loaded.error && !cal)
    return (
      <Flex vertical gap={16}>
        {header}
        <ApiErrorView error={loaded.error} onRetry={loaded.reload} />
      </Flex>
    );
  if (!cal)
    return (
      <Flex vertical gap={16}>
        {header}
        <PageLoading />
      </Flex>
    );

  // Periods of next year reached by this year's duties are proposed until next year's arrangement is published.
  const nextYearProposed = cal.warnings.some((w) => w.includes(`before ${year + 1} periods`));
  return (
    <Flex vertical gap={16}>
      {header}
      {!cal.arrangement.published && (
        <Alert type="warning" showIcon title={t.unpublishedTitle(year)} description={t.unpublished(year)} data-testid="arrangement-unpublished" />
      )}
      {nextYearProposed && <Alert type="info" showIcon title={t.nextYearProposed(year + 1)} />}
      <ArrangementSource cal={cal} />
      {person.role in ACTIONS.enterArrangement && <ArrangementForm key={`${year}-${cal.arrangement.notice?.version ?? 0}`} cal={cal} onSaved={loaded.reload} />}
      <Tabs
        items={[
          {
            key: 'calendar',
            label: t.tabCalendar,
            children: (
              <Flex vertical gap={12}>
                {!phone && <Legend />}
                <YearGrid cal={cal} phone={phone} />
              </Flex>
            ),
          },
          { key: 'duties', label: t.tabDuties, children: <DutyList cal={cal} /> },
        ]}
      />
    </Flex>
  );
}
