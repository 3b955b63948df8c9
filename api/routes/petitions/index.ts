import { Router } from 'express';
import type { ApiDeps } from '../../deps';
import { caseActionRoutes } from './case-actions';
import { caseRoutes } from './cases';
import { campaignRoutes } from './campaigns';
import { ledgerImportRoutes } from './ledger-import';

/**
 * Petition cases (信访): the ledger import, re-screening campaigns, reading cases and moving them through their
 * stages. Mounted ahead of the app's own JSON parser, so that only the ledger import reads large bodies. The import
 * and the campaigns come before /api/petitions/:caseId, which would take 'import' or 'campaigns' for a case id.
 */
export function petitionRoutes(deps: ApiDeps): Router {
  return Router().use(ledgerImportRoutes(deps), campaignRoutes(deps), caseRoutes(deps), caseActionRoutes(deps));
}
