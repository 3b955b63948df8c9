import { Alert, Button, Card, Form, Input, Select, Space, Tag, Typography, message } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { applyApiError } from '../../api/form-errors';
import { useApi } from '../../api/hooks';
import { zh } from '../../i18n/zh-CN';
import type { Person } from '../session/session';
import { oversees, roleMay } from '../supervise/oversight';
import { tasksApi, type AssignmentInfo, type TaskDetail, type TaskSummary } from './api';
import { dayTimeOf } from './format';

const a = zh.acknowledgement;

/** Preset colours readable on their own background (WCAG AA); an acknowledged task needs no tag in a list. */
const COLOR = { pending: 'purple', declined: 'magenta', reassigned: undefined, cancelled: undefined } as const;

/** 待签收 / 已回退 / 已改派 / 已撤销 beside the status (acknowledgement is its own field); 签收超时 once reminded. */
export function AcknowledgementTag({ task }: { task: TaskSummary }) {
  const ack = task.acknowledgement;
  if (!ack || ack.state === 'acknowledged') return null;
  return (
    <>
      <Tag color={COLOR[ack.state]} data-testid="acknowledgement-tag">
        {a.state[ack.state]}
      </Tag>
      {ack.state === 'pending' && ack.remindedAt && <Tag color="red">{a.overdue}</Tag>}
    </>
  );
}

interface UnitView {
  id: string;
  parentId: string | null;
  name: string;
  level: string;
  children: Array<{ id: string; name: string; level: string }>;
}

/** The units a declined task may go to from this page: the other units at its level under the same parent. */
async function siblingsOf(unitId: string, signal?: AbortSignal): Promise<Array<{ value: string; label: string }>> {
  const unit = await api.get<UnitView>(`/api/org/units/${encodeURIComponent(unitId)}`, undefined, signal);
  if (!unit.parentId) return [];
  const parent = await api.get<UnitView>(`/api/org/units/${encodeURIComponent(unit.parentId)}`, undefined, signal);
  return parent.children.filter((c) => c.id !== unit.id && c.level === unit.level).map((c) => ({ value: c.id, label: c.name }));
}

/** A small form under the buttons: its fields, the refusal next to the field it names, send and cancel. */
function InlineForm({ title, okLabel, onClose, submit, children }: {
  title: string;
  okLabel: string;
  onClose: () => void;
  submit: (values: Record<string, unknown>) => Promise<void>;
  children: ReactNode;
}) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();
  const run = async () => {
    setFormError(undefined);
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      await submit(values);
    } catch (err) {
      if (!applyApiError(form, err)) setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={title} style={{ marginTop: 12 }}>
      <Form form={form} layout="vertical" requiredMark={false} noValidate aria-label={title}>
        {children}
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Space wrap>
          <Button type="primary" loading={saving} onClick={() => void run()} size="large">
            {okLabel}
          </Button>
          <Button onClick={onClose} size="large">
            {zh.tasks.cancel}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * 签收 on the task page: where the task stands, 签收 and 回退 (with its reason) for the holding unit's staff or leader
 * while it waits, and for the issuing leader a declined task's 重新交办 (to another unit at its level) or 撤销 — each
 * shown only to whom the role table (domain/access.ts) and the separation of duties allow it.
 */
export function AcknowledgementPanel({ person, task, assignment, onChange }: {
  person: Person;
  task: TaskDetail;
  assignment: AssignmentInfo | undefined;
  onChange: (task: TaskDetail) => void;
}) {
  const ack = task.acknowledgement;
  const [open, setOpen] = useState<'decline' | 'reassign' | 'cancel'>();
  const [busy, setBusy] = useState(false);
  const [messages, holder] = message.useMessage();
  const mayDecide = roleMay(person.role, 'decideDecline') && ack?.state === 'declined';
  const { data: overseen } = useApi(async () => (mayDecide && assignment ? oversees(person, task, assignment) : false), [mayDecide, task.unitId, assignment?.id]);
  const { data: units } = useApi((signal) => (mayDecide && overseen ? siblingsOf(task.unitId, signal) : Promise.resolve([])), [mayDecide, overseen, task.unitId]);
  if (!ack) return null;

  const holds = person.unitId === task.unitId;
  const mayAnswer = ack.state === 'pending' && holds && roleMay(person.role, 'acknowledgeTask');
  const done = (after: TaskDetail, msg: string) => {
    setOpen(undefined);
    void messages.success(msg);
    onChange(after);
  };
  const acknowledge = async () => {
    setBusy(true);
    try {
      done(await tasksApi.acknowledge(task.id), a.acknowledgedMsg);
    } catch (err) {
      void messages.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  let status: ReactNode;
  switch (ack.state) {
    case 'pending':
      status = <Alert type={ack.remindedAt ? 'error' : 'info'} showIcon title={a.state.pending} description={ack.acknowledgeBy && a.acknowledgeBy(dayTimeOf(ack.acknowledgeBy))} />;
      break;
    case 'acknowledged':
      status = (
        <Typography.Text>
          {a.acknowledged(ack.acknowledgedBy ?? '', dayTimeOf(ack.acknowledgedAt))}
          {ack.byWork ? a.byWork : ''}
        </Typography.Text>
      );
      break;
    case 'declined':
      status = (
        <Alert type="warning" showIcon title={a.declined(ack.declinedBy ?? '', dayTimeOf(ack.declinedAt))} description={<>{a.reason(ack.reason ?? '')}<br />{a.waitingForLeader}</>} />
      );
      break;
    default:
      status = (
        <Alert
          type="info"
          showIcon
          title={`${a.state[ack.state]} · ${a.decided(ack.decidedBy ?? '', dayTimeOf(ack.decidedAt))}`}
          description={
            <>
              {a.reason(ack.reason ?? '')}
              {ack.note && <><br />{ack.note}</>}
              {ack.reassignedTo && <><br /><Link to={`/tasks/${encodeURIComponent(ack.reassignedTo.taskId)}`}>{a.reassignedTo}</Link></>}
            </>
          }
        />
      );
  }

  return (
    <Card title={a.title} size="small" data-testid="acknowledgement">
      {holder}
      {status}
      {mayAnswer && (
        <Space wrap style={{ marginTop: 12 }}>
          <Button type="primary" size="large" loading={busy} onClick={() => void acknowledge()}>
            {a.acknowledge}
          </Button>
          <Button size="large" onClick={() => setOpen('decline')}>
            {a.decline}
          </Button>
        </Space>
      )}
      {mayDecide && overseen && (
        <Space wrap style={{ marginTop: 12 }}>
          <Button type="primary" size="large" onClick={() => setOpen('reassign')}>
            {a.reassign}
          </Button>
          <Button size="large" onClick={() => setOpen('cancel')}>
            {a.cancelTask}
          </Button>
        </Space>
      )}
      {open === 'decline' && (
        <InlineForm title={a.decline} okLabel={a.decline} onClose={() => setOpen(undefined)}
          submit={async (v) => done(await tasksApi.decline(task.id, { reason: String(v.reason ?? '').trim() }), a.declinedMsg)}>
          <Form.Item name="reason" label={a.declineReason} rules={[{ required: true, whitespace: true, message: a.required }]}>
            <Input.TextArea maxLength={500} rows={3} />
          </Form.Item>
        </InlineForm>
      )}
      {open === 'reassign' && (
        <InlineForm title={a.reassign} okLabel={a.reassign} onClose={() => setOpen(undefined)}
          submit={async (v) => done(await tasksApi.reassign(task.id, { unitId: String(v.unitId), note: text(v.note) }), a.reassignedMsg)}>
          <Form.Item name="unitId" label={a.reassignUnit} rules={[{ required: true, message: a.chooseUnit }]}>
            <Select options={units ?? []} size="large" showSearch={{ optionFilterProp: 'label' }} placeholder={a.chooseUnit} />
          </Form.Item>
          <Form.Item name="note" label={a.reassignNote}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
        </InlineForm>
      )}
      {open === 'cancel' && (
        <InlineForm title={a.cancelTask} okLabel={a.cancelTask} onClose={() => setOpen(undefined)}
          submit={async (v) => done(await tasksApi.cancelTask(task.id, { note: text(v.note) }), a.cancelledMsg)}>
          <Form.Item name="note" label={a.cancelNote}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
        </InlineForm>
      )}
    </Card>
  );
}
