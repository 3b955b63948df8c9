import type { RouteObject } from 'react-router';
import { SignInPage } from './SignInPage';

/** Mounted by the shell at /sign-in, outside the signed-in layout. */
export const routes: RouteObject[] = [{ index: true, element: <SignInPage /> }];
