import { Alert, Button, Card, Flex, message } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { canSplitAt } from '../../../../domain/split';
import { useApi } from '../../api/hooks';
import { zh } from '../../i18n/zh-CN';
import type { Person } from '../session/session';
import { roleMay } from '../supervise/oversight';
import type { TaskDetail } from '../tasks/api';
import { dayTimeOf } from '../tasks/format';
import { splitApi, type SplitDetail } from './api';
import { SplitForm } from './SplitForm';
import { SubTaskList, SubTaskProgress } from './SubTaskList';

const t = zh.split;

/**
 * 分解 on the task page: the task it was split from, if any; its sub-tasks with their lights and figures and its
 * progress as theirs; and, for the people of the holding unit whose role may (domain/access.ts splitTask) at a level
 * with one below (domain/split.ts canSplitAt), the 分解 action and 关闭 of open sub-tasks.
 */
export function SplitSection({ person, task: detail, onChange }: { person: Person; task: TaskDetail; onChange: (after: TaskDetail) => void }) {
  // The page's task may come from a step's or a decision's answer, which carries no sub-tasks: read them afresh.
  const { data: fresh } = useApi((signal) => splitApi.task(detail.id, signal), [detail]);
  const task = fresh?.id === detail.id ? fresh : (detail as SplitDetail);
  const ownUnit = person.unitId === task.unitId && roleMay(person.role, 'splitTask');
  const { data: unit } = useApi((signal) => (ownUnit ? splitApi.unit(detail.unitId, signal) : Promise.resolve(undefined)), [ownUnit, detail.unitId]);
  const [splitting, setSplitting] = useState(false);
  const [messages, holder] = message.useMessage();
  const holderMay = ownUnit && unit !== undefined && canSplitAt(unit.level);
  const splittable = holderMay && task.status !== 'done' && !task.closedByHolder && task.history !== undefined && (unit?.children.length ?? 0) > 0;
  const subTasks = task.subTasks ?? [];
  const changed = (after: SplitDetail, done: string) => {
    onChange(after);
    setSplitting(false);
    void messages.success(done);
  };

  if (!task.parentTaskId && !task.closedByHolder && subTasks.length === 0 && !splittable) return null;
  return (
    <Card title={subTasks.length ? t.subTasks(subTasks.length) : t.title} data-testid="split-section">
      {holder}
      <Flex vertical gap={12}>
        {task.parentTaskId && (
          <Link to={`/tasks/${encodeURIComponent(task.parentTaskId)}`} style={{ display: 'inline-flex', alignItems: 'center', minHeight: 44 }}>
            {t.openParent}
          </Link>
        )}
        {task.closedByHolder && (
          <Alert type="warning" showIcon title={t.closedLine(task.closedByHolder.by, dayTimeOf(task.closedByHolder.at), task.closedByHolder.reason)} />
        )}
        {task.subTaskProgress && <SubTaskProgress counts={task.subTaskProgress} />}
        {subTasks.length > 0 && <SubTaskList task={task} holder={holderMay} onChange={changed} />}
        {splittable && !splitting && (
          <div>
            <Button type="primary" onClick={() => setSplitting(true)} size="large">
              {t.action}
            </Button>
          </div>
        )}
        {splitting && unit && <SplitForm task={task} unit={unit} onDone={(after, n) => changed(after, t.done(n))} onCancel={() => setSplitting(false)} />}
      </Flex>
    </Card>
  );
}
