import { Alert, Empty, Spin, Timeline } from 'antd';
import { useApi } from '../../api/hooks';
import { zh } from '../../i18n/zh-CN';
import { tasksApi, type TaskStep } from './api';
import { dayTimeOf } from './format';

const roleName = (role: string) => (zh.roles as Record<string, string>)[role] ?? role;

/** 留痕: every change anyone made to the task, oldest first (GET /api/tasks/:id/history). */
export function HistoryTimeline({ taskId, steps, version }: { taskId: string; steps: readonly TaskStep[]; version: unknown }) {
  const { data, error, loading } = useApi((signal) => tasksApi.history(taskId, signal), [taskId, version]);
  if (error) return <Alert type="error" showIcon title={error.message} />;
  if (loading && !data) return <Spin />;
  if (!data?.entries.length) return <Empty description={zh.tasks.trailEmpty} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const stepTitle = (id?: string) => (id ? steps.find((s) => s.id === id)?.title ?? id : undefined);
  return (
    <Timeline
      items={data.entries.map((e) => ({
        key: e.seq,
        content: (
          <>
            <div>{zh.tasks.trailLine(e.actor.name, roleName(e.actor.role), zh.tasks.actions[e.action] ?? e.action)}{stepTitle(e.stepId) ? `：${stepTitle(e.stepId)}` : ''}</div>
            <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 12 }}>{dayTimeOf(e.at)}</div>
          </>
        ),
      }))}
    />
  );
}
