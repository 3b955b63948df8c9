import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/**
 * The bench's baseline for step completion: a workflow that answers an update and nothing else — no validator, no
 * activity, no read model — so `executeUpdate` against it is the bare cost of a Workflow Update on the server.
 * Bundled apart from the product's workflows (workflows/ is not touched by the bench).
 */
export const bump = defineUpdate<number, [number]>('bump');
export const finish = defineSignal('finish');

export async function benchUpdates(): Promise<number> {
  let count = 0;
  let done = false;
  setHandler(bump, (n: number) => (count += n));
  setHandler(finish, () => void (done = true));
  await condition(() => done);
  return count;
}
