import type { RouteObject } from 'react-router';
import { CalendarPage } from './CalendarPage';

/** 年度工作日历: /calendar is this year, /calendar/:year another (the year switcher). */
export const routes: RouteObject[] = [
  { index: true, element: <CalendarPage /> },
  { path: ':year', element: <CalendarPage /> },
];
