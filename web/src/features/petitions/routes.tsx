import type { RouteObject } from 'react-router';
import { CampaignPage, CampaignsPage } from './CampaignPages';
import { CasePage } from './CasePage';
import { CasesPage } from './CasesPage';

/** 信访: cases of the person's subtree, a case's page, the 再排查 campaigns and their progress. */
export const routes: RouteObject[] = [
  { index: true, element: <CasesPage /> },
  { path: 'cases/:caseId', element: <CasePage /> },
  { path: 'campaigns', element: <CampaignsPage /> },
  { path: 'campaigns/:campaignId', element: <CampaignPage /> },
];
