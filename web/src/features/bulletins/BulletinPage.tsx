import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Grid, List, Row, Statistic, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { LightBadge } from '../../app/lights';
import { zh } from '../../i18n/zh-CN';
import { bulletinsApi, type Bulletin, type OverdueTask, type RankedUnit, type StandardFigure } from './api';
import { shortTime } from './BulletinsPage';

const t = zh.bulletins;
const rate = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);

function Overall({ b }: { b: Bulletin }) {
  const s = b.totals;
  const items: Array<[string, number | string]> = [
    [t.stats.total, s.total],
    [t.stats.done, s.done],
    [t.stats.doneLate, s.doneLate],
    [t.stats.open, s.open],
    [t.stats.overdue, s.overdue],
    [t.stats.completionRate, rate(s.completionRate)],
    [t.stats.onTimeRate, rate(s.onTimeRate)],
  ];
  return (
    <Row gutter={[16, 16]}>
      {items.map(([title, value]) => (
        <Col key={title} xs={12} sm={8} md={6} lg={3}>
          <Statistic title={title} value={value} />
        </Col>
      ))}
    </Row>
  );
}

function Ranking({ rows, phone }: { rows: RankedUnit[]; phone: boolean }) {
  return (
    <Table<RankedUnit>
      rowKey="unitId"
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t.columns.rank, dataIndex: 'rank', width: 64, render: (r: number | null) => r ?? '—' },
        { title: t.columns.unit, dataIndex: 'name' },
        { title: t.stats.onTimeRate, dataIndex: 'onTimeRate', width: 88, render: rate },
        ...(phone
          ? []
          : [
              { title: t.stats.total, dataIndex: 'total', width: 80 },
              { title: t.stats.done, dataIndex: 'done', width: 80 },
              { title: t.stats.doneLate, dataIndex: 'doneLate', width: 88 },
              { title: t.stats.overdue, dataIndex: 'overdue', width: 96 },
              { title: t.stats.completionRate, dataIndex: 'completionRate', width: 88, render: rate },
            ]),
        { title: '', dataIndex: 'light', width: phone ? 40 : 96, render: (_: unknown, u) => <LightBadge light={u.light} text={phone ? '' : undefined} /> },
      ]}
    />
  );
}

function Overdue({ b, phone }: { b: Bulletin; phone: boolean }) {
  if (b.overdue.total === 0) return <Empty description={t.noOverdue} />;
  return (
    <Flex vertical gap={8}>
      <Typography.Text>{t.overdueTotal(b.overdue.total, b.overdue.tasks.length)}</Typography.Text>
      {phone ? (
        <List
          dataSource={b.overdue.tasks}
          renderItem={(task) => (
            <List.Item key={task.id} style={{ display: 'block' }}>
              <Flex justify="space-between" gap="small">
                <Typography.Text strong>{b.overdue.places[task.unitId] ?? task.unitName ?? task.unitId}</Typography.Text>
                <Tag color="red" style={{ marginInlineEnd: 0, whiteSpace: 'nowrap' }}>
                  {t.days(task.daysOverdue)}
                </Tag>
              </Flex>
              <Typography.Text type="secondary">{task.directiveTitle ?? task.directiveId}</Typography.Text>
            </List.Item>
          )}
        />
      ) : (
        <Table<OverdueTask>
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={b.overdue.tasks}
          columns={[
            { title: t.columns.unit, key: 'unit', render: (_: unknown, task) => b.overdue.places[task.unitId] ?? task.unitName },
            { title: t.columns.directive, dataIndex: 'directiveTitle' },
            { title: t.columns.dueAt, dataIndex: 'dueAt', width: 120, render: (d: string) => d.slice(0, 10) },
            { title: t.columns.days, dataIndex: 'daysOverdue', width: 96, render: (days: number) => <Tag color="red">{t.days(days)}</Tag> },
          ]}
        />
      )}
    </Flex>
  );
}

function Standards({ b, phone }: { b: Bulletin; phone: boolean }) {
  // Each standard's per-child figures stay out of the rows: a `children` field would make the table a tree.
  const rows = b.standards.flatMap((d) =>
    d.standards.map(({ children: _children, ...s }) => ({ ...s, key: `${d.directiveId}:${s.standardId}`, directive: `${d.code} ${d.title}` })),
  );
  if (!rows.length) return <Empty />;
  return (
    <Table<StandardFigure & { key: string; directive: string }>
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t.columns.standard, key: 'standard', render: (_: unknown, s) => (phone ? s.title.zh : `${s.directive}：${s.title.zh}`) },
        { title: t.columns.complianceRate, dataIndex: 'complianceRate', width: 88, render: rate },
        ...(phone
          ? []
          : [
              { title: t.columns.applicable, dataIndex: 'applicable', width: 80 },
              { title: t.columns.compliant, dataIndex: 'compliant', width: 72 },
              { title: t.columns.nonCompliant, dataIndex: 'nonCompliant', width: 80 },
              { title: t.columns.missing, dataIndex: 'missing', width: 72 },
            ]),
        { title: '', dataIndex: 'light', width: phone ? 40 : 96, render: (_: unknown, s) => <LightBadge light={s.light} text={phone ? '' : undefined} /> },
      ]}
    />
  );
}

/** One 通报 as it was made: 总体情况, the ranking, the overdue work named, the praised, compliance, 签收; its .docx. */
export function BulletinPage() {
  const { id = '' } = useParams();
  const phone = Grid.useBreakpoint().md === false;
  const loaded = useApi((signal) => bulletinsApi.get(id, signal), [id]);
  if (loaded.error && !loaded.data) return <ApiErrorView error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <PageLoading />;
  const b = loaded.data;
  const ack = b.acknowledgement;
  return (
    <Flex vertical gap={16}>
      <Link to=".." relative="path">{t.back}</Link>
      <Flex justify="space-between" align="start" wrap gap="small">
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t.heading(b.periodLabel, b.scopeName ?? b.scopeUnitId)}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t.asOf} {shortTime(b.asOf)} · {b.source === 'schedule' ? t.bySchedule : t.byPerson(b.createdBy.name)}
          </Typography.Text>
        </div>
        <a href={bulletinsApi.docxUrl(b.id)} download>
          <Button icon={<DownloadOutlined />} style={{ minHeight: 44 }} tabIndex={-1}>
            {t.download}
          </Button>
        </a>
      </Flex>
      <Alert type="info" showIcon title={t.frozen} />
      <Card size="small" title={t.overall}>
        <Overall b={b} />
      </Card>
      <Card size="small" title={t.ranking}>
        <Ranking rows={b.ranking} phone={phone} />
      </Card>
      <Card size="small" title={t.overdue}>
        <Overdue b={b} phone={phone} />
      </Card>
      <Card size="small" title={t.praised}>
        <Typography.Paragraph type="secondary">{t.praiseRule}</Typography.Paragraph>
        {b.praised.length === 0 ? (
          <Empty description={t.noPraised} />
        ) : (
          <List dataSource={b.praised} renderItem={(p) => <List.Item key={p.unitId}>{`${p.name}：${p.reason}`}</List.Item>} />
        )}
      </Card>
      <Card size="small" title={t.standards}>
        <Standards b={b} phone={phone} />
      </Card>
      <Card size="small" title={t.acknowledgement}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'rate', label: t.ackRate, children: rate(ack?.rate) },
            { key: 'avg', label: t.ackAverage, children: ack?.averageHours === null || ack?.averageHours === undefined ? '—' : `${ack.averageHours} 小时` },
            ...(ack ? [{ key: 'counts', label: t.ackCounts, children: t.ackCountsText(ack) }] : []),
          ]}
        />
      </Card>
    </Flex>
  );
}
