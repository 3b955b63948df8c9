import type { RouteObject } from 'react-router';
import { NotFound } from '../../app/errors';
import { InboxPage } from './InboxPage';

/** 通知: /inbox. */
export const routes: RouteObject[] = [
  { index: true, element: <InboxPage /> },
  { path: '*', element: <NotFound /> },
];
