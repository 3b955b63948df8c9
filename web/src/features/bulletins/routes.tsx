import type { RouteObject } from 'react-router';
import { BulletinPage } from './BulletinPage';
import { BulletinsPage } from './BulletinsPage';

/** 通报: /bulletins lists the unit's and makes one; /bulletins/:id shows one, with its .docx. */
export const routes: RouteObject[] = [
  { index: true, element: <BulletinsPage /> },
  { path: ':id', element: <BulletinPage /> },
];
