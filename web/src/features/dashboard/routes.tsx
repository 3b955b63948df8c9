import type { RouteObject } from 'react-router';
import { DashboardPage } from './DashboardPage';

/** 驾驶舱: /dashboard is the person's own unit, /dashboard/:unitId a unit below it (drill-down). */
export const routes: RouteObject[] = [
  { index: true, element: <DashboardPage /> },
  { path: ':unitId', element: <DashboardPage /> },
];
