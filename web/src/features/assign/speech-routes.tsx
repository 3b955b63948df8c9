import type { RouteObject } from 'react-router';
import { NotFound } from '../../app/errors';
import { SpeechDraftsPage } from './SpeechDraftsPage';

/** 讲话生成草稿 (leaders, the admin): /speech, a speech in, draft directives out, each saved on its own. */
export const routes: RouteObject[] = [
  { index: true, element: <SpeechDraftsPage /> },
  { path: '*', element: <NotFound /> },
];
