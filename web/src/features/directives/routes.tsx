import type { RouteObject } from 'react-router';
import { NotFound } from '../../app/errors';
import { DirectivePage, NewDirectivePage } from './DirectivePage';
import { DirectivesList } from './DirectivesList';

/** 立项 (leaders): /directives the list, /directives/new a new draft, /directives/:id its versions, edit and publish. */
export const routes: RouteObject[] = [
  { index: true, element: <DirectivesList /> },
  { path: 'new', element: <NewDirectivePage /> },
  { path: ':directiveId', element: <DirectivePage /> },
  { path: '*', element: <NotFound /> },
];
