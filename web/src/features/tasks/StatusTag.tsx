import { Tag } from 'antd';
import { zh } from '../../i18n/zh-CN';
import type { TaskSummary } from './api';
import { AcknowledgementTag } from './Acknowledgement';

/** Preset colours (their text is dark enough to read on their own background: WCAG AA); done work needs none. */
const COLOR = { open: 'blue', overdue: 'red', done: undefined } as const;

/** A task's status, with 逾期完成 for work done late and where completed work stands on 验收. */
export function StatusTag({ task }: { task: TaskSummary }) {
  return (
    <>
      <Tag color={COLOR[task.status]}>{zh.tasks.status[task.status]}</Tag>
      {task.status === 'done' && task.late && <Tag color="red">{zh.tasks.late}</Tag>}
      {task.acceptance && <Tag>{zh.tasks.acceptance[task.acceptance]}</Tag>}
      <AcknowledgementTag task={task} />
    </>
  );
}
