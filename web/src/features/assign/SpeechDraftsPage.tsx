import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Form, Input, InputNumber, Row, Select, Space, Tag, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { reachOf } from '../../../../domain/access';
import type { Cadence } from '../../../../domain/catalog/types';
import type { DeadlineRule } from '../../../../domain/deadline';
import type { OrgLevel } from '../../../../domain/org';
import type { SpeechDraft } from '../../../../domain/speech/extract';
import { toDirectiveBody } from '../../../../domain/speech/to-directive';
import { ApiError } from '../../api/client';
import { applyApiError } from '../../api/form-errors';
import { usePerson } from '../session/session';
import { zh } from '../../i18n/zh-CN';
import { newKey } from './api';
import { ProvenanceTag } from './AssignPage';
import { speechApi, type SpeechFields, type SpeechReply } from './speech-api';

const t = zh.speech;
const LEVELS: OrgLevel[] = ['city', 'county', 'town', 'village'];
const KINDS = ['one-off', 'recurring', 'event', 'standing'] as const;
const RULE_TYPES = ['endOfYear', 'endOfQuarter', 'endOfMonth', 'withinDays', 'withinWorkingDays', 'withinHours'] as const;
const EVERY = ['week', 'month', 'quarter', 'year'] as const;

const messageOf = (err: unknown) => (err instanceof ApiError || err instanceof Error ? err.message : String(err));

/** A rule as its type asks: the count of days or hours kept when switching between counted rules. */
function ruleOf(type: (typeof RULE_TYPES)[number], previous: DeadlineRule): DeadlineRule {
  const count = 'days' in previous ? previous.days : 'hours' in previous ? previous.hours : 30;
  if (type === 'withinDays' || type === 'withinWorkingDays') return { type, days: count };
  if (type === 'withinHours') return { type, hours: count };
  return { type };
}

/** The deadline rule: its type, and the count when it counts days or hours. */
function RuleEditor({ id, rule, onChange }: { id: string; rule: DeadlineRule; onChange: (rule: DeadlineRule) => void }) {
  const count = 'days' in rule ? rule.days : 'hours' in rule ? rule.hours : undefined;
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        id={id}
        value={rule.type}
        style={{ flex: 2, minWidth: 0 }}
        onChange={(type) => onChange(ruleOf(type, rule))}
        options={RULE_TYPES.map((value) => ({ value, label: t.rules[value] }))}
      />
      {count !== undefined && (
        <InputNumber
          aria-label={'hours' in rule ? t.hours : t.days}
          min={1}
          max={3650}
          value={count}
          style={{ flex: 1, minWidth: 72 }}
          onChange={(value) => {
            if (typeof value !== 'number') return;
            onChange('hours' in rule ? { type: 'withinHours', hours: value } : { type: rule.type as 'withinDays' | 'withinWorkingDays', days: value });
          }}
        />
      )}
    </Space.Compact>
  );
}

/** One proposed directive: the speech's words and cue, the guesses to check and edit, and 保存为草稿. */
function DraftCard({ draft, index, source }: { draft: SpeechDraft; index: number; source: SpeechReply['source'] }) {
  const [edited, setEdited] = useState<SpeechDraft>(draft);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<string>();
  // One key per content: a double click saves once; an edit after a refusal is a new request.
  const [key, setKey] = useState(newKey);
  const maySave = reachOf(usePerson().role, 'draftDirective') !== undefined;
  const set = (patch: Partial<SpeechDraft>) => {
    setEdited((d) => ({ ...d, ...patch }));
    setKey(newKey());
  };
  const id = (field: string) => `draft-${index}-${field}`;

  const cadenceOptions = [
    { value: '', label: t.noCadence },
    ...EVERY.map((value) => ({ value, label: t.cadences[value] })),
    ...(draft.cadence && !EVERY.includes(draft.cadence.rule.every as (typeof EVERY)[number])
      ? [{ value: draft.cadence.rule.every, label: `${t.cadences[draft.cadence.rule.every]}（${'holidays' in draft.cadence.rule ? draft.cadence.rule.holidays.join('、') : 'periods' in draft.cadence.rule ? draft.cadence.rule.periods.join('、') : ''}）` }]
      : []),
  ];
  const setCadence = (every: string) => {
    if (!every) return set({ cadence: undefined });
    if (draft.cadence && draft.cadence.rule.every === every) return set({ cadence: draft.cadence });
    set({ cadence: { rule: { every } as Cadence, provenance: 'proposed' } });
  };

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const body = toDirectiveBody({ ...edited, title: edited.title.trim() || draft.title }, { title: source.name, date: source.speechDate });
      const created = await speechApi.saveDraft(body, key);
      setSaved(created.id);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" data-draft={index} title={<span style={{ whiteSpace: 'normal' }}>{`${index + 1}. ${edited.title}`}</span>}>
      <Typography.Paragraph style={{ marginBottom: 4, wordBreak: 'break-all' }} ellipsis={{ rows: 4, expandable: true, symbol: '展开' }}>
        「{draft.quote}」
      </Typography.Paragraph>
      <Flex wrap gap={4} style={{ marginBottom: 12 }}>
        <Tag color="blue">{`${t.cue}：${draft.cue}`}</Tag>
        {draft.section && <Tag>{t.section(draft.section)}</Tag>}
      </Flex>
      <Form layout="vertical" component="div">
        <Form.Item label={t.draftTitle} htmlFor={id('title')} style={{ marginBottom: 12 }}>
          <Input id={id('title')} value={edited.title} maxLength={100} onChange={(e) => set({ title: e.target.value })} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item label={t.kinds} htmlFor={id('kinds')} style={{ marginBottom: 12 }}>
              <Select
                id={id('kinds')}
                mode="multiple"
                value={edited.kinds}
                onChange={(kinds) => kinds.length && set({ kinds })}
                options={KINDS.map((value) => ({ value, label: zh.assign.kinds[value] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t.targetLevel} htmlFor={id('level')} style={{ marginBottom: 12 }}>
              <Select
                id={id('level')}
                value={edited.targetLevel}
                onChange={(targetLevel: OrgLevel) => set({ targetLevel, levels: LEVELS.filter((l) => l === targetLevel || edited.levels.includes(l)) })}
                options={LEVELS.map((value) => ({ value, label: zh.levels[value] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t.deadline} htmlFor={id('deadline')} style={{ marginBottom: 4 }}>
              <RuleEditor id={id('deadline')} rule={edited.deadline.rule} onChange={(rule) => set({ deadline: { rule, provenance: 'proposed' } })} />
            </Form.Item>
            <Flex wrap gap={8} style={{ marginBottom: 12 }}>
              <ProvenanceTag provenance={edited.deadline.provenance} />
              {edited.deadline.dueDate && <Typography.Text type="secondary">{t.dueDate(edited.deadline.dueDate)}</Typography.Text>}
            </Flex>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t.cadence} htmlFor={id('cadence')} style={{ marginBottom: 4 }}>
              <Select id={id('cadence')} value={edited.cadence?.rule.every ?? ''} onChange={setCadence} options={cadenceOptions} />
            </Form.Item>
            {edited.cadence && (
              <div style={{ marginBottom: 12 }}>
                <ProvenanceTag provenance={edited.cadence.provenance} />
              </div>
            )}
          </Col>
        </Row>
        <Typography.Text strong>{t.steps}</Typography.Text>
        <Flex vertical gap={6} style={{ margin: '6px 0 12px' }}>
          {edited.steps.length === 0 && <Typography.Text type="secondary">{t.noSteps}</Typography.Text>}
          {edited.steps.map((step, k) => (
            <Flex key={k} gap={6}>
              <Input
                aria-label={`${t.steps} ${k + 1}`}
                value={step}
                placeholder={t.stepPlaceholder}
                onChange={(e) => set({ steps: edited.steps.map((s, j) => (j === k ? e.target.value : s)) })}
              />
              <Button aria-label={`${t.removeStep} ${k + 1}`} icon={<DeleteOutlined />} onClick={() => set({ steps: edited.steps.filter((_, j) => j !== k) })} />
            </Flex>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => set({ steps: [...edited.steps, ''] })} style={{ alignSelf: 'flex-start' }}>
            {t.addStep}
          </Button>
        </Flex>
      </Form>
      {error && <Alert type="error" showIcon title={`${t.saveFailed}：${error}`} style={{ marginBottom: 8 }} />}
      {saved ? (
        <Alert type="success" showIcon title={t.saved(saved)} />
      ) : !maySave ? (
        <Typography.Text type="secondary">{t.leadersSave}</Typography.Text>
      ) : (
        <Button type="primary" loading={saving} onClick={() => void save()} style={{ minHeight: 44 }}>
          {t.save}
        </Button>
      )}
    </Card>
  );
}

interface SpeechForm {
  name?: string;
  speechDate?: Dayjs | null;
  text?: string;
}

/** 讲话生成草稿: paste a speech or upload it, review the drafts it proposes, save the ones to keep. */
export function SpeechDraftsPage() {
  const [form] = Form.useForm<SpeechForm>();
  const [reply, setReply] = useState<SpeechReply>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const fields = (): SpeechFields => {
    const v = form.getFieldsValue();
    return { name: v.name?.trim() || undefined, speechDate: v.speechDate?.format('YYYY-MM-DD') };
  };
  const run = async (call: () => Promise<SpeechReply>) => {
    setBusy(true);
    setError(undefined);
    try {
      setReply(await call());
    } catch (err) {
      if (!applyApiError(form, err)) setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1100 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t.intro}
      </Typography.Paragraph>
      <Card size="small">
        <Form form={form} layout="vertical" onFinish={(v) => void run(() => speechApi.fromText(v.text ?? '', fields()))}>
          <Row gutter={12}>
            <Col xs={24} md={14}>
              <Form.Item name="name" label={t.name}>
                <Input placeholder={t.namePlaceholder} maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="speechDate" label={t.speechDate} extra={t.speechDateHint}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="text" label={t.text} rules={[{ required: true, whitespace: true, message: t.textRequired }]}>
            <Input.TextArea rows={8} placeholder={t.textPlaceholder} />
          </Form.Item>
          <Flex wrap gap={8}>
            <Button type="primary" htmlType="submit" loading={busy} style={{ minHeight: 44 }}>
              {t.generate}
            </Button>
            <Upload
              accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
              showUploadList={false}
              beforeUpload={(file) => {
                void run(() => speechApi.fromFile(file, fields()));
                return Upload.LIST_IGNORE;
              }}
            >
              <Button icon={<UploadOutlined />} disabled={busy} style={{ minHeight: 44 }}>
                {t.upload}
              </Button>
            </Upload>
          </Flex>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Card>
      {reply && (
        <Flex vertical gap={12} data-testid="speech-drafts">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t.count(reply.count, reply.source.name)}
          </Typography.Title>
          {reply.count === 0 && <Empty description={t.none} />}
          {reply.drafts.map((draft, index) => (
            <DraftCard key={`${reply.source.name}-${draft.at}`} draft={draft} index={index} source={reply.source} />
          ))}
        </Flex>
      )}
    </Flex>
  );
}
