import { Alert, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { applyApiError } from '../../api/form-errors';
import { zh } from '../../i18n/zh-CN';
import { tasksApi, type TaskDetail } from './api';
import { addDays, dayOf } from './format';

const t = zh.tasks.extension;

/** 延期申请: a reason and a later day (the API makes it that day's last instant); sent to the assigning leader. */
export function ExtensionForm({ task, onDone, onCancel }: { task: TaskDetail; onDone: (task: TaskDetail) => void; onCancel: () => void }) {
  const [form] = Form.useForm<{ reason: string; dueDate: string }>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();
  const current = dayOf(task.dueAt);

  async function submit(values: { reason: string; dueDate: string }) {
    setFormError(undefined);
    setSaving(true);
    try {
      onDone(await tasksApi.requestExtension(task.id, { reason: values.reason.trim(), dueDate: values.dueDate }));
    } catch (err) {
      if (!applyApiError(form, err)) setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false} noValidate aria-label={t.title}>
      <Form.Item name="reason" label={t.reason} rules={[{ required: true, whitespace: true, message: t.required }]}>
        <Input.TextArea maxLength={500} rows={2} />
      </Form.Item>
      <Form.Item name="dueDate" label={t.dueDate} extra={t.dueDateHint(current)} rules={[{ required: true, message: t.required }]}>
        <Input type="date" min={addDays(current, 1)} size="large" />
      </Form.Item>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={saving} size="large">
          {zh.tasks.submit}
        </Button>
        <Button onClick={onCancel} size="large">
          {zh.tasks.cancel}
        </Button>
      </Space>
    </Form>
  );
}
