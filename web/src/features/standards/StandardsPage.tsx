import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  Form,
  Grid,
  InputNumber,
  List,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useMemo, useState } from 'react';
import { ACTIONS } from '../../../../domain/access';
import { standardKind } from '../../../../domain/standards';
import { ApiError } from '../../api/client';
import { applyApiError } from '../../api/form-errors';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { LightBadge } from '../../app/lights';
import { zh } from '../../i18n/zh-CN';
import { usePerson } from '../session/session';
import { applies, standardsApi, type Attestation, type StandardDef, type StandardRollup, type StandingDirective, type UnitView } from './api';

const t = zh.standards;

/** The evidence field: files uploaded to POST /api/evidence as they are picked; its value is their SHA-256 list. */
function EvidenceUpload({ onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const [files, setFiles] = useState<UploadFile[]>([]);
  const update = (next: UploadFile[]) => {
    setFiles(next);
    onChange?.(next.filter((f) => f.status === 'done').map((f) => (f.response as { sha256: string }).sha256));
  };
  return (
    <Upload
      multiple
      fileList={files}
      accept="image/*,application/pdf,.doc,.docx,.xls,.xlsx,.wps,.odt"
      customRequest={({ file, onSuccess, onError }) => {
        standardsApi.upload(file as File).then(
          (e) => onSuccess?.(e),
          (err: unknown) => onError?.(err instanceof Error ? err : new Error(String(err))),
        );
      }}
      onChange={({ fileList }) =>
        update(fileList.map((f) => (f.status === 'error' && f.error instanceof ApiError ? { ...f, response: f.error.message } : f)))
      }
    >
      <Button icon={<UploadOutlined />}>{t.upload}</Button>
    </Upload>
  );
}

function StandardField({ standard }: { standard: StandardDef }) {
  // Phones: each checklist row a finger's height (44 px).
  const phone = Grid.useBreakpoint().md === false;
  const kind = standardKind(standard);
  const name = ['values', standard.id];
  const label = (
    <span>
      {standard.title.zh}
      <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontWeight: 'normal' }}>
        {t.range(standard.min, standard.max, standard.unit)}
      </Typography.Text>
    </span>
  );
  if (kind === 'checklist')
    return (
      <Form.Item name={name} label={label} extra={t.checklistHint(standard.checklist?.length ?? 0, standard.min)} initialValue={[]}>
        <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
          {standard.checklist?.map((item) => (
            <Checkbox key={item.id} value={item.id} style={{ minHeight: phone ? 44 : 32, alignItems: 'center' }}>
              {item.title.zh}
            </Checkbox>
          ))}
        </Checkbox.Group>
      </Form.Item>
    );
  return (
    <Form.Item
      name={name}
      label={label}
      rules={[
        { required: true, message: t.required },
        ...(kind === 'count' ? [{ validator: (_: unknown, v: unknown) => (v === undefined || v === null || Number.isInteger(v) ? Promise.resolve() : Promise.reject(new Error(t.wholeNumber))) }] : []),
      ]}
    >
      <InputNumber
        min={0}
        max={kind === 'percent' ? 100 : 1_000_000}
        precision={kind === 'count' ? 0 : undefined}
        step={kind === 'percent' ? 0.1 : 1}
        suffix={standard.unit}
        inputMode={kind === 'count' ? 'numeric' : 'decimal'}
        style={{ width: 180 }}
      />
    </Form.Item>
  );
}

/** The attestation form: a directive's standards that bind the unit, with evidence; POST /api/units/:unitId/attestations. */
function AttestForm({ unit, directives, onDone }: { unit: UnitView; directives: StandingDirective[]; onDone: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [directiveId, setDirectiveId] = useState<string | undefined>(directives[0]?.id);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const directive = directives.find((d) => d.id === directiveId);
  const standards = directive?.standards.filter((s) => applies(s, unit)) ?? [];
  if (!directives.length) return <Empty description={t.noApplicable} />;

  const submit = async (values: { values: Record<string, number | string[]>; evidence?: string[] }) => {
    if (!directive) return;
    setSubmitting(true);
    setError(undefined);
    try {
      await standardsApi.attest(unit.id, { directiveId: directive.id, values: values.values, evidence: values.evidence ?? [] });
      void message.success(t.submitted);
      form.resetFields();
      onDone();
    } catch (err) {
      if (!applyApiError(form, err)) setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v as never)} style={{ maxWidth: 720 }}>
      <Form.Item label={t.directive} required>
        <Select
          aria-label={t.chooseDirective}
          value={directiveId}
          onChange={(id: string) => {
            setDirectiveId(id);
            form.resetFields();
          }}
          options={directives.map((d) => ({ value: d.id, label: `${d.code} ${d.title.zh}` }))}
        />
      </Form.Item>
      {standards.map((s) => (
        <StandardField key={`${directiveId}:${s.id}`} standard={s} />
      ))}
      <Form.Item
        name="evidence"
        label={t.evidence}
        extra={t.evidenceHint}
        rules={[{ validator: (_: unknown, v?: string[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t.evidenceRequired))) }]}
      >
        <EvidenceUpload />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={submitting}>
        {t.submit}
      </Button>
    </Form>
  );
}

function History({ attestations, directives }: { attestations: Attestation[]; directives: StandingDirective[] }) {
  if (!attestations.length) return <Empty description={t.noHistory} />;
  const byId = new Map(directives.map((d) => [d.id, d]));
  const itemTitle = (directiveId: string, standardId: string, itemId: string) =>
    byId.get(directiveId)?.standards.find((s) => s.id === standardId)?.checklist?.find((c) => c.id === itemId)?.title.zh ?? itemId;
  return (
    <List
      dataSource={[...attestations].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))}
      renderItem={(a) => {
        const d = byId.get(a.directiveId);
        return (
          <List.Item key={a.id} style={{ display: 'block' }}>
            <Flex justify="space-between" wrap gap="small">
              <Typography.Text strong>
                {d ? `${d.code} ${d.title.zh}` : a.directiveId}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t.attestedAt} {a.attestedAt.slice(0, 16).replace('T', ' ')}
              </Typography.Text>
            </Flex>
            <Flex vertical gap={4} style={{ marginTop: 8 }}>
              {a.results.map((r) => (
                <Flex key={r.standardId} wrap gap="small" align="center">
                  <Badge status={r.compliant ? 'success' : 'error'} text={r.compliant ? t.compliant : t.nonCompliant} />
                  <span>
                    {r.title}：{r.value} {r.unit}
                  </span>
                  {r.missingItems?.length ? (
                    <Typography.Text type="secondary">{t.missingItems(r.missingItems.map((i) => itemTitle(a.directiveId, r.standardId, i)).join('、'))}</Typography.Text>
                  ) : null}
                </Flex>
              ))}
              <Space wrap size={4}>
                <Typography.Text type="secondary">{t.filesCount(a.evidence.length)}</Typography.Text>
                {a.evidence.map((e, i) => (
                  <a key={e.sha256} href={e.url} target="_blank" rel="noreferrer">
                    {t.evidence} {i + 1}
                  </a>
                ))}
              </Space>
            </Flex>
          </List.Item>
        );
      }}
    />
  );
}

const rate = (v: number | null) => (v === null ? '—' : `${v}%`);

function ComplianceCounts({ c }: { c: { applicable: number; compliant: number; nonCompliant: number; missing: number } }) {
  return (
    <Typography.Text type="secondary">
      {t.applicable} {c.applicable} · {t.compliant} {c.compliant} · {t.nonCompliant} {c.nonCompliant} · {t.missing} {c.missing}
    </Typography.Text>
  );
}

/** Per standard and per child unit: compliant, short, not attested; its light (null: no unit bound, no light). */
function Rollup({ unitId, phone }: { unitId: string; phone: boolean }) {
  const [directiveId, setDirectiveId] = useState<string>();
  const loaded = useApi((signal) => standardsApi.rollup(unitId, directiveId, signal), [unitId, directiveId]);
  const all = useApi((signal) => standardsApi.rollup(unitId, undefined, signal), [unitId]);
  if (loaded.error && !loaded.data) return <ApiErrorView error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <PageLoading />;
  const title = (s: StandardRollup) => `${s.title.zh}（${t.range(s.min, s.max, s.unit)}）`;
  return (
    <Flex vertical gap={16}>
      <Select
        aria-label={t.chooseDirective}
        value={directiveId ?? ''}
        onChange={(v: string) => setDirectiveId(v || undefined)}
        style={{ maxWidth: 480, width: '100%' }}
        options={[{ value: '', label: t.allStandards }, ...(all.data ?? loaded.data).directives.map((d) => ({ value: d.directiveId, label: `${d.code} ${d.title}` }))]}
      />
      {loaded.data.directives.length === 0 && <Empty description={t.noStandards} />}
      {loaded.data.directives.map((d) => (
        <Card key={d.directiveId} size="small" title={<span style={{ whiteSpace: 'normal' }}>{`${d.code} ${d.title}`}</span>}>
          {phone ? (
            <List
              dataSource={d.standards}
              renderItem={(s) => (
                <List.Item key={s.standardId} style={{ display: 'block' }}>
                  <Flex justify="space-between" gap="small">
                    <Typography.Text>{title(s)}</Typography.Text>
                    <span style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
                      <LightBadge light={s.light} />
                    </span>
                  </Flex>
                  <div>
                    {t.complianceRate} {rate(s.complianceRate)}
                  </div>
                  <ComplianceCounts c={s} />
                </List.Item>
              )}
            />
          ) : (
            <Table<StandardRollup>
              rowKey="standardId"
              size="small"
              pagination={false}
              dataSource={d.standards}
              expandable={{
                rowExpandable: (s) => s.children.length > 0,
                expandedRowRender: (s) => (
                  <Table
                    rowKey="unitId"
                    size="small"
                    pagination={false}
                    dataSource={s.children}
                    columns={[
                      { title: t.children, dataIndex: 'name' },
                      { title: t.light, dataIndex: 'light', render: (_: unknown, c) => <LightBadge light={c.light} /> },
                      { title: t.complianceRate, dataIndex: 'complianceRate', render: rate },
                      { title: t.applicable, dataIndex: 'applicable' },
                      { title: t.compliant, dataIndex: 'compliant' },
                      { title: t.nonCompliant, dataIndex: 'nonCompliant' },
                      { title: t.missing, dataIndex: 'missing' },
                    ]}
                  />
                ),
              }}
              columns={[
                { title: t.directive, key: 'title', render: (_: unknown, s) => title(s) },
                { title: t.light, dataIndex: 'light', width: 96, render: (_: unknown, s) => <LightBadge light={s.light} /> },
                { title: t.complianceRate, dataIndex: 'complianceRate', width: 96, render: rate },
                { title: t.applicable, dataIndex: 'applicable', width: 110 },
                { title: t.compliant, dataIndex: 'compliant', width: 80 },
                { title: t.nonCompliant, dataIndex: 'nonCompliant', width: 80 },
                { title: t.missing, dataIndex: 'missing', width: 80 },
              ]}
            />
          )}
        </Card>
      ))}
    </Flex>
  );
}

/** 达标: attest the unit's standing standards with evidence (staff), its attestations, and the roll-up with lights. */
export function StandardsPage() {
  const person = usePerson();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const mayAttest = person.role in ACTIONS.attest;
  const catalog = useApi((signal) => standardsApi.catalog(signal), []);
  const unit = useApi((signal) => standardsApi.unit(person.unitId, signal), [person.unitId]);
  const history = useApi((signal) => standardsApi.history(person.unitId, signal), [person.unitId]);
  const [rollupKey, setRollupKey] = useState(0);
  const applicable = useMemo(
    () => (catalog.data && unit.data ? catalog.data.directives.filter((d) => d.standards.some((s) => applies(s, unit.data as UnitView))) : []),
    [catalog.data, unit.data],
  );
  const error = catalog.error ?? unit.error;
  if (error && !(catalog.data && unit.data)) return <ApiErrorView error={error} onRetry={() => (catalog.reload(), unit.reload())} />;
  if (!catalog.data || !unit.data) return <PageLoading />;

  const items = [
    ...(mayAttest
      ? [
          {
            key: 'attest',
            label: t.tabAttest,
            children: (
              <Card size="small">
              <AttestForm
                unit={unit.data}
                directives={applicable}
                onDone={() => {
                  history.reload();
                  setRollupKey((n) => n + 1);
                }}
              />
              </Card>
            ),
          },
        ]
      : []),
    {
      key: 'history',
      label: t.tabHistory,
      children: history.data ? <Card size="small"><History attestations={history.data.attestations} directives={catalog.data.directives} /></Card> : history.error ? <ApiErrorView error={history.error} onRetry={history.reload} /> : <PageLoading />,
    },
    { key: 'rollup', label: t.tabRollup, children: <Rollup key={rollupKey} unitId={person.unitId} phone={phone} /> },
  ];
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t.title}
        </Typography.Title>
        <Typography.Text type="secondary">{unit.data.name}</Typography.Text>
      </div>
      {!mayAttest && <Alert type="info" showIcon title={t.notStaff} />}
      <Tabs items={items} defaultActiveKey={mayAttest ? 'attest' : 'rollup'} />
    </Flex>
  );
}
