import type { RouteObject } from 'react-router';
import { UnderConstruction } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';

/** Placeholder until the feature is built: the shell links here already. */
export const routes: RouteObject[] = [{ path: '*', element: <UnderConstruction title={zh.nav.supervise} /> }];
