import { Alert, Breadcrumb, Card, Col, Empty, Flex, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { LightBadge } from '../../app/lights';
import { usePerson } from '../session/session';
import { zh } from '../../i18n/zh-CN';
import { dashboardApi, type Counts, type DirectiveSummary, type RankedUnit, type UnitSummary } from './api';
import { RankingChart } from './RankingChart';

const t = zh.dashboard;

const dashboardPath = (unitId: string, homeUnitId: string) => (unitId === homeUnitId ? '/dashboard' : `/dashboard/${encodeURIComponent(unitId)}`);

function Totals({ totals, acknowledgement }: { totals: Counts; acknowledgement?: UnitSummary['acknowledgement'] }) {
  const items: Array<[string, number | string]> = [
    [t.total, totals.total],
    [t.done, totals.done],
    [t.doneLate, totals.doneLate],
    [t.open, totals.open],
    [t.overdue, totals.overdue],
    [t.atRisk, totals.atRisk],
  ];
  return (
    <Card>
      <Row gutter={[16, 16]}>
        {items.map(([title, value]) => (
          <Col key={title} xs={8} sm={8} md={4}>
            <Statistic title={title} value={value} />
          </Col>
        ))}
        <Col xs={12} md={8}>
          <Statistic title={t.completionRate} value={t.percent(totals.completionRate)} />
        </Col>
        <Col xs={12} md={8}>
          <Statistic title={t.onTimeRate} value={t.percent(totals.onTimeRate)} />
        </Col>
        {acknowledgement && (
          <>
            <Col xs={12} md={8}>
              <Statistic title={zh.acknowledgement.rate} value={t.percent(acknowledgement.acknowledgementRate)} />
            </Col>
            <Col xs={12} md={8}>
              <Statistic title={zh.acknowledgement.averageHours} value={zh.acknowledgement.hours(acknowledgement.averageHoursToAcknowledge)} />
            </Col>
          </>
        )}
        <Col xs={24} md={8}>
          <Typography.Text type="secondary">{t.light}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <LightBadge light={totals.light} />
          </div>
        </Col>
      </Row>
    </Card>
  );
}

/** A directive's card; its title narrows the page to it (or back to all when it is the one shown). */
function DirectiveCard({ d, selected }: { d: DirectiveSummary; selected: boolean }) {
  return (
    <Card
      size="small"
      title={
        // A long title ends in an ellipsis (its whole text on hover) rather than running up to the light.
        <Flex gap={8} align="center" style={{ minWidth: 0 }}>
          {d.code && <Tag>{d.code}</Tag>}
          <Typography.Text ellipsis={{ tooltip: d.title ?? d.directiveId }} style={{ minWidth: 0 }}>
            <Link to={selected ? '?' : `?directiveId=${encodeURIComponent(d.directiveId)}`}>{d.title ?? d.directiveId}</Link>
          </Typography.Text>
        </Flex>
      }
      extra={<LightBadge light={d.light} />}
    >
      <Progress percent={d.completionRate ?? 0} size="small" status={d.light === 'red' ? 'exception' : 'normal'} aria-label={`${t.completionRate} ${t.percent(d.completionRate)}`} />
      <Flex wrap gap="small" style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">
          {t.done} {d.done}/{d.total}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t.onTimeRate} {t.percent(d.onTimeRate)}
        </Typography.Text>
        <Typography.Text type={d.overdue ? 'danger' : 'secondary'}>
          {t.overdue} {d.overdue}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

function RankingTable({ units, linkTo }: { units: RankedUnit[]; linkTo: (unitId: string) => string }) {
  return (
    <Table<RankedUnit>
      rowKey="unitId"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={units}
      columns={[
        { title: t.rank, dataIndex: 'rank', width: 64, render: (rank: number | null) => rank ?? t.unranked },
        { title: t.unit, dataIndex: 'name', render: (name: string, u) => <Link to={linkTo(u.unitId)}>{name}</Link> },
        { title: t.onTimeRate, dataIndex: 'onTimeRate', render: (v: number | null) => t.percent(v) },
        // A phone keeps what the ranking is by (按期率) and the light; the rest would scroll inside the card.
        { title: t.completionRate, dataIndex: 'completionRate', responsive: ['sm'], render: (v: number | null) => t.percent(v) },
        { title: t.progressRate, dataIndex: 'progressRate', responsive: ['sm'], render: (v: number | null) => t.percent(v) },
        { title: t.overdue, dataIndex: 'overdue', responsive: ['sm'] },
        { title: t.light, dataIndex: 'light', render: (_: unknown, u) => <LightBadge light={u.light} /> },
      ]}
    />
  );
}

/**
 * 驾驶舱: a unit's summary — totals, rates, a card per directive with its light — and its child units ranked; a
 * child unit (a bar, its name) drills down to its own dashboard, the breadcrumbs lead back up. `?directiveId=`
 * narrows everything to one directive (a card's click).
 */
export function DashboardPage() {
  const person = usePerson();
  const params = useParams();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const unitId = params.unitId ?? person.unitId;
  const directiveId = search.get('directiveId') ?? undefined;
  const summary = useApi((signal) => dashboardApi.summary(unitId, directiveId, signal), [unitId, directiveId]);
  const chain = useApi((signal) => dashboardApi.chain(unitId, person.unitId, signal), [unitId, person.unitId]);

  // Drilling down keeps the directive filter.
  const linkTo = (id: string) => `${dashboardPath(id, person.unitId)}${directiveId ? `?directiveId=${encodeURIComponent(directiveId)}` : ''}`;
  const data = summary.data?.unitId === unitId ? summary.data : undefined;

  if (summary.error && !data) return <ApiErrorView error={summary.error} onRetry={summary.reload} />;
  if (!data) return <PageLoading />;

  const filtered = directiveId ? data.directives.find((d) => d.directiveId === directiveId) : undefined;
  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={(chain.data ?? [{ id: unitId, name: data.name }]).map((u, i, all) => ({
          key: u.id,
          title: i === all.length - 1 ? u.name : <Link to={linkTo(u.id)}>{u.name}</Link>,
        }))}
      />
      <Flex justify="space-between" align="baseline" wrap gap="small">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
          {t.title} · {data.name}
        </Typography.Title>
        <Typography.Text type="secondary">{t.asOf(data.asOf.slice(0, 16).replace('T', ' '))}</Typography.Text>
      </Flex>
      {directiveId && (
        <Alert
          type="info"
          showIcon
          title={`${filtered?.code ?? ''} ${filtered?.title ?? directiveId}`}
          action={
            <Link to={dashboardPath(unitId, person.unitId)}>{t.showAll}</Link>
          }
        />
      )}
      <Totals totals={data.totals} acknowledgement={data.acknowledgement} />
      <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
        {t.directives}
      </Typography.Title>
      {data.directives.length === 0 ? (
        <Empty description={t.noDirectives} />
      ) : (
        <Row gutter={[16, 16]}>
          {data.directives.map((d) => (
            <Col key={d.directiveId} xs={24} md={12} xl={8}>
              <DirectiveCard d={d} selected={d.directiveId === directiveId} />
            </Col>
          ))}
        </Row>
      )}
      <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
        {t.ranking}
      </Typography.Title>
      {data.ranking.length === 0 ? (
        <Empty description={t.noRanking} />
      ) : (
        <Card>
          {data.ranking.some((u) => u.rank !== null) && <RankingChart parentName={data.name} units={data.ranking} onPick={(id) => void navigate(linkTo(id))} />}
          <RankingTable units={data.ranking} linkTo={linkTo} />
        </Card>
      )}
    </Flex>
  );
}
