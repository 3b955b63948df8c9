import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PETITION_CASE_WORKFLOW, petitionCaseStartOptions, type PetitionCaseInput } from '../../contracts/petition-case';
import { DEFAULT_CLOCK_RULES, petitionWorkflowId } from '../../domain/petition';
import { startOnce } from '../../platform/start-once';
import { SMALL_ORG } from '../support/org';
import { startStack, type Stack } from '../support/stack';
import { eventually, uniqueId } from '../support/temporal';

describe('starting work exactly once (dev server, real worker)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const caseInput = (caseId: string): PetitionCaseInput => {
    const now = Date.now();
    return { caseId, unitId: 'v1', summary: '反映优抚金发放不及时', petitioner: '张某', facts: { receivedAt: now }, rules: DEFAULT_CLOCK_RULES, createdAt: now };
  };

  it('meets a running workflow rather than starting a second, and never starts one that has ended again', async () => {
    const caseId = uniqueId('SO-');
    const workflowId = petitionWorkflowId(caseId);
    // The feature's start options name the same policies; startOnce applies its own whatever they say.
    const options = { ...petitionCaseStartOptions(caseInput(caseId)), workflowIdConflictPolicy: 'FAIL' as const, taskQueue: stack.taskQueue };
    const request = { workflowType: PETITION_CASE_WORKFLOW, options };
    const handle = stack.env.client.workflow.getHandle(workflowId);
    try {
      // Three at once, as a request and its retries: each is answered as started, and there is one execution.
      const answers = await Promise.all([startOnce(stack.env.client, request), startOnce(stack.env.client, request), startOnce(stack.env.client, request)]);
      expect(answers).toEqual(Array(3).fill({ started: true, answer: undefined }));
      const executions = await eventually(
        async () => (await stack.env.client.workflow.count(`WorkflowId = "${workflowId}"`)).count,
        (n) => n >= 1,
      );
      expect(executions).toBe(1);
      const { runId } = await handle.describe();
      // The case writes itself to the read model as it starts: the record a later start answers from.
      expect(await eventually(() => stack.readModel.petitions.getCase(caseId), Boolean)).toBeTruthy();

      await handle.terminate('stopped by an operator');
      expect(await startOnce(stack.env.client, request)).toEqual({ started: false, record: undefined });
      // With a record to answer from.
      const recorded = await startOnce(stack.env.client, { ...request, recorded: () => stack.readModel.petitions.getCase(caseId) });
      expect(recorded).toMatchObject({ started: false, record: { id: caseId, unitId: 'v1' } });
      // Still the one terminated run: nothing was started after it.
      expect(await handle.describe()).toMatchObject({ runId, status: { name: 'TERMINATED' } });
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
  });
});
