import { Alert, Button, Card, Checkbox, Form, Input, Space, message } from 'antd';
import { useState, type ReactNode } from 'react';
import { applyApiError } from '../../api/form-errors';
import { zh } from '../../i18n/zh-CN';
import type { AssignmentInfo, TaskDetail } from '../tasks/api';
import { dayOf } from '../tasks/format';
import type { Person } from '../session/session';
import { superviseApi } from './api';
import { useDecisionRights } from './oversight';

const s = zh.supervise;

type Kind = 'urge' | 'return' | 'accept' | 'decide';

interface ActionFormProps {
  title: string;
  open: boolean;
  onClose: () => void;
  /** Sends the form's values; a refusal naming a field shows next to it, any other above the buttons. */
  submit: (values: Record<string, unknown>) => Promise<TaskDetail>;
  onDone: (task: TaskDetail, done: string) => void;
  done: string;
  children: ReactNode;
  initialValues?: Record<string, unknown>;
  /** Extra submit buttons (the decision's 驳回), each sending the values with its own flag. */
  alternatives?: Array<{ label: string; danger?: boolean; submit: (values: Record<string, unknown>) => Promise<TaskDetail>; done: string }>;
  okLabel: string;
}

function ActionForm({ title, open, onClose, submit, onDone, done, children, initialValues, alternatives = [], okLabel }: ActionFormProps) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();

  async function run(send: (values: Record<string, unknown>) => Promise<TaskDetail>, doneText: string, validate: boolean) {
    setFormError(undefined);
    let values: Record<string, unknown>;
    try {
      values = validate ? await form.validateFields() : form.getFieldsValue();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const after = await send(values);
      form.resetFields();
      onDone(after, doneText);
    } catch (err) {
      if (!applyApiError(form, err)) setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  }

  if (!open) return null;
  return (
    <Card size="small" title={title} style={{ marginTop: 12 }}>
      <Form form={form} layout="vertical" requiredMark={false} noValidate initialValues={initialValues} aria-label={title}>
        {children}
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Space wrap>
          <Button type="primary" loading={saving} onClick={() => void run(submit, done, true)} size="large">
            {okLabel}
          </Button>
          {alternatives.map((a) => (
            <Button key={a.label} danger={a.danger} loading={saving} onClick={() => void run(a.submit, a.done, false)} size="large">
              {a.label}
            </Button>
          ))}
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
 * 督办 on the task page: 催办 for leaders and supervisors, 退回 and 验收 of completed work for supervisors, the 延期
 * decision for leaders — each shown only to whom the role table and the separation of duties allow it.
 */
export function TaskDecisions({
  person,
  task,
  assignment,
  onChange,
  onlyExtension = false,
}: {
  person: Person | undefined;
  task: TaskDetail;
  assignment: AssignmentInfo | undefined;
  onChange: (task: TaskDetail) => void;
  /** In the 延期审批 queue: the extension decision alone. */
  onlyExtension?: boolean;
}) {
  const all = useDecisionRights(person, task, assignment);
  const rights = onlyExtension ? { ...all, urge: false, returnWork: false, acceptWork: false } : all;
  const [open, setOpen] = useState<Kind>();
  const [messages, holder] = message.useMessage();
  const close = () => setOpen(undefined);
  const finished = (after: TaskDetail, done: string) => {
    close();
    void messages.success(done);
    onChange(after);
  };
  if (!rights.urge && !rights.returnWork && !rights.acceptWork && !rights.decideExtension) return null;
  const pending = task.history?.extensions.find((e) => e.status === 'pending');
  const doneSteps = task.steps.filter((st) => st.done);

  return (
    <Card title={onlyExtension ? `${task.directiveTitle ?? task.directiveId} · ${task.unitName}` : s.panel} size="small" data-testid="task-decisions">
      {holder}
      {pending && rights.decideExtension && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={s.requested(pending.requestedBy, dayOf(pending.requestedDueAt))}
          description={s.reason(pending.reason)}
        />
      )}
      <Space wrap>
        {rights.decideExtension && (
          <Button type="primary" onClick={() => setOpen('decide')} size="large">
            {s.decide}
          </Button>
        )}
        {rights.urge && (
          <Button onClick={() => setOpen('urge')} size="large">
            {s.urge}
          </Button>
        )}
        {rights.acceptWork && (
          <Button type="primary" onClick={() => setOpen('accept')} size="large">
            {s.accept}
          </Button>
        )}
        {rights.returnWork && (
          <Button danger onClick={() => setOpen('return')} size="large">
            {s.return}
          </Button>
        )}
      </Space>

      <ActionForm title={s.urge} okLabel={s.urge} open={open === 'urge'} onClose={close} onDone={finished} done={s.urgeSent}
        submit={(v) => superviseApi.urge(task.id, { note: text(v.note) })}>
        <Form.Item name="note" label={s.urgeNote}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </ActionForm>

      <ActionForm title={s.return} okLabel={s.return} open={open === 'return'} onClose={close} onDone={finished} done={s.returned}
        submit={(v) => {
          const stepIds = Array.isArray(v.stepIds) && v.stepIds.length ? (v.stepIds as string[]) : undefined;
          return superviseApi.returnWork(task.id, { reason: String(v.reason ?? '').trim(), ...(stepIds ? { stepIds } : {}) });
        }}>
        <Form.Item name="reason" label={s.returnReason} rules={[{ required: true, whitespace: true, message: s.required }]}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
        {doneSteps.length > 1 && (
          <Form.Item name="stepIds" label={s.returnSteps}>
            <Checkbox.Group options={doneSteps.map((st) => ({ label: st.title, value: st.id }))} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
          </Form.Item>
        )}
      </ActionForm>

      <ActionForm title={s.accept} okLabel={s.accept} open={open === 'accept'} onClose={close} onDone={finished} done={s.acceptedMsg}
        submit={(v) => superviseApi.accept(task.id, { note: text(v.note) })}>
        <Form.Item name="note" label={s.acceptNote}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </ActionForm>

      {pending && (
        <ActionForm
          title={s.decide}
          okLabel={s.approve}
          open={open === 'decide'}
          onClose={close}
          onDone={finished}
          done={s.approved}
          initialValues={{ dueDate: dayOf(pending.requestedDueAt) }}
          submit={(v) => {
            const date = text(v.dueDate);
            return superviseApi.decideExtension(task.id, {
              approve: true,
              ...(date && date !== dayOf(pending.requestedDueAt) ? { dueDate: date } : {}),
              note: text(v.note),
            });
          }}
          alternatives={[{ label: s.reject, danger: true, done: s.rejected, submit: (v) => superviseApi.decideExtension(task.id, { approve: false, note: text(v.note) }) }]}
        >
          <p>{s.requested(pending.requestedBy, dayOf(pending.requestedDueAt))}</p>
          <p>{s.reason(pending.reason)}</p>
          <p>{s.currentDue(dayOf(task.dueAt))}</p>
          <Form.Item name="dueDate" label={s.grantDate} extra={s.grantDateHint}>
            <Input type="date" min={dayOf(task.dueAt)} size="large" />
          </Form.Item>
          <Form.Item name="note" label={s.decisionNote}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
        </ActionForm>
      )}
    </Card>
  );
}
