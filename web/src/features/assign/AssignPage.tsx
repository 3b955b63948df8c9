import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  TreeSelect,
  Typography,
  theme,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { applyApiError } from '../../api/form-errors';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';
import { assignApi, newKey, type AssignmentPreview, type CatalogDirective, type OrgUnitNode } from './api';
import { RecurringPreviewDrawer } from './RecurringPages';
import type { OrgLevel } from '../../../../domain/org';

const t = zh.assign;
const LEVELS: OrgLevel[] = ['province', 'city', 'county', 'town', 'village'];
const depth = (level: OrgLevel) => LEVELS.indexOf(level);

/** The rule's Chinese name (「年底前」); the API's description goes on in English in brackets, shown on hover. */
export const ruleName = (description: string) => description.split(' (')[0] ?? description;

/** Where a rule comes from, as a coloured dot and its name (coloured tags' text falls below 4.5:1 contrast). */
export const provenanceStatus = { text: 'success', proposed: 'warning', external: 'processing' } as const;

export function ProvenanceTag({ provenance }: { provenance: keyof typeof provenanceStatus }) {
  return <Badge status={provenanceStatus[provenance]} text={zh.provenance[provenance]} />;
}

/** One directive of the catalog: code, title, kinds, each source's quote and where it is from. */
function DirectiveCard({ d, selected, onChoose }: { d: CatalogDirective; selected: boolean; onChoose: () => void }) {
  const { token } = theme.useToken();
  return (
    <Card
      size="small"
      data-directive={d.id}
      style={selected ? { borderColor: token.colorPrimary } : undefined}
      title={
        <Space wrap size={4} style={{ whiteSpace: 'normal' }}>
          <Tag>{d.code}</Tag>
          <span>{d.title.zh}</span>
        </Space>
      }
    >
      <Flex wrap gap={4} style={{ marginBottom: 8 }}>
        {d.kinds.map((k) => (
          <Tag key={k}>{t.kinds[k] ?? k}</Tag>
        ))}
        <Tag>{zh.levels[d.targetLevel]}</Tag>
      </Flex>
      {d.sources.map((s, i) => (
        <div key={i} style={{ marginBottom: 8 }}>
          <Typography.Paragraph style={{ marginBottom: 2 }} ellipsis={{ rows: 3, expandable: true, symbol: '展开' }}>
            「{s.quote}」
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {t.source(s.seed ?? s.title ?? '', s.section ?? s.date ?? '')}
          </Typography.Text>
        </div>
      ))}
      <Button type={selected ? 'default' : 'primary'} onClick={onChoose} disabled={selected} style={{ minHeight: 44 }}>
        {selected ? t.chosen : t.choose}
      </Button>
    </Card>
  );
}

function Catalog({ selectedId, onChoose }: { selectedId: string | undefined; onChoose: (d: CatalogDirective) => void }) {
  const [kind, setKind] = useState<string | undefined>();
  const [level, setLevel] = useState<string | undefined>();
  const [text, setText] = useState('');
  const catalog = useApi((signal) => assignApi.catalog({ kind, level }, signal), [kind, level]);
  const shown = useMemo(() => {
    const q = text.trim().toLowerCase();
    const all = catalog.data?.directives ?? [];
    if (!q) return all;
    return all.filter((d) => [d.code, d.title.zh, d.title.en, ...d.sources.map((s) => s.quote)].some((s) => s.toLowerCase().includes(q)));
  }, [catalog.data, text]);

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.catalogTitle}
      </Typography.Title>
      <Input.Search allowClear placeholder={t.search} aria-label={t.search} value={text} onChange={(e) => setText(e.target.value)} />
      <Flex gap={8} wrap>
        <Select
          aria-label={t.kind}
          value={kind ?? ''}
          onChange={(v: string) => setKind(v || undefined)}
          style={{ minWidth: 140, flex: 1 }}
          options={[{ value: '', label: t.anyKind }, ...Object.entries(t.kinds).map(([value, label]) => ({ value, label }))]}
        />
        <Select
          aria-label={t.level}
          value={level ?? ''}
          onChange={(v: string) => setLevel(v || undefined)}
          style={{ minWidth: 140, flex: 1 }}
          options={[{ value: '', label: t.anyLevel }, ...LEVELS.map((value) => ({ value, label: zh.levels[value] }))]}
        />
      </Flex>
      {catalog.error && !catalog.data ? (
        <ApiErrorView error={catalog.error} onRetry={catalog.reload} />
      ) : !catalog.data ? (
        <PageLoading />
      ) : (
        <>
          <Typography.Text type="secondary">{t.count(shown.length)}</Typography.Text>
          {shown.length === 0 && <Empty description={t.noDirectives} />}
          {shown.map((d) => (
            <DirectiveCard key={d.id} d={d} selected={d.id === selectedId} onChoose={() => onChoose(d)} />
          ))}
        </>
      )}
    </Flex>
  );
}

interface TreeNode {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
  disabled: boolean;
}

/** The org tree from the reader's unit down, children loaded when a node is opened (GET /api/org/units/:id). */
function useOrgTree(targetLevel: OrgLevel) {
  const [nodes, setNodes] = useState<TreeNode[]>([]);
  const loaded = useRef(new Set<string>());
  const root = useApi((signal) => assignApi.org(signal), []);
  const toNodes = (parentId: string | null, units: Array<{ id: string; name: string; level: OrgLevel }>): TreeNode[] =>
    units.map((u) => ({
      id: u.id,
      pId: parentId,
      value: u.id,
      title: `${u.name}（${zh.levels[u.level]}）`,
      // Nothing below the level that gets the tasks can be a scope.
      isLeaf: depth(u.level) >= depth(targetLevel),
      disabled: depth(u.level) > depth(targetLevel),
    }));
  useEffect(() => {
    const r: OrgUnitNode | undefined = root.data;
    if (!r) return;
    loaded.current = new Set([r.id]);
    setNodes([...toNodes(null, [r]), ...toNodes(r.id, r.children)]);
    // Rebuilt when the target level changes (which nodes are leaves and disabled).
  }, [root.data, targetLevel]);
  const loadData = async ({ id }: { id?: string }) => {
    if (!id || loaded.current.has(id)) return;
    loaded.current.add(id);
    const unit = await assignApi.unit(id);
    setNodes((prev) => [...prev, ...toNodes(unit.id, unit.children).filter((n) => !prev.some((p) => p.id === n.id))]);
  };
  return { nodes, loadData, root };
}

interface FormValues {
  mode: 'once' | 'recurring';
  scopeUnitId?: string;
  targetLevel: OrgLevel;
  deadlineMode: 'default' | 'custom';
  dueDate?: Dayjs;
  note?: string;
  issueCurrentPeriod?: boolean;
}

/** The end of a chosen Shanghai day, as the API reads a local date-time. */
const endOfDay = (d: Dayjs) => `${d.format('YYYY-MM-DD')}T23:59:59.999+08:00`;

function AssignForm({ directive }: { directive: CatalogDirective }) {
  const [form] = Form.useForm<FormValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const recurs = directive.cadence !== undefined;
  // A directive that recurs first of all is assigned as a recurring duty by default; one assigned once (关爱基金 by
  // year end, then kept up each year) is assigned once by default, and may also be set up to recur.
  const firstMode: FormValues['mode'] = recurs && directive.kinds[0] === 'recurring' ? 'recurring' : 'once';
  const mode = Form.useWatch('mode', form) ?? firstMode;
  const scopeUnitId = Form.useWatch('scopeUnitId', form);
  const targetLevel = Form.useWatch('targetLevel', form) ?? directive.targetLevel;
  const deadlineMode = Form.useWatch('deadlineMode', form) ?? 'default';
  const dueDate = Form.useWatch('dueDate', form);
  const tree = useOrgTree(targetLevel);
  const [preview, setPreview] = useState<{ data?: AssignmentPreview; error?: ApiError; loading: boolean }>({ loading: false });
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError>();
  const [whatIf, setWhatIf] = useState(false);
  const issueCurrentPeriod = Form.useWatch('issueCurrentPeriod', form);
  // One key per submission: a double click or a retry after a lost answer sends the same key, so one assignment.
  const key = useRef(newKey());

  const dueAt = deadlineMode === 'custom' && dueDate ? endOfDay(dueDate) : undefined;

  useEffect(() => {
    if (!scopeUnitId || (deadlineMode === 'custom' && !dueAt)) {
      setPreview({ loading: false });
      return;
    }
    const controller = new AbortController();
    setPreview((p) => ({ ...p, loading: true }));
    const timer = setTimeout(() => {
      assignApi
        .preview({ directiveId: directive.id, scopeUnitId, targetLevel, ...(mode === 'once' && dueAt ? { dueAt } : {}) }, controller.signal)
        .then(
          (data) => setPreview({ data, loading: false }),
          (err: unknown) => {
            if (controller.signal.aborted) return;
            if (err instanceof ApiError) {
              applyApiError(form, err.field === 'dueAt' ? new ApiError(err.status, err.code, err.message, 'dueDate') : err);
              setPreview({ error: err, loading: false });
            }
          },
        );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [directive.id, scopeUnitId, targetLevel, dueAt, mode]);

  const submit = async (values: FormValues) => {
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      if (values.mode === 'recurring') {
        const created = await assignApi.createRecurring({
          id: `r-${key.current}`,
          directiveId: directive.id,
          scopeUnitId: values.scopeUnitId as string,
          targetLevel: values.targetLevel,
          ...(values.note ? { note: values.note } : {}),
          ...(values.issueCurrentPeriod ? { issueCurrentPeriod: true } : {}),
        });
        message.success(t.createdRecurring);
        void navigate(`/assign/recurring/${encodeURIComponent(created.id)}`);
      } else {
        const created = await assignApi.create(
          {
            directiveId: directive.id,
            scopeUnitId: values.scopeUnitId as string,
            targetLevel: values.targetLevel,
            ...(dueAt ? { dueAt } : {}),
            ...(values.note ? { note: values.note } : {}),
          },
          key.current,
        );
        message.success(t.created(created.taskCount));
        void navigate(`/assign/assignments/${encodeURIComponent(created.id)}`);
      }
      key.current = newKey();
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
      const field = error.field === 'dueAt' ? 'dueDate' : error.field;
      if (!applyApiError(form, new ApiError(error.status, error.code, error.message, field))) setSubmitError(error);
    } finally {
      setSubmitting(false);
    }
  };

  const p = preview.data;
  return (
    <Card title={t.formTitle(directive.code, directive.title.zh)} styles={{ title: { whiteSpace: 'normal' } }}>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ mode: firstMode, targetLevel: directive.targetLevel, deadlineMode: 'default' }}
        onValuesChange={() => {
          // Other fields, another request: a fresh key (the server refuses a key reused for a different request).
          key.current = newKey();
          setSubmitError(undefined);
        }}
        onFinish={(v) => void submit(v)}
      >
        {recurs && (
          <Form.Item name="mode" label={t.mode}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'once', label: t.modeOnce },
                { value: 'recurring', label: t.modeRecurring },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="scopeUnitId" label={t.scope} extra={t.scopeHint} rules={[{ required: true, message: t.scopeRequired }]}>
          <TreeSelect
            treeDataSimpleMode
            treeData={tree.nodes}
            loadData={(node) => tree.loadData(node as { id?: string })}
            showSearch={{ treeNodeFilterProp: 'title' }}
            loading={tree.root.loading}
            style={{ width: '100%' }}
            popupMatchSelectWidth
          />
        </Form.Item>
        <Form.Item name="targetLevel" label={t.targetLevel}>
          <Select options={directive.levels.map((l) => ({ value: l, label: zh.levels[l] }))} />
        </Form.Item>
        {mode === 'once' ? (
          <>
            <Form.Item name="deadlineMode" label={t.deadline}>
              <Radio.Group
                options={[
                  { value: 'default', label: t.deadlineDefault },
                  { value: 'custom', label: t.deadlineCustom },
                ]}
              />
            </Form.Item>
            <Alert
              type="info"
              style={{ marginBottom: 16 }}
              title={
                <Space wrap size={4}>
                  <span title={directive.deadline.description}>
                    {t.deadlineRule}：{ruleName(directive.deadline.description)}
                  </span>
                  <ProvenanceTag provenance={directive.deadline.provenance} />
                </Space>
              }
              description={directive.deadline.note}
            />
            {deadlineMode === 'custom' && (
              <Form.Item name="dueDate" label={t.deadlineDate} rules={[{ required: true, message: t.deadlineDateRequired }]}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d: Dayjs) => d.endOf('day').valueOf() <= Date.now()} />
              </Form.Item>
            )}
          </>
        ) : (
          <>
            <Form.Item label={t.cadence}>
              <Space wrap size={4}>
                <span>{t.cadences[directive.cadence?.rule.every ?? ''] ?? directive.cadence?.rule.every}</span>
                {directive.cadence && <ProvenanceTag provenance={directive.cadence.provenance} />}
              </Space>
              {directive.cadence?.note && <Typography.Paragraph type="secondary">{directive.cadence.note}</Typography.Paragraph>}
            </Form.Item>
            <Form.Item name="issueCurrentPeriod" valuePropName="checked">
              <Checkbox>{t.issueCurrent}</Checkbox>
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label={t.note}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <div aria-live="polite" style={{ marginBottom: 16 }}>
          {preview.loading ? (
            <Spin size="small" description={t.previewLoading} />
          ) : p ? (
            <Alert
              type={p.taskCount === 0 ? 'warning' : 'success'}
              data-testid="assign-preview"
              title={
                p.taskCount === 0
                  ? t.previewEmpty
                  : mode === 'recurring'
                    ? t.previewRecurring(p.taskCount, zh.levels[p.targetLevel])
                    : t.previewText(p.taskCount, zh.levels[p.targetLevel], p.dueAt.slice(0, 10))
              }
              description={
                mode === 'once' && p.dueAtFrom === 'rule' ? (
                  <Space wrap size={4}>
                    <span title={p.deadline.description}>{t.previewFromRule(ruleName(p.deadline.description))}</span>
                    <ProvenanceTag provenance={p.deadline.provenance} />
                  </Space>
                ) : undefined
              }
            />
          ) : preview.error && !preview.error.field ? (
            <Alert type="error" title={preview.error.message} />
          ) : null}
        </div>
        {submitError && <Alert type="error" style={{ marginBottom: 16 }} title={submitError.message} />}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={submitting} disabled={!p || p.taskCount === 0} style={{ minHeight: 44 }}>
            {mode === 'recurring' ? t.submitRecurring : t.submit}
          </Button>
          {mode === 'recurring' && (
            <Button onClick={() => setWhatIf(true)} disabled={!p || p.taskCount === 0 || !scopeUnitId} style={{ minHeight: 44 }}>
              {t.whatIf}
            </Button>
          )}
        </Space>
        {mode === 'recurring' && scopeUnitId && (
          <RecurringPreviewDrawer
            open={whatIf}
            onClose={() => setWhatIf(false)}
            onCreate={() => {
              setWhatIf(false);
              form.submit();
            }}
            fields={{ directiveId: directive.id, scopeUnitId, targetLevel, ...(issueCurrentPeriod ? { issueCurrentPeriod: true } : {}) }}
          />
        )}
      </Form>
    </Card>
  );
}

/** 交办: find a directive in the catalog, choose a scope and a deadline, see what it will make, assign. */
export function AssignPage() {
  const [directive, setDirective] = useState<CatalogDirective>();
  const formRef = useRef<HTMLDivElement>(null);
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t.title}
        </Typography.Title>
        <Space wrap>
          <Link to="/assign/assignments">{t.listLink}</Link>
          <Link to="/assign/recurring">{t.recurringLink}</Link>
        </Space>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Catalog
            selectedId={directive?.id}
            onChoose={(d) => {
              setDirective(d);
              setTimeout(() => formRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 0);
            }}
          />
        </Col>
        <Col xs={24} lg={14}>
          <div ref={formRef} style={{ position: 'sticky', top: 16 }}>
            {directive ? <AssignForm key={directive.id} directive={directive} /> : <Card><Empty description={t.pickDirective} /></Card>}
          </div>
        </Col>
      </Row>
    </Flex>
  );
}
