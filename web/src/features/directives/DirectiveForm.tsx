import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, InputNumber, Select } from 'antd';
import { useState } from 'react';
import { ORG_LEVELS, type OrgLevel } from '../../../../domain/org';
import { ApiError } from '../../api/client';
import { zh } from '../../i18n/zh-CN';
import type { DirectiveBody, DirectiveContent, DirectiveKind, SourceKind } from './api';

const f = zh.directives.form;
const KINDS: DirectiveKind[] = ['one-off', 'recurring', 'standing', 'event'];
const DEADLINE_TYPES = ['endOfYear', 'endOfQuarter', 'endOfMonth', 'withinDays', 'withinWorkingDays', 'withinHours'] as const;
const COUNTED = new Set(['withinDays', 'withinWorkingDays', 'withinHours']);
const CADENCES = ['none', 'week', 'month', 'quarter', 'year'] as const;

interface Values {
  title: string;
  sourceKind: SourceKind;
  sourceTitle?: string;
  sourceDate?: string;
  quote: string;
  kinds: DirectiveKind[];
  targetLevel: OrgLevel;
  steps: Array<{ id?: string; title: string }>;
  evidence: string[];
  deadlineType: string;
  deadlineCount?: number;
  cadence: string;
}

/** The form's values for a version (or a blank directive). */
function valuesOf(base: DirectiveContent | undefined): Values {
  const source = base?.sources[0];
  const rule = base?.deadline.rule;
  const every = base?.cadence?.rule.every;
  return {
    title: base?.title.zh ?? '',
    sourceKind: source?.kind ?? 'speech',
    sourceTitle: source?.title,
    sourceDate: source?.date,
    quote: source?.quote ?? '',
    kinds: base?.kinds ?? ['one-off'],
    targetLevel: base?.targetLevel ?? 'county',
    steps: base?.steps.map((s) => ({ id: s.id, title: s.title.zh })) ?? [{ title: '' }],
    evidence: base?.evidence ?? [],
    deadlineType: rule?.type ?? 'endOfYear',
    deadlineCount: rule?.days ?? rule?.hours,
    cadence: every === undefined ? 'none' : (CADENCES as readonly string[]).includes(every) ? every : 'keep',
  };
}

/**
 * The body the API takes, from the form over the version it edits: what the form does not show (other sources,
 * standards, triggers, responsible levels, English titles and provenances of what is unchanged) is kept.
 */
function bodyOf(v: Values, base: DirectiveContent | undefined): DirectiveBody {
  const baseSource = base?.sources[0];
  const sameQuote = baseSource?.quote === v.quote.trim();
  const rule = { type: v.deadlineType, ...(v.deadlineType === 'withinHours' ? { hours: v.deadlineCount } : COUNTED.has(v.deadlineType) ? { days: v.deadlineCount } : {}) };
  const sameRule = base !== undefined && JSON.stringify(base.deadline.rule) === JSON.stringify(rule);
  const cadence =
    v.cadence === 'none'
      ? undefined
      : v.cadence === 'keep' || v.cadence === base?.cadence?.rule.every
        ? base?.cadence
        : { rule: { every: v.cadence }, provenance: 'text' };
  return {
    title: { zh: v.title.trim(), en: base?.title.zh === v.title.trim() ? base.title.en : '' },
    kinds: v.kinds,
    sources: [
      {
        ...(sameQuote && baseSource ? { seed: baseSource.seed, section: baseSource.section } : {}),
        kind: v.sourceKind,
        ...(v.sourceTitle ? { title: v.sourceTitle } : {}),
        ...(v.sourceDate ? { date: v.sourceDate } : {}),
        quote: v.quote.trim(),
      },
      ...(base?.sources.slice(1) ?? []),
    ],
    levels: [...new Set([...(base?.levels ?? []), v.targetLevel])],
    targetLevel: v.targetLevel,
    steps: v.steps.map((s) => {
      const was = base?.steps.find((b) => b.id === s.id);
      return {
        ...(s.id ? { id: s.id } : {}),
        title: { zh: s.title.trim(), en: was?.title.zh === s.title.trim() ? was.title.en : '' },
        provenance: was?.provenance ?? 'text',
      } as DirectiveContent['steps'][number];
    }),
    evidence: v.evidence,
    standards: base?.standards ?? [],
    deadline: sameRule && base ? { rule: base.deadline.rule, provenance: base.deadline.provenance, ...(base.deadline.note ? { note: base.deadline.note } : {}) } : { rule, provenance: 'text' },
    ...(cadence ? { cadence: cadence as DirectiveContent['cadence'] } : {}),
    ...(base?.triggers ? { triggers: base.triggers } : {}),
    ...(base?.externalDependency ? { externalDependency: base.externalDependency } : {}),
  };
}

/** The form item an API field names (`sources.0.quote` → 原文摘录), if the form shows it. */
function itemOf(field: string): Array<string | number> | undefined {
  const step = /^steps\.(\d+)\.title/.exec(field);
  if (step) return ['steps', Number(step[1]), 'title'];
  const map: Array<[RegExp, string]> = [
    [/^title/, 'title'],
    [/^sources\.0\.quote/, 'quote'],
    [/^sources\.0\.title/, 'sourceTitle'],
    [/^sources\.0\.date/, 'sourceDate'],
    [/^sources\.0\.kind/, 'sourceKind'],
    [/^kinds/, 'kinds'],
    [/^(targetLevel|levels)/, 'targetLevel'],
    [/^evidence/, 'evidence'],
    [/^deadline\.rule\.(days|hours)/, 'deadlineCount'],
    [/^deadline/, 'deadlineType'],
    [/^cadence/, 'cadence'],
  ];
  const found = map.find(([re]) => re.test(field));
  return found ? [found[1]] : undefined;
}

/** Create or edit a directive: title, source with its quote, kind, target level, steps, evidence, deadline or cadence. */
export function DirectiveForm({
  base,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  base?: DirectiveContent;
  submitLabel: string;
  onSubmit: (body: DirectiveBody) => Promise<void>;
  onCancel?: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const deadlineType = Form.useWatch('deadlineType', form);
  const hasKeep = base?.cadence !== undefined && !(CADENCES as readonly string[]).includes(base.cadence.rule.every);

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      await onSubmit(bodyOf(values, base));
    } catch (err) {
      const item = err instanceof ApiError && err.field ? itemOf(err.field) : undefined;
      if (item && err instanceof ApiError) form.setFields([{ name: item as never, errors: [err.message] }]);
      else void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" initialValues={valuesOf(base)} onFinish={(v) => void submit(v)} style={{ maxWidth: 720 }}>
      <Form.Item name="title" label={f.title} rules={[{ required: true, whitespace: true, message: f.titleRequired }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="sourceKind" label={f.sourceKind} style={{ minWidth: 160, flex: '1 1 160px' }}>
          <Select options={(['speech', 'instruction', 'meeting'] as const).map((k) => ({ value: k, label: f.sourceKinds[k] }))} />
        </Form.Item>
        <Form.Item name="sourceTitle" label={f.sourceTitle} style={{ flex: '2 1 220px' }}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="sourceDate" label={f.sourceDate} style={{ flex: '1 1 140px' }} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: f.sourceDate }]}>
          <Input maxLength={10} />
        </Form.Item>
      </Flex>
      <Form.Item name="quote" label={f.quote} rules={[{ required: true, whitespace: true, min: 4, message: f.quoteRequired }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="kinds" label={f.kinds} rules={[{ required: true, message: f.kindsRequired }]} style={{ flex: '2 1 240px' }}>
          <Select mode="multiple" options={KINDS.map((k) => ({ value: k, label: zh.assign.kinds[k] }))} />
        </Form.Item>
        <Form.Item name="targetLevel" label={f.targetLevel} style={{ flex: '1 1 180px' }}>
          <Select options={ORG_LEVELS.map((l) => ({ value: l, label: zh.levels[l] }))} />
        </Form.Item>
      </Flex>
      <Form.Item label={f.steps} required>
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item name={[field.name, 'title']} rules={[{ required: true, whitespace: true, message: f.stepRequired }]} style={{ flex: 1, marginBottom: 0 }}>
                    <Input aria-label={f.step(i + 1)} placeholder={f.step(i + 1)} maxLength={200} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button type="text" icon={<MinusCircleOutlined />} aria-label={`${f.removeStep} ${i + 1}`} onClick={() => remove(field.name)} />
                  )}
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '' })}>
                {f.addStep}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="evidence" label={f.evidence}>
        <Select mode="tags" placeholder={f.evidencePlaceholder} open={false} suffixIcon={null} />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="deadlineType" label={f.deadline} style={{ flex: '2 1 180px' }}>
          <Select options={DEADLINE_TYPES.map((d) => ({ value: d, label: f.deadlineTypes[d] }))} />
        </Form.Item>
        {COUNTED.has(deadlineType ?? '') && (
          <Form.Item name="deadlineCount" label={f.days} rules={[{ required: true, message: f.days }]} style={{ flex: '1 1 120px' }}>
            <InputNumber min={1} max={366} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="cadence" label={f.cadence} style={{ flex: '2 1 180px' }}>
          <Select options={[...CADENCES, ...(hasKeep ? ['keep'] : [])].map((c) => ({ value: c, label: f.cadences[c] }))} />
        </Form.Item>
      </Flex>
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" loading={busy}>
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>{zh.directives.cancel}</Button>}
      </Flex>
    </Form>
  );
}
