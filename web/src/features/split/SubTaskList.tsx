import { Alert, Button, Flex, Form, Input, List, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { applyApiError } from '../../api/form-errors';
import { zh } from '../../i18n/zh-CN';
import { StatusTag } from '../tasks/StatusTag';
import { TaskLight } from '../tasks/TaskLight';
import { dayTimeOf, deadlineOf, taskLight } from '../tasks/format';
import { splitApi, type Counts, type SplitDetail, type SubTask } from './api';

const t = zh.split;

/** The parent's progress, which is its sub-tasks' (domain/split.ts): tasks done of those counted under it. */
export function SubTaskProgress({ counts }: { counts: Counts }) {
  const percent = counts.total ? Math.round((counts.done / counts.total) * 100) : 0;
  return (
    <Flex vertical gap={4} data-testid="subtask-progress">
      <Typography.Text>{t.progressLine(counts.done, counts.total)}</Typography.Text>
      <Progress percent={percent} aria-label={t.progress} status={counts.overdue > 0 ? 'exception' : undefined} />
    </Flex>
  );
}

/** 关闭: the holder ends an open sub-task, with the reason. */
function CloseForm({ sub, onDone, onCancel }: { sub: SubTask; onDone: () => void; onCancel: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();
  async function submit({ reason }: { reason: string }) {
    setSaving(true);
    setFormError(undefined);
    try {
      await splitApi.close(sub.id, reason.trim());
      onDone();
    } catch (err) {
      if (!applyApiError(form, err)) setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} noValidate aria-label={t.closeTitle(sub.unitName)} style={{ width: '100%' }}>
      <Form.Item name="reason" label={t.closeReason} rules={[{ required: true, whitespace: true, message: t.closeRequired }]}>
        <Input.TextArea maxLength={500} rows={2} />
      </Form.Item>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Space wrap>
        <Button danger type="primary" htmlType="submit" loading={saving} size="large">
          {t.closeSubmit}
        </Button>
        <Button onClick={onCancel} size="large">
          {zh.tasks.cancel}
        </Button>
      </Space>
    </Form>
  );
}

/** The sub-tasks of a split task, each with its light, status and figures; the holder may close open ones. */
export function SubTaskList({ task, holder, onChange }: { task: SplitDetail; holder: boolean; onChange: (after: SplitDetail, done: string) => void }) {
  const [closing, setClosing] = useState<string>();
  const subTasks = task.subTasks ?? [];
  return (
    <List
      dataSource={subTasks}
      rowKey="id"
      renderItem={(sub) => {
        const closed = sub.closedByHolder;
        const further = sub.progress && sub.progress.total > 1;
        return (
          <List.Item data-testid="subtask-row">
            <Flex vertical gap={6} style={{ width: '100%', minWidth: 0 }}>
              <Flex wrap gap={8} align="center" justify="space-between">
                <Space wrap size={8}>
                  {!closed && <TaskLight light={taskLight(sub)} />}
                  <Link to={`/tasks/${encodeURIComponent(sub.id)}`} style={{ display: 'inline-flex', alignItems: 'center', minHeight: 44 }}>
                    {sub.unitName}
                  </Link>
                  {closed ? <Tag>{t.closed}</Tag> : <StatusTag task={sub} />}
                </Space>
                {holder && !closed && sub.status !== 'done' && closing !== sub.id && (
                  <Button onClick={() => setClosing(sub.id)} size="large">
                    {t.close}
                  </Button>
                )}
              </Flex>
              <Typography.Text type="secondary">
                {zh.tasks.due(deadlineOf(sub.dueAt))} · {zh.tasks.steps(sub.stepsDone, sub.stepsTotal)}
                {further && sub.progress ? ` · ${t.furtherSplit(sub.progress.done, sub.progress.total)}` : ''}
              </Typography.Text>
              {closed && <Typography.Text type="secondary">{t.closedLine(closed.by, dayTimeOf(closed.at), closed.reason)}</Typography.Text>}
              {closing === sub.id && (
                <CloseForm
                  sub={sub}
                  onCancel={() => setClosing(undefined)}
                  onDone={() => {
                    setClosing(undefined);
                    void splitApi.task(task.id).then((after) => onChange(after, t.closedDone));
                  }}
                />
              )}
            </Flex>
          </List.Item>
        );
      }}
    />
  );
}
