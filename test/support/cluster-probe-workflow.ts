import { condition, defineQuery, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

/**
 * A workflow with a little of everything a server process holds for it — an activity, a durable timer, a wait for
 * a signal, another activity — for test/scripts/cluster.test.ts to kill the history process under it.
 */
export interface ProbeActivities {
  bump(n: number): Promise<number>;
}

export const releaseSignal = defineSignal('release');
export const stageQuery = defineQuery<string>('stage');

export async function clusterProbe(): Promise<number> {
  let stage = 'started';
  let released = false;
  setHandler(stageQuery, () => stage);
  setHandler(releaseSignal, () => {
    released = true;
  });
  const { bump } = proxyActivities<ProbeActivities>({
    startToCloseTimeout: '20s',
    retry: { initialInterval: '200ms', maximumInterval: '2s' },
  });
  let n = await bump(0);
  stage = 'timer';
  await sleep('2s');
  stage = 'waiting';
  await condition(() => released);
  n = await bump(n);
  stage = 'done';
  return n;
}
