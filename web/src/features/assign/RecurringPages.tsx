import { Alert, App, Badge, Button, Card, Descriptions, Drawer, Empty, Flex, Grid, Input, Modal, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';
import { assignApi, type Occurrence, type RecurringDetail, type RecurringFields, type RecurringPreview, type RecurringSummary } from './api';

const t = zh.assign;
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function useDirectiveTitles() {
  const catalog = useApi((signal) => assignApi.catalog({}, signal), []);
  return useMemo(() => new Map((catalog.data?.directives ?? []).map((d) => [d.id, `${d.code} ${d.title.zh}`])), [catalog.data]);
}

/** 周期任务: every recurring assignment that concerns the reader. */
export function RecurringList() {
  const list = useApi((signal) => assignApi.recurringList(signal), []);
  const titles = useDirectiveTitles();
  if (list.error && !list.data) return <ApiErrorView error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t.recurringTitle}
        </Typography.Title>
        <Link to="/assign">{t.newAssignment}</Link>
      </Flex>
      <Card>
        {list.data.recurring.length === 0 ? (
          <Empty description={t.noRecurring} />
        ) : (
          <Table<RecurringSummary>
            rowKey="id"
            size="small"
            scroll={{ x: 'max-content' }}
            dataSource={list.data.recurring}
            columns={[
              { title: t.directive, dataIndex: 'directiveId', render: (id: string, r) => <Link to={`/assign/recurring/${encodeURIComponent(r.id)}`}>{titles.get(id) ?? id}</Link> },
              { title: t.cadence, dataIndex: 'cadence', render: (c: { every: string }) => t.cadences[c.every] ?? c.every },
              { title: t.targetLevel, dataIndex: 'targetLevel', render: (l: keyof typeof zh.levels) => zh.levels[l] },
              { title: t.createdAt, dataIndex: 'createdAt', render: (d: string) => d.slice(0, 10) },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}

/** Pause or resume with a note, which the schedule keeps. */
function PauseButton({ detail, onDone }: { detail: RecurringDetail; onDone: (d: RecurringDetail) => void }) {
  const paused = detail.schedule?.paused ?? false;
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const run = async () => {
    setBusy(true);
    try {
      onDone(await assignApi.setPaused(detail.id, !paused, note.trim() || undefined));
      setOpen(false);
      setNote('');
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button type={paused ? 'primary' : 'default'} onClick={() => setOpen(true)} disabled={!detail.schedule} style={{ minHeight: 44 }}>
        {paused ? t.resume : t.pause}
      </Button>
      <Modal open={open} title={paused ? t.resumeTitle : t.pauseTitle} onCancel={() => setOpen(false)} onOk={() => void run()} confirmLoading={busy} okText={paused ? t.resume : t.pause}>
        <Input.TextArea aria-label={t.pauseNote} placeholder={t.pauseNote} rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </>
  );
}

/** One recurring assignment: its schedule (running or paused, with the note), next firings, and the periods issued. */
export function RecurringPage() {
  const { recurringId = '' } = useParams();
  const loaded = useApi((signal) => assignApi.recurring(recurringId, signal), [recurringId]);
  const [updated, setUpdated] = useState<RecurringDetail>();
  const titles = useDirectiveTitles();
  const d = updated?.id === recurringId ? updated : loaded.data;
  if (loaded.error && !d) return <ApiErrorView error={loaded.error} onRetry={loaded.reload} />;
  if (!d) return <PageLoading />;
  const paused = d.schedule?.paused ?? false;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t.recurringTitle} · {titles.get(d.directiveId) ?? d.directiveId}
        </Typography.Title>
        <Link to="/assign/recurring">{t.recurringLink}</Link>
      </Flex>
      <Card extra={<PauseButton detail={d} onDone={setUpdated} />} title={<Badge status={paused ? 'warning' : 'success'} text={paused ? t.paused : t.running} />}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'c', label: t.cadence, children: t.cadences[d.cadence.every] ?? d.cadence.every },
            { key: 'l', label: t.targetLevel, children: zh.levels[d.targetLevel] },
            { key: 'n', label: t.nextFirings, children: d.schedule?.nextActionTimes?.slice(0, 3).map(minute).join('，') || '—' },
            ...(d.schedule?.note ? [{ key: 'sn', label: t.scheduleNote, children: d.schedule.note }] : []),
            ...(d.note ? [{ key: 'note', label: t.note, children: d.note }] : []),
          ]}
        />
      </Card>
      <Card title={t.upcoming}>
        <Table<Occurrence>
          rowKey="periodKey"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={d.upcoming}
          columns={[
            { title: t.period, dataIndex: 'label' },
            { title: t.opensAt, dataIndex: 'opensAt', render: (v: string) => v.slice(0, 10) },
            { title: t.dueAt, dataIndex: 'dueAt', render: (v: string) => v.slice(0, 10) },
          ]}
        />
      </Card>
      <Card title={t.periods}>
        {d.periods.length === 0 ? (
          <Empty description={t.noPeriods} />
        ) : (
          <Table
            rowKey="periodKey"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={d.periods}
            columns={[
              { title: t.period, dataIndex: 'periodKey', render: (k: string, p) => <Link to={`/assign/assignments/${encodeURIComponent(p.assignmentId)}`}>{k}</Link> },
              { title: t.tasks, dataIndex: 'taskCount' },
              { title: t.issuedAt, dataIndex: 'issuedAt', render: (v: string) => v.slice(0, 10) },
              { title: t.dueAt, dataIndex: 'dueAt', render: (v: string) => v.slice(0, 10) },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}

type PreviewMonth = RecurringPreview['months'][number];

/**
 * 预演: the next 12 months of the recurring duty the form describes, from POST /api/recurring/preview — per month
 * what is issued, what falls due and what the engine would send, then the busiest units and weeks. Nothing is created.
 */
export function RecurringPreviewDrawer({
  fields,
  open,
  onClose,
  onCreate,
}: {
  fields: Omit<RecurringFields, 'id'>;
  open: boolean;
  onClose: () => void;
  /** Creates the duty as previewed (the form's submit). */
  onCreate: () => void;
}) {
  const [state, setState] = useState<{ data?: RecurringPreview; error?: ApiError; loading: boolean }>({ loading: false });
  const screens = Grid.useBreakpoint();
  const request = JSON.stringify(fields);
  useEffect(() => {
    if (!open) return;
    let live = true;
    setState({ loading: true });
    assignApi.previewRecurring(JSON.parse(request) as Omit<RecurringFields, 'id'>).then(
      (data) => live && setState({ data, loading: false }),
      (err: unknown) => live && setState({ error: err instanceof ApiError ? err : new ApiError(0, 'client', String(err)), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [open, request]);
  const p = state.data;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 960 : '100%'}
      title={p ? t.whatIfTitle(p.title) : t.whatIf}
      closable={{ 'aria-label': t.whatIfClose }}
      loading={state.loading}
      destroyOnHidden
    >
      {state.error ? (
        <Alert type="error" title={state.error.message} />
      ) : p ? (
        <Flex vertical gap={16} data-testid="recurring-preview">
          <Typography.Paragraph style={{ margin: 0 }}>
            {t.whatIfIntro(p.scopeName, p.unitCount, zh.levels[p.targetLevel], p.from.slice(0, 10), p.to.slice(0, 10))}
          </Typography.Paragraph>
          {p.currentPeriod && (
            <Alert
              type={p.currentPeriod.issued ? 'info' : 'warning'}
              title={p.currentPeriod.issued ? t.whatIfCurrentIssued(p.currentPeriod.periodKey) : t.whatIfCurrentSkipped(p.currentPeriod.periodKey)}
            />
          )}
          <Flex wrap gap={24}>
            {(Object.keys(t.whatIfTotals) as Array<keyof typeof t.whatIfTotals>).map((k) => (
              <Statistic key={k} title={t.whatIfTotals[k]} value={p.totals[k]} />
            ))}
          </Flex>
          <Typography.Text type="secondary">{t.whatIfAssumption}</Typography.Text>
          <div>
            <Button type="primary" onClick={onCreate} style={{ minHeight: 44 }}>
              {t.whatIfCreate}
            </Button>
          </div>
          <Card size="small" title={t.whatIfMonths}>
            <Table<PreviewMonth>
              rowKey="month"
              size="small"
              pagination={false}
              dataSource={p.months}
              columns={[
                { title: t.whatIfMonth, dataIndex: 'label', render: (label: string) => <span style={{ whiteSpace: 'nowrap' }}>{label}</span> },
                {
                  title: t.whatIfIssued,
                  key: 'issued',
                  render: (_, m) => (m.issued.tasks ? t.whatIfTasks(m.issued.tasks) : t.whatIfNone),
                },
                {
                  title: t.whatIfDeadlines,
                  key: 'deadlines',
                  render: (_, m) =>
                    m.deadlines.length === 0 ? (
                      t.whatIfNone
                    ) : (
                      <Space wrap size={4}>
                        {m.deadlines.map((d) => (
                          <Tag key={d.periodKey} style={{ marginInlineEnd: 0 }}>
                            {d.dueAt.slice(5, 10)} · {t.whatIfTasks(d.tasks)}
                          </Tag>
                        ))}
                      </Space>
                    ),
                },
                { title: t.whatIfTotals.reminders, dataIndex: 'reminders', responsive: ['sm'] },
                { title: t.whatIfTotals.progressChecks, dataIndex: 'progressChecks', responsive: ['sm'] },
                { title: t.whatIfTotals.overdue, dataIndex: 'overdue', responsive: ['md'] },
                { title: t.whatIfTotals.escalations, dataIndex: 'escalations', responsive: ['md'] },
              ]}
            />
          </Card>
          <Card size="small" title={t.whatIfBusiestUnits}>
            <Table
              rowKey="unitId"
              size="small"
              pagination={false}
              dataSource={p.busiestUnits}
              columns={[
                { title: t.whatIfUnit, dataIndex: 'name' },
                { title: t.whatIfUnitTasks, dataIndex: 'tasks' },
                { title: t.whatIfUnitSteps, dataIndex: 'steps', responsive: ['sm'] },
                { title: t.whatIfUnitOther, dataIndex: 'otherRecurringTasks' },
              ]}
            />
          </Card>
          <Card size="small" title={t.whatIfBusiestWeeks}>
            <Table
              rowKey="week"
              size="small"
              pagination={false}
              dataSource={p.busiestWeeks}
              columns={[
                { title: t.whatIfWeek, key: 'week', render: (_, w) => <span style={{ whiteSpace: 'nowrap' }}>{`${w.from.slice(5)}～${w.to.slice(5)}`}</span> },
                { title: t.whatIfWeekDeadlines, dataIndex: 'deadlines' },
                { title: t.whatIfWeekOther, dataIndex: 'otherRecurringDeadlines', responsive: ['sm'] },
                { title: t.whatIfWeekNotices, dataIndex: 'notices' },
              ]}
            />
          </Card>
        </Flex>
      ) : null}
    </Drawer>
  );
}
