import { Badge, Button, Card, Empty, Flex, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { STAGE_NAMES } from '../../../../domain/petition';
import { zh } from '../../i18n/zh-CN';
import { casePage, day, petitionsApi, STAGES, type CaseRow } from './api';
import { PetitionsNav } from './Nav';

const t = zh.petitions;
const PAGE = 20;

export function OverdueTag({ overdue }: { overdue: boolean }) {
  return overdue ? <Badge status="error" text={t.overdue} style={{ whiteSpace: 'nowrap' }} /> : null;
}

/** 信访 cases of the person's subtree (or `?unitId=` below it), by stage and overdue; lists carry no personal field. */
export function CasesPage() {
  const [search, setSearch] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const stage = search.get('stage') ?? undefined;
  const overdue = search.get('overdue') ?? undefined;
  const unitId = search.get('unitId') ?? undefined;
  const page = Math.max(1, Number(search.get('page') ?? 1) || 1);
  const loaded = useApi(
    (signal) => petitionsApi.cases({ unitId, stage, overdue, limit: PAGE, offset: (page - 1) * PAGE }, signal),
    [unitId, stage, overdue, page],
  );
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setSearch(next);
  };

  const filters = (
    <Flex wrap gap="small">
      <Select
        aria-label={t.stage}
        style={{ minWidth: 160 }}
        value={stage ?? ''}
        onChange={(v: string) => set('stage', v || undefined)}
        options={[{ value: '', label: t.allStages }, ...STAGES.map((s) => ({ value: s, label: STAGE_NAMES[s] }))]}
      />
      <Select
        aria-label={t.overdue}
        style={{ minWidth: 140 }}
        value={overdue ?? ''}
        onChange={(v: string) => set('overdue', v || undefined)}
        options={[
          { value: '', label: t.all },
          { value: 'true', label: t.overdueOnly },
          { value: 'false', label: t.notOverdue },
        ]}
      />
    </Flex>
  );

  let body;
  if (loaded.error && !loaded.data) body = <ApiErrorView error={loaded.error} onRetry={loaded.reload} />;
  else if (!loaded.data) body = <PageLoading />;
  else if (loaded.data.total === 0) body = <Empty description={t.noCases} />;
  else {
    const { cases, total } = loaded.data;
    const pagination = { current: page, pageSize: PAGE, total, onChange: (p: number) => set('page', String(p)), showSizeChanger: false, size: 'small' as const };
    body = phone ? (
      <List
        dataSource={cases}
        pagination={pagination}
        renderItem={(c) => (
          <List.Item key={c.id} style={{ display: 'block' }}>
            <Link to={casePage(c.id)} style={{ display: 'block', minHeight: 44 }}>
              <Flex justify="space-between" gap="small">
                <Typography.Text strong>{c.id}</Typography.Text>
                <Space size={4}>
                  <Tag>{c.stageName}</Tag>
                  <OverdueTag overdue={c.overdue} />
                </Space>
              </Flex>
              <Typography.Text>{c.summary}</Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {c.unitName} · {t.activeDue} {day(c.activeDueAt)}
                </Typography.Text>
              </div>
            </Link>
          </List.Item>
        )}
      />
    ) : (
      <Table<CaseRow>
        rowKey="id"
        size="middle"
        dataSource={cases}
        pagination={pagination}
        columns={[
          { title: t.id, dataIndex: 'id', render: (id: string) => <Link to={casePage(id)}>{id}</Link> },
          { title: t.unit, dataIndex: 'unitName' },
          { title: t.summary, dataIndex: 'summary' },
          { title: t.stage, dataIndex: 'stageName', render: (s: string) => <Tag>{s}</Tag> },
          { title: t.receivedAt, dataIndex: 'receivedAt', render: (v?: string) => day(v) },
          {
            title: t.activeDue,
            dataIndex: 'activeDueAt',
            render: (v: string | undefined, c) => (
              <Space size={4}>
                {day(v)}
                <OverdueTag overdue={c.overdue} />
              </Space>
            ),
          },
        ]}
      />
    );
  }

  return (
    <Flex vertical gap={8}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t.title}
      </Typography.Title>
      <PetitionsNav active="cases" />
      <Card size="small">
        <Flex justify="space-between" wrap gap="small" align="center" style={{ marginBottom: 12 }}>
          {filters}
          {loaded.data && <Typography.Text type="secondary">{t.total(loaded.data.total)}</Typography.Text>}
        </Flex>
        {body}
      </Card>
      {unitId && (
        <Button type="link" onClick={() => set('unitId', undefined)}>
          {t.all}
        </Button>
      )}
    </Flex>
  );
}
