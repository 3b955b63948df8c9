import { ArrowLeftOutlined, BorderOutlined, CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Descriptions, Flex, List, Progress, Result, Skeleton, Space, Tag, Typography, message } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { zh } from '../../i18n/zh-CN';
import { SplitSection } from '../split/SplitSection';
import { TaskDecisions } from '../supervise/TaskDecisions';
import { roleMay } from '../supervise/oversight';
import { tasksApi, type TaskDetail, type TaskStep } from './api';
import { EvidenceThumbs } from './EvidenceThumbs';
import { ExtensionForm } from './ExtensionForm';
import { dayOf, dayTimeOf, deadlineOf, shanghaiDayOfMs, shanghaiToday, taskLight } from './format';
import { HistoryTimeline } from './HistoryTimeline';
import { AcknowledgementPanel } from './Acknowledgement';
import { usePerson } from '../session/session';
import { StatusTag } from './StatusTag';
import { StepForm } from './StepForm';
import { TaskLight } from './TaskLight';

const t = zh.tasks;

/** 每月走访: its steps are completed with a visit record (domain/rounds.ts needsVisitRecord). */
const ROUNDS_DIRECTIVE_ID = 'monthly-village-rounds';

/** One step as a checklist line: done with who, when, the note, the visit and the evidence; or the button to do it. */
function StepItem({ step, canComplete, onComplete, form }: { step: TaskStep; canComplete: boolean; onComplete: () => void; form?: ReactNode }) {
  return (
    <List.Item
      data-testid={`step-${step.id}`}
      actions={
        !step.done && canComplete && !form
          ? [
              <Button key="complete" onClick={onComplete} size="large">
                {t.complete}
              </Button>,
            ]
          : undefined
      }
    >
      <Flex vertical gap={12} style={{ width: '100%', minWidth: 0 }}>
      <List.Item.Meta
        avatar={
          step.done ? (
            <CheckCircleFilled style={{ color: '#52c41a', fontSize: 22 }} aria-label={t.stepDone} />
          ) : (
            <BorderOutlined style={{ color: 'rgba(0,0,0,0.35)', fontSize: 22 }} aria-label={t.stepOpen} />
          )
        }
        title={step.title}
        description={
          step.done ? (
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <span>{t.completedBy(step.completedBy ?? '', dayTimeOf(step.completedAt))}</span>
              {step.visit && (
                <span>
                  {t.visit.title}：{t.visit.shown(step.visit.date, step.visit.visitors)} — {step.visit.findings}
                </span>
              )}
              {step.note && <span>{step.note}</span>}
              <EvidenceThumbs evidence={step.evidence} />
            </Space>
          ) : undefined
        }
      />
      {form && (
        <Card size="small" title={t.completeTitle(step.title)}>
          {form}
        </Card>
      )}
      </Flex>
    </List.Item>
  );
}

/**
 * The task page (任务详情): its light, deadline (and the original one when an extension moved it), the steps as a
 * checklist completed with a note, evidence and — for the monthly rounds — a visit record; 延期申请; the 督办 actions
 * for those who may take them; and 留痕, the task's audit trail.
 */
export function TaskPage() {
  const { taskId = '' } = useParams();
  const person = usePerson();
  const loaded = useApi((signal) => tasksApi.get(taskId, signal), [taskId]);
  const [task, setTask] = useState<TaskDetail>();
  useEffect(() => setTask(loaded.data), [loaded.data]);
  const { data: assignment } = useApi(
    (signal) => (task ? tasksApi.assignment(task.assignmentId, signal) : Promise.resolve(undefined)),
    [task?.assignmentId],
  );
  const [completing, setCompleting] = useState<TaskStep>();
  const [extending, setExtending] = useState(false);
  const [messages, holder] = message.useMessage();

  if (loaded.error && !task) {
    const missing = loaded.error.status === 404 || loaded.error.status === 403;
    return <Result status={missing ? '404' : 'error'} title={missing ? t.notFound : loaded.error.message} extra={<Link to="/tasks">{t.back}</Link>} />;
  }
  if (!task) return <Skeleton active />;

  // A task sent back (回退) waits for its leader; one reassigned or cancelled is no longer anyone's work.
  const ackState = task.acknowledgement?.state;
  const withdrawn = ackState === 'reassigned' || ackState === 'cancelled';
  const ownUnit = person.unitId === task.unitId && !withdrawn && ackState !== 'declined';
  // A sub-task closed by its parent's holder (分解) takes no more work.
  const canComplete = ownUnit && roleMay(person.role, 'completeStep') && !task.closedByHolder;
  const pending = task.history?.extensions.find((e) => e.status === 'pending');
  const canExtend =
    ownUnit && roleMay(person.role, 'requestExtension') && task.status === 'open' && !pending && task.history !== undefined;

  const rounds = task.directiveId === ROUNDS_DIRECTIVE_ID;
  const periodFrom = assignment ? shanghaiDayOfMs(Math.min(assignment.periodStartsAt ?? Date.parse(task.createdAt), Date.parse(task.dueAt))) : dayOf(task.createdAt);
  const today = shanghaiToday();
  const periodTo = dayOf(task.dueAt) < today ? dayOf(task.dueAt) : today;

  const updated = (after: TaskDetail, done: string = t.saved) => {
    setTask(after);
    setCompleting(undefined);
    setExtending(false);
    void messages.success(done);
  };

  const light = taskLight(task);
  return (
    <Flex vertical gap={16} data-testid="task-page">
      {holder}
      <div>
        <Link to="/tasks" style={{ display: 'inline-flex', alignItems: 'center', gap: 4, minHeight: 44 }}>
          <ArrowLeftOutlined /> {t.back}
        </Link>
      </div>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {task.directiveTitle ?? task.directiveId}
        </Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>
          <TaskLight light={light} />
          <StatusTag task={task} />
        </Space>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t.columns.unit}>{task.unitName}</Descriptions.Item>
          <Descriptions.Item label={t.columns.dueAt}>
            <span data-testid="task-due">{deadlineOf(task.dueAt)}</span>
            {task.originalDueAt && (
              <Tag style={{ marginLeft: 8 }} data-testid="task-original-due">
                {t.originalDue(deadlineOf(task.originalDueAt))}
              </Tag>
            )}
          </Descriptions.Item>
          {rounds && <Descriptions.Item label={t.visit.periodLabel}>{t.period(periodFrom, dayOf(task.dueAt))}</Descriptions.Item>}
          {assignment?.note && <Descriptions.Item label={t.assignmentNote}>{assignment.note}</Descriptions.Item>}
          <Descriptions.Item label={t.columns.progress}>
            <Progress percent={task.stepsTotal ? Math.round((task.stepsDone / task.stepsTotal) * 100) : 0} format={() => t.steps(task.stepsDone, task.stepsTotal)} aria-label={t.columns.progress} style={{ minWidth: 160 }} />
          </Descriptions.Item>
        </Descriptions>
        {task.history?.urges.map((u, i) => (
          <Alert key={`urge-${i}`} type="warning" showIcon style={{ marginTop: 8 }} title={t.urgeLine(u.by, dayTimeOf(u.at))} description={u.note} />
        ))}
        {task.history?.returns.map((r, i) => (
          <Alert key={`return-${i}`} type="error" showIcon style={{ marginTop: 8 }} title={t.returnLine(r.by, dayTimeOf(r.at), r.reason)} />
        ))}
        {task.history?.accepted && (
          <Alert type="success" showIcon style={{ marginTop: 8 }} title={t.accepted(task.history.accepted.by, dayTimeOf(task.history.accepted.at))} description={task.history.accepted.note} />
        )}
        {pending && (
          <Alert type="info" showIcon style={{ marginTop: 8 }} data-testid="extension-pending" title={t.extension.pending(dayOf(pending.requestedDueAt), pending.requestedBy)} description={pending.reason} />
        )}
        {canExtend && !extending && (
          <Button onClick={() => setExtending(true)} style={{ marginTop: 12 }} size="large">
            {t.extension.request}
          </Button>
        )}
        {extending && (
          <Card size="small" title={t.extension.title} style={{ marginTop: 12 }}>
            <ExtensionForm task={task} onDone={(after) => updated(after, t.extension.sent)} onCancel={() => setExtending(false)} />
          </Card>
        )}
      </Card>

      <AcknowledgementPanel person={person} task={task} assignment={assignment} onChange={(after) => setTask(after)} />

      {!withdrawn && <TaskDecisions person={person} task={task} assignment={assignment} onChange={(after) => setTask(after)} />}

      <SplitSection person={person} task={task} onChange={(after) => setTask(after)} />

      <Card title={t.stepsTitle}>
        <List dataSource={task.steps} rowKey="id" renderItem={(step) => (
            <StepItem
              step={step}
              canComplete={canComplete && task.history !== undefined}
              onComplete={() => setCompleting(step)}
              form={
                completing?.id === step.id ? (
                  <StepForm
                    task={task}
                    step={completing}
                    visitPeriod={rounds ? { from: periodFrom, to: periodTo } : undefined}
                    onDone={(after) => updated(after)}
                    onCancel={() => setCompleting(undefined)}
                  />
                ) : undefined
              }
            />
          )}
        />
      </Card>

      {task.history && task.history.extensions.length > 0 && (
        <Card title={t.extension.list} size="small">
          <List
            dataSource={task.history.extensions}
            renderItem={(e) => (
              <List.Item>
                <Space orientation="vertical" size={2}>
                  <span>
                    <Tag color={e.status === 'rejected' ? 'red' : e.status === 'pending' ? 'blue' : undefined}>{t.extension.status[e.status]}</Tag>
                    {t.extension.line(e.requestedBy, dayOf(e.requestedDueAt), e.reason)}
                  </span>
                  {e.decidedBy && <span>{t.extension.decided(e.decidedBy, e.grantedDueAt && dayOf(e.grantedDueAt))}{e.note ? `：${e.note}` : ''}</span>}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}

      <Collapse items={[{ key: 'trail', label: t.trail, children: <HistoryTimeline taskId={task.id} steps={task.steps} version={task} /> }]} />

    </Flex>
  );
}
