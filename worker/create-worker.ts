import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { WebhookConfig } from '../platform/webhook';
import type { LightThresholds } from '../domain/lights';
import type { ReadModel } from '../readmodel';
import { PRODUCT_BUNDLE } from './workflow-bundle';
import { DEFAULT_WORKER_LIMITS, type WorkerLimits } from '../platform/worker-limits';

export { WORKFLOWS_PATH } from './workflow-bundle';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  readModel: ReadModel;
  /** For activities that start workflows (the fan-out); the same namespace as the connection. */
  client: Client;
  /**
   * The payload encryption (platform/payload-keys.ts): the same as `client`'s and every other process's on this
   * namespace, or the worker cannot read what they wrote.
   */
  dataConverter: DataConverter;
  /** A prebuilt bundle (tests build one per file); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** The group robot for notifications; none: the inbox only. */
  webhook?: WebhookConfig;
  /** Working days to acknowledge (签收) a task (DUBAN_ACK_WORKING_DAYS). */
  acknowledgeWorkingDays?: number;
  /** 红黄绿灯 thresholds for figures computed in activities (the scheduled 通报). */
  lights?: LightThresholds;
  /** Back-pressure: fan-out start rate and task slots (DEFAULT_WORKER_LIMITS unless configured). */
  limits?: WorkerLimits;
}

export function createWorker({ connection, namespace, taskQueue, readModel, client, dataConverter, workflowBundle, webhook, acknowledgeWorkingDays, lights, limits = DEFAULT_WORKER_LIMITS }: WorkerDeps) {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    dataConverter,
    activities: createActivities({
      readModel,
      client,
      taskQueue,
      webhook,
      ...(acknowledgeWorkingDays !== undefined ? { acknowledgeWorkingDays } : {}),
      ...(lights ? { lights } : {}),
      fanOut: limits.fanOut,
    }),
    maxConcurrentWorkflowTaskExecutions: limits.workflowTaskSlots,
    maxConcurrentActivityTaskExecutions: limits.activitySlots,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: PRODUCT_BUNDLE.workflowsPath, bundlerOptions: { preloadModules: PRODUCT_BUNDLE.preloadModules } }),
  });
}
