import type { RouteObject } from 'react-router';
import { NotFound } from '../../app/errors';
import { AssignmentPage } from './AssignmentPage';
import { AssignmentsList } from './AssignmentsList';
import { AssignPage } from './AssignPage';
import { RecurringList, RecurringPage } from './RecurringPages';

/**
 * 交办 (leaders): /assign the catalog and the form, /assign/assignments the list, /assign/assignments/:id one
 * assignment's progress, /assign/recurring and /assign/recurring/:id the recurring duties.
 */
export const routes: RouteObject[] = [
  { index: true, element: <AssignPage /> },
  { path: 'assignments', element: <AssignmentsList /> },
  { path: 'assignments/:assignmentId', element: <AssignmentPage /> },
  { path: 'recurring', element: <RecurringList /> },
  { path: 'recurring/:recurringId', element: <RecurringPage /> },
  { path: '*', element: <NotFound /> },
];
