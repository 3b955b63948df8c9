import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/deps';
import type { OrgUnit } from '../../domain/org';
import type { ReadModel } from '../../readmodel';
import { createWorker } from '../../worker/create-worker';
import { serve, type Api } from './http';
import { testAppSettings } from './people';
import { bundleWorkflows, devServerEnv, tempReadModel, testDataConverter, uniqueId } from './temporal';

export interface Stack {
  env: TestWorkflowEnvironment;
  readModel: ReadModel;
  /** The worker's task queue, for tests that start workflows themselves. */
  taskQueue: string;
  api: Api;
  /** The express app behind `api`, for tests that inspect its routes. */
  app: ReturnType<typeof createApp>;
  stop(): Promise<void>;
}

/** The product as `npm start` runs it, on the run's dev server: a real worker and the API over HTTP, on `units`. */
export async function startStack(units: readonly OrgUnit[], options: { app?: Partial<ApiDeps> } = {}): Promise<Stack> {
  const [env, bundle] = await Promise.all([devServerEnv(), bundleWorkflows()]);
  const readModel = await tempReadModel(units);
  const taskQueue = uniqueId('stack');
  const worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, readModel, client: env.client, dataConverter: testDataConverter, workflowBundle: bundle });
  const running = worker.run();
  const root = units.find((u) => u.parentId === null);
  const app = createApp({ client: env.client, readModel, taskQueue, ...testAppSettings(), ...options.app });
  const api = await serve(
    app,
    root && { role: 'leader', unitId: root.id, name: '市领导' },
  );
  return {
    env,
    readModel,
    taskQueue,
    api,
    app,
    async stop() {
      await api.close();
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
