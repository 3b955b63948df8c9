import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PETITION_DIRECTIVE_ID, petitionWorkflowId } from '../../domain/petition';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../platform/payload-codec';
import { getPetitionCase } from '../../contracts/petition-case';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import { payloadsIn } from '../support/payloads';
import { startStack, type Stack } from '../support/stack';
import { eventually, uniqueId } from '../support/temporal';

const DAY_MS = 24 * 60 * 60 * 1000;
const NAME = '张三丰';
const CONTACT = '13800000000';
const SUMMARY = '反映优抚金发放不及时，要求补发';
/** Everything personal the test sends: none of it may reach the server other than encrypted. */
const PERSONAL = [NAME, CONTACT, SUMMARY, `已电话联系${NAME}`, `${NAME}诉求未解决`];

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
/** The personal strings found in some bytes (the UTF-8 of each, searched byte for byte). */
const leaks = (bytes: Uint8Array) => PERSONAL.filter((s) => Buffer.from(bytes).includes(Buffer.from(s, 'utf8')));

describe('protected data: the Temporal server holds petitioners only as ciphertext (dev server, real worker)', () => {
  let stack: Stack;
  let api: Api;
  /** Straight to the server's gRPC API: no data converter, no codec, what the server (and its UI) stores. */
  let service: Stack['env']['connection']['workflowService'];
  const namespace = 'default';
  const caseId = uniqueId('PD-');
  const workflowId = petitionWorkflowId(caseId);

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    // The city's 督办员: imports the ledger, handles cases and orders the campaign in the whole tree.
    api = stack.api.as({ role: 'supervisor', unitId: 'c1', name: '督办员' });
    service = stack.env.connection.workflowService;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function rawHistory(id: string) {
    const events: temporal.api.history.v1.IHistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await service.getWorkflowExecutionHistory({ namespace, execution: { workflowId: id }, nextPageToken });
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    const history = { events };
    return { history, bytes: temporal.api.history.v1.History.encode(history).finish() };
  }

  /**
   * Every payload of `message` is this codec's ciphertext, apart from what no codec is given: search attributes
   * (indexed by the server, checked separately) and the SDK core's own patch markers (a patch id and a flag).
   */
  function expectEncrypted(message: unknown) {
    const found = payloadsIn(message).filter(
      ({ path }) => !/searchAttributes/i.test(path) && !/markerRecordedEventAttributes\.details\.patch-data\./.test(path),
    );
    const plain = found.filter(({ payload }) => text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING);
    expect(plain.map(({ path, payload }) => `${path}: ${text(payload.metadata?.encoding)}`)).toEqual([]);
    for (const { payload } of found) expect(text(payload.metadata?.[KEY_ID_METADATA])).toBe('test');
    return found;
  }

  it('imports a case, moves it on and screens it, and the API shows it in full', async () => {
    const receivedAt = new Date(Date.now() - 20 * DAY_MS).toISOString().slice(0, 10);
    const ledger = { cases: [{ id: caseId, unitId: 'k1', receivedAt, petitioner: NAME, contact: CONTACT, summary: SUMMARY }] };
    const imported = await api.post('/api/petitions/import', ledger);
    expect(imported).toMatchObject({ status: 201, body: { imported: 1 } });

    // Past its 15-day acceptance deadline on import: the overdue timer and its notices run through activities too.
    const accepted = await api.post(`/api/petitions/${caseId}/accept`, { note: `已电话联系${NAME}` });
    expect(accepted.status).toBe(200);

    const campaignId = uniqueId('pd-campaign-');
    expect((await api.post('/api/petitions/campaigns', { id: campaignId, scopeUnitId: 'k1', withinDays: 10 })).status).toBe(201);
    const checks = { timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'fail', attitudeStable: 'pass' };
    const screened = await api.post(`/api/petitions/${caseId}/screenings/${campaignId}`, { checks, note: `${NAME}诉求未解决` });
    expect(screened).toMatchObject({ status: 200, body: { status: 'failed' } });
    expect(screened.body.followUp).toMatchObject({ taskId: expect.any(String) });

    const detail = await api.get(`/api/petitions/${caseId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: caseId, petitioner: NAME, contact: CONTACT, summary: SUMMARY, stage: 'accepted' });
    expect(detail.body.screenings).toEqual([expect.objectContaining({ campaignId, status: 'failed' })]);

    // A client with the codec reads the workflow's own state; one without it gets only ciphertext it cannot parse.
    const snapshot = await stack.env.client.workflow.getHandle(workflowId).query(getPetitionCase);
    expect(snapshot).toMatchObject({ caseId, petitioner: NAME, contact: CONTACT, summary: SUMMARY });
    const plainClient = new Client({ connection: stack.env.connection, namespace });
    await expect(plainClient.workflow.getHandle(workflowId).query(getPetitionCase)).rejects.toThrow(/binary\/encrypted/);
  });

  it("stores the case's history with every payload encrypted and no personal data anywhere in its bytes", async () => {
    const { history, bytes } = await rawHistory(workflowId);
    expect(leaks(bytes)).toEqual([]);

    const found = expectEncrypted(history);
    // Every kind of payload the case produces was looked at: its input, update arguments and results, the signal
    // that opened the screening, activity inputs and results.
    const kinds = new Set(found.map(({ path }) => path.split('.')[2]));
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        'workflowExecutionStartedEventAttributes',
        'workflowExecutionUpdateAcceptedEventAttributes',
        'workflowExecutionUpdateCompletedEventAttributes',
        'workflowExecutionSignaledEventAttributes',
        'activityTaskScheduledEventAttributes',
        'activityTaskCompletedEventAttributes',
      ]),
    );
    const started = history.events[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.input?.payloads?.length).toBe(1);
  });

  it('keeps personal data out of search attributes, memo, pending work and query answers on the server', async () => {
    const described = await service.describeWorkflowExecution({ namespace, execution: { workflowId } });
    expect(leaks(temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse.encode(described).finish())).toEqual([]);
    expectEncrypted(described);

    // The project's own attributes are the unit and the directive; the server may add its own (BuildIds).
    const attributes = described.workflowExecutionInfo?.searchAttributes?.indexedFields ?? {};
    expect(Object.keys(attributes).filter((k) => k.startsWith('Duban')).sort()).toEqual(['DubanDirectiveId', 'DubanUnitId']);
    const values = Object.values(attributes).map((p) => text(p.data));
    expect(values).toEqual(expect.arrayContaining(['"k1"', `"${PETITION_DIRECTIVE_ID}"`]));
    for (const value of values) expect(leaks(Buffer.from(value))).toEqual([]);
    const handle = stack.env.client.workflow.getHandle(workflowId);
    const typed = (await handle.describe()).typedSearchAttributes.getAll();
    for (const { value } of typed) expect(leaks(Buffer.from(String(value)))).toEqual([]);
    const own = typed.filter((p) => p.key.name.startsWith('Duban')).map((p) => [p.key.name, p.value]);
    expect(own.sort()).toEqual([['DubanDirectiveId', PETITION_DIRECTIVE_ID], ['DubanUnitId', 'k1']]);

    // A query's answer travels encrypted too, though it is never stored.
    const answered = await service.queryWorkflow({ namespace, execution: { workflowId }, query: { queryType: 'getPetitionCase' } });
    expect(expectEncrypted(answered)).toHaveLength(1);
    expect(leaks(temporal.api.workflowservice.v1.QueryWorkflowResponse.encode(answered).finish())).toEqual([]);
  });

  it('encrypts the workflows the case set off as well: the campaign, and the follow-up assignment and task started by activities', async () => {
    const { taskQueue } = await stack.env.client.workflow.getHandle(workflowId).describe();
    const ids = async () => {
      const found: string[] = [];
      for await (const w of stack.env.client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) found.push(w.workflowId);
      return found.sort();
    };
    const workflows = await eventually(ids, (l) => ['petition/', 'petition-campaign/', 'assignment/', 'task/'].every((p) => l.some((id) => id.startsWith(p))));
    expect(workflows.length).toBeGreaterThanOrEqual(4);
    for (const id of workflows) {
      const { history, bytes } = await rawHistory(id);
      expect(leaks(bytes), id).toEqual([]);
      expect(expectEncrypted(history).length, id).toBeGreaterThan(0);
    }
  });
});
