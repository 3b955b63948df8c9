import type { Client } from '@temporalio/client';
import type { LightThresholds } from '../domain/lights';
import type { ReadModel } from '../readmodel';

export interface ApiDeps {
  client: Client;
  readModel: ReadModel;
  taskQueue: string;
  /** The clock, so tests can pin "now"; defaults to the system clock. */
  now?: () => number;
  /** 红黄绿灯 thresholds; the domain defaults unless configured. */
  lights?: LightThresholds;
}
