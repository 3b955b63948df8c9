import { Alert, Card, Flex, Pagination, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { zh } from '../../i18n/zh-CN';
import { tasksApi, type TaskDetail } from '../tasks/api';
import { deadlineOf } from '../tasks/format';
import { usePerson, type Person } from '../session/session';
import { SuperviseNav } from './SuperviseNav';
import { TaskDecisions } from './TaskDecisions';
import { useDecisionRights } from './oversight';

const s = zh.supervise;
const PAGE_SIZE = 20;

/** One waiting request: the task's detail (the request is in its history) and, where the person decides it, the decision. */
function PendingRequest({ taskId, person, onDecided }: { taskId: string; person: Person | undefined; onDecided: () => void }) {
  const { data: loaded, error } = useApi((signal) => tasksApi.get(taskId, signal), [taskId]);
  const [decided, setDecided] = useState<TaskDetail>();
  const task = decided ?? loaded;
  const { data: assignment } = useApi((signal) => (task ? tasksApi.assignment(task.assignmentId, signal) : Promise.resolve(undefined)), [task?.assignmentId]);
  const rights = useDecisionRights(person, task, assignment);
  if (error) return <Alert type="error" showIcon title={error.message} />;
  if (!task) return <Skeleton active />;
  const pending = task.history?.extensions.find((e) => e.status === 'pending');
  const link = (
    <Link to={`/tasks/${encodeURIComponent(task.id)}`} style={{ display: 'inline-flex', alignItems: 'center', minHeight: 44 }}>
      {s.openTask}
    </Link>
  );
  if (!pending) return null;
  if (!rights.decideExtension) {
    return (
      <Card size="small" title={`${task.directiveTitle ?? task.directiveId} · ${task.unitName}`} data-testid="pending-extension">
        <p>{s.requested(pending.requestedBy, deadlineOf(pending.requestedDueAt))}</p>
        <p>{s.reason(pending.reason)}</p>
        <Typography.Text>
          {s.notYours} · {link}
        </Typography.Text>
      </Card>
    );
  }
  return (
    <Flex vertical gap={4} data-testid="pending-extension">
      <TaskDecisions
        person={person}
        task={task}
        assignment={assignment}
        onlyExtension
        onChange={(after) => {
          setDecided(after);
          onDecided();
        }}
      />
      <Typography.Text>
        {s.currentDue(deadlineOf(task.dueAt))} · {link}
      </Typography.Text>
    </Flex>
  );
}

/** 延期审批: tasks in the reader's reach with an extension request waiting (GET /api/tasks?state=extensionPending). */
export function ExtensionQueuePage() {
  const person = usePerson();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const { data, error, loading, reload } = useApi(
    (signal) => tasksApi.list({ state: 'extensionPending', limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [page],
  );
  return (
    <Flex vertical gap={16}>
      <SuperviseNav current="extensions" />
      {error && <Alert type="error" showIcon title={error.message} />}
      <Card loading={loading && !data} title={s.queueTotal(data?.total ?? 0)}>
        {data && data.tasks.length === 0 ? (
          <Typography.Text>{s.queueEmpty}</Typography.Text>
        ) : (
          <Flex vertical gap={16}>
            {data?.tasks.map((task) => <PendingRequest key={task.id} taskId={task.id} person={person} onDecided={reload} />)}
          </Flex>
        )}
        {(data?.total ?? 0) > PAGE_SIZE && (
          <Pagination
            style={{ marginTop: 12 }}
            current={page}
            total={data?.total ?? 0}
            pageSize={PAGE_SIZE}
            showSizeChanger={false}
            simple
            onChange={(p) => setParams(p === 1 ? {} : { page: String(p) })}
          />
        )}
      </Card>
    </Flex>
  );
}
