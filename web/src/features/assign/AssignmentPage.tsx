import { DownloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Descriptions, Flex, Progress, Row, Statistic, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { LightBadge } from '../../app/lights';
import { zh } from '../../i18n/zh-CN';
import { assignApi, type RollupNode, type TaskRow } from './api';

const t = zh.assign;
const FAN_OUT_POLL_MS = 1500;
const PROGRESS_POLL_MS = 30_000;
const PAGE = 50;

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '—');
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * An assignment: what was assigned where and by when; while its tasks are still being started (a large scope), a
 * live progress bar of the fan-out; then the units with their lights (the roll-up one level down) and each task's
 * status (the progress list, paged), and the 台账 as xlsx.
 */
export function AssignmentPage() {
  const { assignmentId = '' } = useParams();
  const [tick, setTick] = useState(0);
  const [page, setPage] = useState(0);
  const assignment = useApi((signal) => assignApi.assignment(assignmentId, signal), [assignmentId, tick]);
  const complete = assignment.data?.fanOut.complete;
  // Fast while tasks are being started, slowly afterwards (others complete their steps meanwhile).
  useEffect(() => {
    if (complete === undefined) return;
    const timer = setTimeout(() => setTick((n) => n + 1), complete ? PROGRESS_POLL_MS : FAN_OUT_POLL_MS);
    return () => clearTimeout(timer);
  }, [complete, tick]);
  const started = assignment.data?.fanOut.started;
  const progress = useApi((signal) => assignApi.progress(assignmentId, { limit: PAGE, offset: page * PAGE }, signal), [assignmentId, page, started, tick]);
  const rollup = useApi((signal) => assignApi.rollup(assignmentId, signal), [assignmentId, started, tick]);
  const directive = useApi((signal) => (assignment.data ? assignApi.directive(assignment.data.directiveId, signal) : Promise.resolve(undefined)), [assignment.data?.directiveId]);
  const scope = useApi((signal) => (assignment.data ? assignApi.unit(assignment.data.scopeUnitId, signal) : Promise.resolve(undefined)), [assignment.data?.scopeUnitId]);

  const a = assignment.data;
  if (assignment.error && !a) return <ApiErrorView error={assignment.error} onRetry={assignment.reload} />;
  if (!a) return <PageLoading />;
  const pr = progress.data;
  const children = rollup.data?.tree.children ?? [];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t.assignmentTitle}
      </Typography.Title>
      <Card>
        <Descriptions
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'd', label: t.directive, children: directive.data ? `${directive.data.code} ${directive.data.title.zh}` : a.directiveId },
            { key: 's', label: t.scopeCol, children: scope.data?.name ?? a.scopeUnitId },
            { key: 'l', label: t.targetLevel, children: zh.levels[a.targetLevel] },
            { key: 'due', label: t.dueAt, children: day(a.dueAt) },
            { key: 'c', label: t.createdAt, children: minute(a.createdAt) },
            ...(a.note ? [{ key: 'n', label: t.note, children: a.note }] : []),
          ]}
        />
      </Card>
      <Card title={t.fanOut}>
        <Progress
          percent={a.fanOut.taskCount === 0 ? 100 : Math.floor((a.fanOut.started / a.fanOut.taskCount) * 100)}
          status={a.fanOut.complete ? 'success' : 'active'}
          aria-label={t.fanOutText(a.fanOut.started, a.fanOut.taskCount)}
        />
        <Typography.Text data-testid="fan-out">{a.fanOut.complete ? `${t.fanOutDone}（${a.fanOut.taskCount}）` : t.fanOutText(a.fanOut.started, a.fanOut.taskCount)}</Typography.Text>
      </Card>
      {pr && (
        <Card
          title={t.progress}
          extra={
            <a href={assignApi.progressXlsxUrl(a.id)} download>
              <Button icon={<DownloadOutlined />} style={{ minHeight: 44 }} tabIndex={-1}>
                {t.exportXlsx}
              </Button>
            </a>
          }
          styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
        >
          <Row gutter={[16, 16]}>
            <Col xs={24} md={8}>
              <div data-testid="done-of">
                <Statistic title={t.done} value={`${pr.done}/${pr.total}`} />
              </div>
            </Col>
            <Col xs={8} md={4}>
              <Statistic title={t.open} value={pr.open} />
            </Col>
            <Col xs={8} md={4}>
              <Statistic title={t.overdue} value={pr.overdue} valueStyle={pr.overdue ? { color: '#cf1322' } : undefined} />
            </Col>
            <Col xs={8} md={4}>
              <Statistic title={t.doneLate} value={pr.doneLate} />
            </Col>
          </Row>
          <Progress percent={pr.percentDone} aria-label={t.doneOf(pr.done, pr.total)} />
        </Card>
      )}
      {children.length > 0 && (
        <Card title={t.byUnit}>
          <Table<RollupNode>
            rowKey="unitId"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={children}
            columns={[
              { title: t.unit, dataIndex: 'name' },
              { title: t.light, key: 'light', render: (_: unknown, u) => <LightBadge light={u.counts.light} /> },
              { title: t.progress, key: 'p', render: (_: unknown, u) => t.doneOf(u.counts.done, u.counts.total) },
              { title: t.overdue, key: 'o', render: (_: unknown, u) => u.counts.overdue },
            ]}
          />
        </Card>
      )}
      {pr && (
        <Card title={t.tasksTitle}>
          <Table<TaskRow>
            rowKey="id"
            size="small"
            scroll={{ x: 'max-content' }}
            dataSource={pr.units}
            pagination={{ current: page + 1, pageSize: PAGE, total: pr.total, showSizeChanger: false, onChange: (p) => setPage(p - 1) }}
            columns={[
              {
                title: t.unit,
                dataIndex: 'unitName',
                render: (name: string, r) => (
                  // A finger-sized target on phones: the whole cell height, not just the text.
                  <Link to={`/tasks/${encodeURIComponent(r.id)}`} style={{ display: 'inline-flex', alignItems: 'center', minHeight: 44 }}>
                    {name}
                  </Link>
                ),
              },
              {
                title: t.status,
                dataIndex: 'status',
                render: (s: string, r) => (
                  <Badge status={s === 'overdue' ? 'error' : s === 'done' ? (r.late ? 'warning' : 'success') : 'processing'} text={r.late && s === 'done' ? t.doneLate : t.statuses[s] ?? s} />
                ),
              },
              { title: t.steps, key: 'steps', render: (_: unknown, r) => `${r.stepsDone}/${r.stepsTotal}` },
              { title: t.dueAt, dataIndex: 'dueAt', render: day },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
