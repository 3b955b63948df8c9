import type { RouteObject } from 'react-router';
import { StandardsPage } from './StandardsPage';

/** 达标: the attestation form (staff of their own unit), the unit's attestations, the compliance roll-up. */
export const routes: RouteObject[] = [{ index: true, element: <StandardsPage /> }];
