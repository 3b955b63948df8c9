import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import type { OrgUnit } from '../../domain/org';
import type { ReadModel } from '../../readmodel';
import { createWorker } from '../../worker/create-worker';
import { serve, type Api } from './http';
import { bundleWorkflows, devServerEnv, tempReadModel, uniqueId } from './temporal';

export interface Stack {
  env: TestWorkflowEnvironment;
  readModel: ReadModel;
  api: Api;
  stop(): Promise<void>;
}

/** The product as `npm start` runs it, on the run's dev server: a real worker and the API over HTTP, on `units`. */
export async function startStack(units: readonly OrgUnit[]): Promise<Stack> {
  const [env, bundle] = await Promise.all([devServerEnv(), bundleWorkflows()]);
  const readModel = tempReadModel(units);
  const taskQueue = uniqueId('stack');
  const worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, readModel, client: env.client, workflowBundle: bundle });
  const running = worker.run();
  const api = await serve(createApp({ client: env.client, readModel, taskQueue }));
  return {
    env,
    readModel,
    api,
    async stop() {
      await api.close();
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
