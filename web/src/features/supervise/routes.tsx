import type { RouteObject } from 'react-router';
import { ExtensionQueuePage } from './ExtensionQueuePage';
import { OverduePage } from './OverduePage';

/** 督办 (/supervise): the overdue list and the 延期审批 queue. 催办/退回/验收 are on the task page (features/tasks). */
export const routes: RouteObject[] = [
  { index: true, element: <OverduePage /> },
  { path: 'extensions', element: <ExtensionQueuePage /> },
];
