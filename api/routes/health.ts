import { Router } from 'express';
import type { ApiDeps } from '../deps';

async function probe(check: () => unknown): Promise<boolean> {
  try {
    return Boolean(await check());
  } catch {
    return false;
  }
}

export function healthRoutes({ client, readModel }: ApiDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [temporal, database] = await Promise.all([
      probe(() => client.workflowService.getSystemInfo({}).then(() => true)),
      probe(() => readModel.ping()),
    ]);
    const ok = temporal && database;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', temporal, database });
  });
  return router;
}
