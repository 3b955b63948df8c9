import { Alert, Button, Checkbox, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { applyApiError } from '../../api/form-errors';
import { zh } from '../../i18n/zh-CN';
import { dayOf } from '../tasks/format';
import { splitApi, type HolderUnit, type SplitDetail } from './api';

const t = zh.split;

/** A finger's target on a phone. */
const TARGET = { minHeight: 44, alignItems: 'center' } as const;

/** At least one chosen, checked without `required` (antd would set aria-required on the group, which a group may not carry). */
const someChosen = (message: string) => ({
  validator: (_: unknown, value: unknown) => (Array.isArray(value) && value.length > 0 ? Promise.resolve() : Promise.reject(new Error(message))),
});

interface Values {
  unitIds: string[];
  dueAt: string;
  stepIds: string[];
}

/**
 * 分解: the child units not yet handed a sub-task (all, or some), a deadline no later than the task's own, and the
 * steps to hand down (all by default). The API's refusals show beside the field they name.
 */
export function SplitForm({ task, unit, onDone, onCancel }: { task: SplitDetail; unit: HolderUnit; onDone: (after: SplitDetail, count: number) => void; onCancel: () => void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();
  const taken = new Set((task.subTasks ?? []).map((s) => s.unitId));
  const free = unit.children.filter((c) => !taken.has(c.id));
  const due = dayOf(task.dueAt);
  const chosen = Form.useWatch('unitIds', form) ?? [];

  async function submit(values: Values) {
    setFormError(undefined);
    setSaving(true);
    try {
      onDone(await splitApi.split(task.id, values), values.unitIds.length);
    } catch (err) {
      if (!applyApiError(form, err)) setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  }

  if (free.length === 0) return <Alert type="info" showIcon title={t.noneLeft} />;
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => void submit(values)}
      requiredMark={false}
      noValidate
      aria-label={t.title}
      initialValues={{ unitIds: [], dueAt: due, stepIds: task.steps.map((s) => s.id) }}
    >
      <Alert type="info" title={t.intro} style={{ marginBottom: 16 }} />
      <Form.Item label={t.units}>
        <Checkbox
          checked={chosen.length === free.length}
          indeterminate={chosen.length > 0 && chosen.length < free.length}
          onChange={(e) => form.setFieldValue('unitIds', e.target.checked ? free.map((c) => c.id) : [])}
          style={TARGET}
        >
          {t.allUnits}
        </Checkbox>
        <Form.Item name="unitIds" noStyle rules={[someChosen(t.unitsRequired)]}>
          <Checkbox.Group data-testid="split-units" style={{ display: 'flex', flexWrap: 'wrap', columnGap: 16 }}>
            {free.map((c) => (
              <Checkbox key={c.id} value={c.id} style={TARGET}>
                {c.name}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
      </Form.Item>
      <Form.Item name="dueAt" label={t.dueDate} extra={t.dueDateHint(due)} rules={[{ required: true, message: t.dueDate }]}>
        <Input type="date" max={due} size="large" />
      </Form.Item>
      <Form.Item name="stepIds" label={t.steps} rules={[someChosen(t.stepsRequired)]}>
        <Checkbox.Group style={{ display: 'flex', flexDirection: 'column' }}>
          {task.steps.map((s) => (
            <Checkbox key={s.id} value={s.id} style={TARGET}>
              {s.title}
            </Checkbox>
          ))}
        </Checkbox.Group>
      </Form.Item>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={saving} size="large">
          {t.submit}
        </Button>
        <Button onClick={onCancel} size="large">
          {zh.tasks.cancel}
        </Button>
      </Space>
    </Form>
  );
}
