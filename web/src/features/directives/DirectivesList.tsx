import { Card, Empty, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';
import { directivesApi, type DirectiveSummary } from './api';

const t = zh.directives;
type Filter = 'draft' | 'published' | 'all';

/** The state of a directive in a word: published (and which version), with a draft waiting, or a draft only. */
export function StatusTags({ d }: { d: Pick<DirectiveSummary, 'publishedVersion' | 'draftVersion'> }) {
  return (
    <Flex gap={4} wrap>
      {d.publishedVersion !== undefined && <Tag color="green">{t.published(d.publishedVersion)}</Tag>}
      {d.draftVersion !== undefined && <Tag color="orange">{d.publishedVersion === undefined ? t.draft : t.pending(d.draftVersion)}</Tag>}
    </Flex>
  );
}

/** 立项: the directives waiting to be published (the leader's list), the published ones, or all, with their versions. */
export function DirectivesList() {
  const [filter, setFilter] = useState<Filter>('draft');
  const list = useApi((signal) => directivesApi.list(filter === 'all' ? undefined : filter, signal), [filter]);
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t.title}
        </Typography.Title>
        <Link to="/directives/new">{t.newDirective}</Link>
      </Flex>
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        options={(['draft', 'published', 'all'] as const).map((value) => ({ value, label: t.filters[value] }))}
      />
      <Card>
        {list.error && !list.data ? (
          <ApiErrorView error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <PageLoading />
        ) : list.data.count === 0 ? (
          <Empty description={t.empty} />
        ) : (
          <Table<DirectiveSummary>
            rowKey="id"
            size="small"
            scroll={{ x: 'max-content' }}
            dataSource={list.data.directives}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              { title: t.code, dataIndex: 'code' },
              {
                title: t.name,
                dataIndex: 'title',
                render: (title: string, d) => <Link to={`/directives/${encodeURIComponent(d.id)}`}>{title}</Link>,
              },
              { title: t.status, key: 'status', render: (_: unknown, d) => <StatusTags d={d} /> },
              { title: t.origin, key: 'origin', responsive: ['sm'], render: (_: unknown, d) => (d.seeded ? t.seeded : t.enteredAt(d.unitId ?? '')) },
              { title: t.createdAt, dataIndex: 'createdAt', responsive: ['sm'], render: (iso: string) => iso.slice(0, 10) },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
