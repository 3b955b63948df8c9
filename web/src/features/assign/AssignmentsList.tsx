import { Card, Empty, Flex, Progress, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';
import { assignApi, type Assignment } from './api';

const t = zh.assign;
const PAGE = 20;

/** The assignments that concern the reader, newest first, with their progress; each opens its page. */
export function AssignmentsList() {
  const [page, setPage] = useState(0);
  const list = useApi((signal) => assignApi.list({ limit: PAGE, offset: page * PAGE }, signal), [page]);
  const catalog = useApi((signal) => assignApi.catalog({}, signal), []);
  const titles = useMemo(() => new Map((catalog.data?.directives ?? []).map((d) => [d.id, `${d.code} ${d.title.zh}`])), [catalog.data]);
  if (list.error && !list.data) return <ApiErrorView error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t.listTitle}
        </Typography.Title>
        <Link to="/assign">{t.newAssignment}</Link>
      </Flex>
      <Card>
        {list.data.total === 0 ? (
          <Empty description={t.noAssignments} />
        ) : (
          <Table<Assignment>
            rowKey="id"
            size="small"
            scroll={{ x: 'max-content' }}
            dataSource={list.data.assignments}
            pagination={{ current: page + 1, pageSize: PAGE, total: list.data.total, showSizeChanger: false, onChange: (p) => setPage(p - 1) }}
            columns={[
              { title: t.directive, dataIndex: 'directiveId', render: (id: string, a) => <Link to={`/assign/assignments/${encodeURIComponent(a.id)}`}>{titles.get(id) ?? id}</Link> },
              { title: t.targetLevel, dataIndex: 'targetLevel', render: (l: keyof typeof zh.levels) => zh.levels[l] },
              { title: t.tasks, dataIndex: 'taskCount' },
              {
                title: t.progress,
                key: 'progress',
                render: (_: unknown, a) => (a.counts ? <Progress percent={a.counts.percentDone} size="small" style={{ minWidth: 120 }} aria-label={t.doneOf(a.counts.done, a.counts.total)} /> : null),
              },
              { title: t.dueAt, dataIndex: 'dueAt', render: (d: string) => d.slice(0, 10) },
              { title: t.createdAt, dataIndex: 'createdAt', render: (d: string) => d.slice(0, 10) },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
