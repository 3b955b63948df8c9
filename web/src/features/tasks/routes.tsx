import type { RouteObject } from 'react-router';
import { TaskPage } from './TaskPage';
import { TasksPage } from './TasksPage';

/** 任务 (/tasks): 我的任务, a unit's tasks by deadline; /tasks/:taskId, the task page, where a notification's link lands. */
export const routes: RouteObject[] = [
  { index: true, element: <TasksPage /> },
  { path: ':taskId', element: <TaskPage /> },
];
