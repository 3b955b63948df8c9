import { Alert, Card, Flex, Grid, List, Pagination, Progress, Segmented, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { zh } from '../../i18n/zh-CN';
import { tasksApi, type TaskPage, type TaskQuery, type TaskSummary } from './api';
import { daysLeft, deadlineOf, taskLight } from './format';
import { usePerson } from '../session/session';
import { StatusTag } from './StatusTag';
import { TaskLight } from './TaskLight';

const t = zh.tasks;
const PAGE_SIZE = 20;

const TABS = ['todo', 'awaitingAcceptance', 'done', 'all'] as const;
type Tab = (typeof TABS)[number];

/**
 * 待办: the overdue first, then the open, each by deadline — one page of the two lists read in turn, so the page
 * holds the overdue tasks before any open one whatever the page size.
 */
async function todoPage(query: TaskQuery, offset: number, signal: AbortSignal): Promise<TaskPage> {
  const overdue = await tasksApi.list({ ...query, state: 'overdue', offset, limit: PAGE_SIZE }, signal);
  const room = PAGE_SIZE - overdue.tasks.length;
  const open = await tasksApi.list({ ...query, state: 'open', offset: Math.max(0, offset - overdue.total), limit: Math.max(room, 1) }, signal);
  return { total: overdue.total + open.total, limit: PAGE_SIZE, offset, tasks: [...overdue.tasks, ...(room > 0 ? open.tasks.slice(0, room) : [])] };
}

function loadTab(tab: Tab, query: TaskQuery, offset: number, signal: AbortSignal): Promise<TaskPage> {
  if (tab === 'todo') return todoPage(query, offset, signal);
  return tasksApi.list({ ...query, ...(tab === 'all' ? {} : { state: tab }), offset, limit: PAGE_SIZE }, signal);
}

const taskLink = (task: TaskSummary, children: ReactNode) => <Link to={`/tasks/${encodeURIComponent(task.id)}`}>{children}</Link>;

function Due({ task }: { task: TaskSummary }) {
  const left = task.status === 'done' ? undefined : daysLeft(task.dueAt);
  return (
    <span>
      {deadlineOf(task.dueAt)}
      {left !== undefined && (
        <Tag color={left < 0 ? 'red' : undefined} style={{ marginLeft: 8 }}>
          {t.daysLeft(left)}
        </Tag>
      )}
      {task.originalDueAt && (
        <Typography.Text style={{ display: 'block', fontSize: 12 }}>
          {t.originalDue(deadlineOf(task.originalDueAt))}
        </Typography.Text>
      )}
    </span>
  );
}

const progressOf = (task: TaskSummary) => (task.stepsTotal ? Math.round((task.stepsDone / task.stepsTotal) * 100) : 0);

/** On a phone: one card-like row per task, the whole row a link at least 44 px high. */
function TaskCards({ tasks }: { tasks: TaskSummary[] }) {
  return (
    <List
      dataSource={tasks}
      rowKey="id"
      renderItem={(task) => (
        <List.Item style={{ padding: 0 }}>
          <Link to={`/tasks/${encodeURIComponent(task.id)}`} style={{ display: 'block', width: '100%', padding: '12px 4px', minHeight: 44, color: 'inherit' }} data-testid="task-row">
            <Flex gap={8} align="center" wrap>
              <TaskLight light={taskLight(task)} showText={false} />
              <Typography.Text strong style={{ flex: 1, minWidth: 0 }}>
                {task.directiveTitle ?? task.directiveId}
              </Typography.Text>
            </Flex>
            <Flex gap={8} wrap style={{ marginTop: 6 }}>
              <StatusTag task={task} />
              <Typography.Text>{task.unitName}</Typography.Text>
            </Flex>
            <div style={{ marginTop: 6 }}>
              <Due task={task} />
            </div>
            <Progress percent={progressOf(task)} size="small" format={() => t.steps(task.stepsDone, task.stepsTotal)} aria-label={t.columns.progress} />
          </Link>
        </List.Item>
      )}
    />
  );
}

/** On a wider screen: a table. */
function TaskTable({ tasks }: { tasks: TaskSummary[] }) {
  return (
    <Table<TaskSummary>
      dataSource={tasks}
      rowKey="id"
      pagination={false}
      columns={[
        { key: 'light', title: t.columns.light, width: 90, render: (_, task) => <TaskLight light={taskLight(task)} /> },
        { key: 'task', title: t.columns.task, render: (_, task) => taskLink(task, task.directiveTitle ?? task.directiveId) },
        { key: 'unit', title: t.columns.unit, dataIndex: 'unitName' },
        { key: 'due', title: t.columns.dueAt, render: (_, task) => <Due task={task} /> },
        { key: 'progress', title: t.columns.progress, width: 180, render: (_, task) => <Progress percent={progressOf(task)} size="small" format={() => t.steps(task.stepsDone, task.stepsTotal)} aria-label={t.columns.progress} /> },
        { key: 'status', title: t.columns.status, render: (_, task) => <StatusTag task={task} /> },
      ]}
    />
  );
}

/**
 * 我的任务 (staff: their unit's tasks) or 任务 (others: every task in their reach; `?unitId=` narrows to one unit), by
 * deadline with lights. The first tab, 待办, puts the overdue before the open.
 */
export function TasksPage() {
  const person = usePerson();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'todo';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const unitId = params.get('unitId') ?? (person.role === 'staff' ? person.unitId : undefined);
  const narrow = !Grid.useBreakpoint().md;

  const { data, error, loading } = useApi(
    (signal) => loadTab(tab, unitId ? { unitId } : {}, (page - 1) * PAGE_SIZE, signal),
    [person.unitId, tab, page, unitId],
  );

  const set = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) merged.delete(k);
      else merged.set(k, v);
    }
    setParams(merged);
  };

  const title = person.role === 'staff' && unitId === person.unitId ? t.myTasks : t.title;
  const tasks = data?.tasks ?? [];
  const total = data?.total ?? 0;
  const pages = Math.ceil(total / PAGE_SIZE);

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Segmented<Tab>
        value={tab}
        onChange={(value) => set({ tab: value === 'todo' ? undefined : value, page: undefined })}
        options={TABS.map((value) => ({ value, label: t.tabs[value] }))}
        block={narrow}
        size="large"
      />
      {error && <Alert type="error" showIcon title={error.message} />}
      <Card loading={loading && !data} styles={{ body: { padding: narrow ? 12 : 24 } }}>
        <Typography.Text>{t.count(total)}</Typography.Text>
        {tasks.length === 0 && !loading ? (
          <Typography.Paragraph style={{ marginTop: 12 }}>
            {t.empty}
          </Typography.Paragraph>
        ) : narrow ? (
          <TaskCards tasks={tasks} />
        ) : (
          <TaskTable tasks={tasks} />
        )}
        {pages > 1 && (
          <Pagination
            style={{ marginTop: 12 }}
            current={page}
            total={total}
            pageSize={PAGE_SIZE}
            onChange={(p) => set({ page: p === 1 ? undefined : String(p) })}
            showSizeChanger={false}
            simple
          />
        )}
      </Card>
    </Flex>
  );
}

