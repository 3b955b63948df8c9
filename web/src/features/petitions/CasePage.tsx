import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Descriptions, Empty, Flex, Form, Grid, Input, List, Radio, Space, Table, Tag, Timeline, Typography, theme } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ACTIONS } from '../../../../domain/access';
import { CHECK_NAMES } from '../../../../domain/petition-campaign';
import { applyApiError } from '../../api/form-errors';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';
import { usePerson } from '../session/session';
import { campaignPage, CHECKS, day, petitionsApi, when, type CaseDetail, type Check, type Clock, type Screening } from './api';
import { OverdueTag } from './CasesPage';

const t = zh.petitions;
const CLOCK_COLOR = { open: 'processing', overdue: 'error', met: 'success' } as const;
const SCREENING_COLOR = { pending: 'default', overdue: 'error', passed: 'success', failed: 'warning' } as const;

function Clocks({ clocks, phone }: { clocks: Clock[]; phone: boolean }) {
  const status = (c: Clock) => (
    <Space size={4}>
      <Badge status={CLOCK_COLOR[c.status]} text={t.clockStatus[c.status]} />
      {c.late && <Badge status="warning" text={t.late} />}
    </Space>
  );
  if (phone)
    return (
      <List
        dataSource={clocks}
        renderItem={(c) => (
          <List.Item key={c.kind} style={{ display: 'block' }}>
            <Flex justify="space-between">
              <Typography.Text strong>{c.name}</Typography.Text>
              {status(c)}
            </Flex>
            <Typography.Text type="secondary">
              {t.startAt} {day(c.startAt)} · {t.dueAt} {day(c.dueAt)}
              {c.originalDueAt && ` · ${t.originalDueAt} ${day(c.originalDueAt)}`}
              {c.metAt && ` · ${t.metAt} ${day(c.metAt)}`}
            </Typography.Text>
          </List.Item>
        )}
      />
    );
  return (
    <Table<Clock>
      rowKey="kind"
      size="small"
      pagination={false}
      dataSource={clocks}
      columns={[
        { title: t.clocks, dataIndex: 'name' },
        { title: t.stage, key: 'status', render: (_: unknown, c) => status(c) },
        { title: t.startAt, dataIndex: 'startAt', render: (v?: string) => day(v) },
        { title: t.dueAt, dataIndex: 'dueAt', render: (v?: string) => when(v) },
        { title: t.originalDueAt, dataIndex: 'originalDueAt', render: (v?: string) => day(v) },
        { title: t.metAt, dataIndex: 'metAt', render: (v?: string) => when(v) },
      ]}
    />
  );
}

/** 四查: the four checks of a re-screening, each 是/否, and a note; POST /api/petitions/:caseId/screenings/:campaignId. */
function ScreeningForm({ caseId, screening, onDone }: { caseId: string; screening: Screening; onDone: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (values: { checks: Record<Check, 'pass' | 'fail'>; note?: string }) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await petitionsApi.screen(caseId, screening.campaignId, { checks: values.checks, ...(values.note ? { note: values.note } : {}) });
      void message.success(t.screened);
      onDone();
    } catch (err) {
      if (!applyApiError(form, err)) setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Card size="small" title={t.screenTitle(screening.campaignId)} data-testid="screening-form">
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v as never)}>
        {CHECKS.map((check) => (
          <Form.Item key={check} name={['checks', check]} label={CHECK_NAMES[check]} rules={[{ required: true, message: t.chooseCheck }]}>
            <Radio.Group
              role="radiogroup"
              aria-label={CHECK_NAMES[check]}
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'pass', label: t.pass },
                { value: 'fail', label: t.fail },
              ]}
            />
          </Form.Item>
        ))}
        <Form.Item name="note" label={t.note}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={submitting}>
          {t.screenSubmit}
        </Button>
      </Form>
    </Card>
  );
}

function Screenings({ detail, mayScreen, onDone }: { detail: CaseDetail; mayScreen: boolean; onDone: () => void }) {
  if (!detail.screenings.length) return <Empty description={t.noScreenings} />;
  return (
    <Flex vertical gap={12}>
      {detail.screenings.map((s) => (
        <Flex key={s.campaignId} vertical gap={8}>
          <Flex wrap gap="small" align="center">
            <Link to={campaignPage(s.campaignId)}>{s.campaignId}</Link>
            <Badge status={SCREENING_COLOR[s.status]} text={t.screeningStatus[s.status]} />
            {s.late && <Badge status="warning" text={t.late} />}
            <Typography.Text type="secondary">
              {t.dueAt} {day(s.dueAt)}
            </Typography.Text>
            {s.screenedAt && <Typography.Text type="secondary">{when(s.screenedAt)}</Typography.Text>}
          </Flex>
          {s.checks && (
            <Flex wrap gap="small">
              {CHECKS.map((c) => (
                <Badge key={c} status={s.checks?.[c] === 'pass' ? 'success' : 'error'} text={`${CHECK_NAMES[c]}：${s.checks?.[c] === 'pass' ? t.pass : t.fail}`} />
              ))}
            </Flex>
          )}
          {s.note && <Typography.Text>{s.note}</Typography.Text>}
          {mayScreen && !s.checks && <ScreeningForm caseId={detail.id} screening={s} onDone={onDone} />}
        </Flex>
      ))}
    </Flex>
  );
}

/** A case's page: its stage, the petitioner (as the API gives them), clocks, extension, screenings and log. */
export function CasePage() {
  const person = usePerson();
  const { caseId = '' } = useParams();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const { token } = theme.useToken();
  const loaded = useApi((signal) => petitionsApi.case(caseId, signal), [caseId]);
  const detail = loaded.data?.id === caseId ? loaded.data : undefined;
  if (loaded.error && !detail) return <ApiErrorView error={loaded.error} onRetry={loaded.reload} />;
  if (!detail) return <PageLoading />;

  const reach = (ACTIONS.screenPetition as Partial<Record<string, 'own' | 'subtree'>>)[person.role];
  const mayScreen = reach === 'subtree' || (reach === 'own' && detail.unitId === person.unitId);
  const facts = Object.entries(detail.facts).filter((e): e is [string, string] => e[1] !== undefined);

  return (
    <Flex vertical gap={16}>
      <Link to="/petitions" style={{ minHeight: 44, display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <ArrowLeftOutlined /> {t.back}
      </Link>
      <Flex wrap gap="small" align="center">
        <Typography.Title level={2} style={{ margin: 0, wordBreak: 'break-all' }}>
          {detail.id}
        </Typography.Title>
        <Tag>{detail.stageName}</Tag>
        <OverdueTag overdue={detail.overdue} />
      </Flex>
      <Card size="small">
        <Descriptions
          size="small"
          // antd's label grey (45% black) falls short of AA contrast; the app's secondary text colour does not.
          styles={{ label: { color: token.colorTextSecondary } }}
          column={phone ? 1 : 2}
          items={[
            { key: 'summary', label: t.summary, children: detail.summary, span: phone ? 1 : 2 },
            { key: 'unit', label: t.unit, children: detail.unitName },
            { key: 'received', label: t.receivedAt, children: day(detail.receivedAt) },
            ...(detail.petitioner !== undefined ? [{ key: 'petitioner', label: t.petitioner, children: detail.petitioner }] : []),
            ...(detail.contact !== undefined ? [{ key: 'contact', label: t.contact, children: detail.contact }] : []),
            ...(detail.extension
              ? [{ key: 'extension', label: t.extension, children: t.extensionText(detail.extension.days, detail.extension.reason) }]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title={t.clocks}>
        <Clocks clocks={detail.clocks} phone={phone} />
      </Card>
      <Card size="small" title={t.screenings}>
        <Screenings detail={detail} mayScreen={mayScreen} onDone={loaded.reload} />
      </Card>
      <Card size="small" title={t.log}>
        {facts.length > 0 && (
          <Flex wrap gap="small" style={{ marginBottom: 12 }}>
            {facts.map(([k, v]) => (
              <Typography.Text key={k} type="secondary">
                {t.factNames[k] ?? k} {day(v)}
              </Typography.Text>
            ))}
          </Flex>
        )}
        {detail.log.length === 0 ? (
          <Typography.Text type="secondary">{t.noLog}</Typography.Text>
        ) : (
          <Timeline
            items={detail.log.map((e, i) => ({
              key: i,
              content: (
                <span>
                  {when(e.at)} {t.actions[e.action] ?? e.action} · {e.by}
                  {e.note && <Typography.Text type="secondary"> — {e.note}</Typography.Text>}
                </span>
              ),
            }))}
          />
        )}
      </Card>
    </Flex>
  );
}
