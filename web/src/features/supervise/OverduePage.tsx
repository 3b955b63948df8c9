import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Grid, InputNumber, List, Pagination, Select, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { zh } from '../../i18n/zh-CN';
import { deadlineOf } from '../tasks/format';
import { TaskLight } from '../tasks/TaskLight';
import { ORG_LEVELS, overdueXlsxUrl, superviseApi, type OrgLevel, type OverdueQuery, type OverdueTask } from './api';
import { SuperviseNav } from './SuperviseNav';

const s = zh.supervise;
const PAGE_SIZE = 20;

const taskPath = (task: OverdueTask) => `/tasks/${encodeURIComponent(task.id)}`;

/** The query the URL holds: filters survive a reload and can be linked to (from 驾驶舱's drill-down, say). */
function queryOf(params: URLSearchParams): OverdueQuery {
  const level = params.get('level');
  const days = Number(params.get('minDaysOverdue'));
  return {
    ...(params.get('scopeUnitId') ? { scopeUnitId: params.get('scopeUnitId') as string } : {}),
    ...(params.get('directiveId') ? { directiveId: params.get('directiveId') as string } : {}),
    ...(level && (ORG_LEVELS as readonly string[]).includes(level) ? { level: level as OrgLevel } : {}),
    ...(params.get('minDaysOverdue') && Number.isInteger(days) && days >= 0 ? { minDaysOverdue: days } : {}),
  };
}

/** 逾期督办: everything overdue in the reader's subtree, longest overdue first, with the API's filters and the 台账 export. */
export function OverduePage() {
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const narrow = !Grid.useBreakpoint().md;
  const key = JSON.stringify(query);

  const { data, error, loading } = useApi((signal) => superviseApi.overdue({ ...query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal), [key, page]);
  const { data: catalog } = useApi((signal) => superviseApi.catalog(signal), []);

  const apply = (values: { directiveId?: string; level?: OrgLevel | ''; minDaysOverdue?: number | null }) => {
    const next = new URLSearchParams();
    if (query.scopeUnitId) next.set('scopeUnitId', query.scopeUnitId);
    if (values.directiveId) next.set('directiveId', values.directiveId);
    if (values.level) next.set('level', values.level);
    if (values.minDaysOverdue !== undefined && values.minDaysOverdue !== null) next.set('minDaysOverdue', String(values.minDaysOverdue));
    setParams(next);
  };

  const tasks = data?.tasks ?? [];
  return (
    <Flex vertical gap={16}>
      <SuperviseNav current="overdue" />
      <Card size="small">
        <Form
          layout={narrow ? 'vertical' : 'inline'}
          // 全部 is an option, not a placeholder: it reads as text (placeholders are too faint to read).
          initialValues={{ directiveId: '', level: '', ...query }}
          onValuesChange={(_, all) => apply(all as Parameters<typeof apply>[0])}
          aria-label={s.overdue}
        >
          <Form.Item name="directiveId" label={s.filters.directive} style={{ minWidth: narrow ? undefined : 280 }}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={[{ value: '', label: s.filters.any }, ...(catalog?.directives.map((d) => ({ value: d.id, label: `${d.code} ${d.title.zh}` })) ?? [])]}
              size="large"
            />
          </Form.Item>
          <Form.Item name="level" label={s.filters.level} style={{ minWidth: narrow ? undefined : 160 }}>
            <Select options={[{ value: '', label: s.filters.any }, ...ORG_LEVELS.map((l) => ({ value: l, label: s.levels[l] }))]} size="large" />
          </Form.Item>
          <Form.Item name="minDaysOverdue" label={s.filters.minDays}>
            <InputNumber min={0} max={3650} precision={0} size="large" style={{ width: narrow ? '100%' : 120 }} />
          </Form.Item>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error.message} />}
      <Card
        loading={loading && !data}
        title={s.total(data?.total ?? 0)}
        extra={
          <Button icon={<DownloadOutlined />} href={overdueXlsxUrl(query)} download size="large">
            {s.exportXlsx}
          </Button>
        }
        styles={{ body: { padding: narrow ? 12 : 24 } }}
      >
        {tasks.length === 0 && !loading ? (
          <Typography.Text>{s.empty}</Typography.Text>
        ) : narrow ? (
          <List
            dataSource={tasks}
            rowKey="id"
            renderItem={(task) => (
              <List.Item style={{ padding: 0 }}>
                <Link to={taskPath(task)} style={{ display: 'block', width: '100%', padding: '12px 4px', minHeight: 44, color: 'inherit' }} data-testid="overdue-row">
                  <Flex gap={8} align="center">
                    <TaskLight light="red" showText={false} />
                    <Typography.Text strong>{task.directiveTitle ?? task.directiveId}</Typography.Text>
                  </Flex>
                  <Flex gap={8} wrap style={{ marginTop: 6 }}>
                    <Typography.Text>{task.unitName}</Typography.Text>
                    <Tag color="red">{s.daysOverdue(task.daysOverdue)}</Tag>
                    <Typography.Text>{zh.tasks.due(deadlineOf(task.dueAt))}</Typography.Text>
                  </Flex>
                </Link>
              </List.Item>
            )}
          />
        ) : (
          <Table<OverdueTask>
            dataSource={tasks}
            rowKey="id"
            pagination={false}
            columns={[
              { key: 'task', title: zh.tasks.columns.task, render: (_, task) => <Link to={taskPath(task)}>{task.directiveTitle ?? task.directiveId}</Link> },
              { key: 'unit', title: zh.tasks.columns.unit, dataIndex: 'unitName' },
              { key: 'due', title: zh.tasks.columns.dueAt, render: (_, task) => deadlineOf(task.dueAt) },
              { key: 'days', title: s.columns.days, dataIndex: 'daysOverdue', render: (days: number) => <Tag color="red">{s.daysOverdue(days)}</Tag> },
              { key: 'progress', title: zh.tasks.columns.progress, render: (_, task) => zh.tasks.steps(task.stepsDone, task.stepsTotal) },
            ]}
          />
        )}
        {(data?.total ?? 0) > PAGE_SIZE && (
          <Pagination
            style={{ marginTop: 12 }}
            current={page}
            total={data?.total ?? 0}
            pageSize={PAGE_SIZE}
            showSizeChanger={false}
            simple
            onChange={(p) => {
              const next = new URLSearchParams(params);
              if (p === 1) next.delete('page');
              else next.set('page', String(p));
              setParams(next);
            }}
          />
        )}
      </Card>
    </Flex>
  );
}
