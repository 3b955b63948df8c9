import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { QueryDefinition } from '@temporalio/workflow';
import { isWithdrawn } from '../domain/acknowledgement';
import { taskId as taskIdOf, taskWorkflowId } from '../domain/ids';
import type { OrgLevel } from '../domain/org';
import { stepPerChildUnit, visitSteps } from '../domain/rounds';
import type { TaskSnapshot } from '../domain/task';
import { ASSIGNMENT_WORKFLOW, type AssignmentInput } from '../contracts/assignment';
import { getPetitionCase, PETITION_CASE_WORKFLOW } from '../contracts/petition-case';
import { campaignState, RESCREENING_CAMPAIGN_WORKFLOW } from '../contracts/rescreening-campaign';
import { AssignmentIdKey } from '../contracts/search-attributes';
import { getTask, UNIT_TASK_WORKFLOW, type UnitTaskWorkflow } from '../contracts/unit-task';
import { resetProjection } from './database';
import type { ReadModel } from './index';
import type { AssignmentRecord, NewTask } from './task-store';

/**
 * `npm run readmodel:rebuild`: the projection (schema `projection`: tasks, task_acknowledgements, withdrawn_tasks,
 * petition_cases, petition_screenings, and the roll-ups of the first two, which their triggers refill as the rows are
 * written: readmodel/rollup-tables.ts) recreated from Temporal, for when it is lost or corrupted. The records (schema
 * `record`) are what it is rebuilt against and are left exactly as they were.
 *
 * What feeds the projection, and how each part comes back:
 * - every unit task workflow (the fan-out's tasks, 分解's sub-tasks, 改派's successors; open or closed): its state by
 *   the `getTask` query (a completed one's by its result, the same state without a replay), written by the activity's
 *   own `projectTask` (the task row and its 签收 row), then marked started as the fan-out marks it;
 * - a task withdrawn by a decision on its 回退 (撤销 or 改派): its 签收 row and its withdrawn row, by the same store
 *   method, but never through projectTask, whose withdrawal also counts the assignment one task fewer (a record,
 *   already counted when the task was withdrawn);
 * - every petition case workflow: its state by `getPetitionCase`, written by `projectPetitionCase` — the case row
 *   and its screenings (the screenings a campaign opened are in each case's state: the campaign signals the case
 *   before it writes its pending row). The person is a record the same write rewrites with the same values;
 * - the first rows of a fan-out still running (an assignment workflow not completed): the tasks it has not started a
 *   workflow for yet exist only as rows, which its next chunks read to know what to start. They are recreated as the
 *   recordAssignment activity made them — the assignment record, the org tree, the directive version it was made
 *   from, and the assignment workflow's input for steps of its own — in the same transaction that empties the
 *   projection, so the fan-out never reads it empty.
 *
 * It cannot recover what Temporal no longer has: a workflow closed longer ago than the namespace's retention (its
 * history is deleted; a task done and accepted before then leaves no row), which the summary's `unrecovered` lists
 * by comparing with the records (each assignment's task count, the tasks its audit trail names, each case's person).
 *
 * Workers must be running: a query is answered by a worker (replaying a closed workflow's history). Run it with the
 * API stopped, so that no decision (a 回退's 撤销 or 改派, an import) reads the projection while it is rebuilt.
 */
export interface RebuildOptions {
  client: Client;
  readModel: ReadModel;
  /**
   * Only the workflows started on this task queue (the deployment's, DUBAN_TASK_QUEUE): another deployment sharing the
   * namespace is left out. Every workflow of the namespace when absent.
   */
  taskQueue?: string;
  /** Queries (and their writes) in flight at once. */
  concurrency?: number;
  /** How long one query may take before it is tried again (three tries). */
  queryTimeoutMs?: number;
  onProgress?: (progress: RebuildProgress) => void;
  /** Rebuild even while a re-screening campaign is opening its screenings (see campaignsOpening). */
  force?: boolean;
  now?: () => number;
}

export type RebuildPhase = 'preflight' | 'reset' | 'cases' | 'tasks' | 'unstarted' | 'check';

export interface RebuildProgress {
  phase: RebuildPhase;
  done: number;
  total: number;
}

export interface RebuildSummary {
  /** Rows in each projection table once rebuilt. */
  tasks: number;
  acknowledgements: number;
  withdrawnTasks: number;
  cases: number;
  screenings: number;
  /** Of `tasks`, the rows of fan-outs still running whose workflows are not started yet (first rows, recreated). */
  unstartedTasks: number;
  /** Workflows read from Temporal. */
  workflows: { unitTasks: number; petitionCases: number; fanOutsRunning: number };
  /** Workflows whose query or write failed (the first 50), and how many in all. */
  failed: Array<{ workflowId: string; error: string }>;
  failedCount: number;
  /** What the records say existed and Temporal no longer has (see RebuildOptions). */
  unrecovered: {
    /** Assignments holding fewer (or more) tasks than their record counts. */
    assignments: Array<{ assignmentId: string; taskCount: number; found: number }>;
    /** Tasks the audit trail records changes to, and no workflow. */
    tasks: string[];
    /** Cases with a person on record and no workflow. */
    cases: string[];
    /** Listed by visibility, gone when queried. */
    workflows: string[];
  };
  /** The namespace's retention of closed workflows, in days, as the server reports it. */
  retentionDays?: number;
  ms: number;
}

/** Refused before anything was changed (the projection is as it was). */
export class RebuildRefused extends Error {
  override readonly name = 'RebuildRefused';
}

const DEFAULT_CONCURRENCY = 16;
const DEFAULT_QUERY_TIMEOUT_MS = 30_000;
/** markStarted takes the ids of one batch per statement. */
const STARTED_BATCH = 500;
/** A scheduled campaign opening within this is treated as opening. */
const OPENING_MARGIN_MS = 10 * 60_000;

export async function rebuildProjection(options: RebuildOptions): Promise<RebuildSummary> {
  const { client, readModel, taskQueue } = options;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const progress = options.onProgress ?? (() => undefined);
  const started = now();
  const db = readModel.db;

  const failed: RebuildSummary['failed'] = [];
  let failedCount = 0;
  const fail = (workflowId: string, err: unknown) => {
    failedCount += 1;
    if (failed.length < 50) failed.push({ workflowId, error: err instanceof Error ? err.message : String(err) });
  };
  const gone: string[] = [];

  const where = (type: string, ...more: string[]) =>
    [`WorkflowType = ${quoted(type)}`, ...(taskQueue !== undefined ? [`TaskQueue = ${quoted(taskQueue)}`] : []), ...more].join(' AND ');
  const ask = <T>(workflowId: string, query: QueryDefinition<T>) => queryOnce(client, workflowId, query, queryTimeoutMs);

  // --- Preflight: nothing is changed until every check has passed.
  progress({ phase: 'preflight', done: 0, total: 0 });
  const retentionDays = await namespaceRetentionDays(client);
  if (taskQueue !== undefined && !(await hasWorker(client, taskQueue))) {
    throw new RebuildRefused(
      `no worker polls the task queue ${taskQueue}: start duban's workers first (npm start, or npm run worker); they answer the queries the rebuild reads`,
    );
  }
  if (!options.force) {
    const opening = await campaignsOpening(client, readModel, where(RESCREENING_CAMPAIGN_WORKFLOW, `ExecutionStatus = 'Running'`), now(), queryTimeoutMs);
    if (opening.length) {
      throw new RebuildRefused(
        `re-screening campaign ${opening.join(', ')} is opening its screenings, page by page from petition_cases: rebuild once it has (or with --force)`,
      );
    }
  }
  // Fan-outs not completed (running, or stopped midway): the first rows of the tasks they have not started.
  const fanOuts = await listIds(client, where(ASSIGNMENT_WORKFLOW, `ExecutionStatus != 'Completed'`, `ExecutionStatus != 'ContinuedAsNew'`));
  const firstRows: FirstRows[] = [];
  for (const workflowId of fanOuts) {
    try {
      const rows = await unstartedRows(client, readModel, workflowId, (assignmentId) =>
        listIds(client, where(UNIT_TASK_WORKFLOW, `${AssignmentIdKey.name} = ${quoted(assignmentId)}`)),
      );
      if (rows) firstRows.push(rows);
    } catch (err) {
      throw new RebuildRefused(`cannot read the running fan-out ${workflowId}, whose unstarted tasks only its rows hold: ${(err as Error).message}`);
    }
  }

  // --- The projection emptied, with the first rows a running fan-out reads, in one transaction.
  progress({ phase: 'reset', done: 0, total: 1 });
  await db.transaction(async () => {
    await resetProjection(db);
    // The assignment is on record already: only its task rows are written (registerAssignment keeps a row it finds).
    for (const { assignment, tasks, steps } of firstRows) {
      if (tasks.length) await readModel.tasks.registerAssignment(assignment, tasks, steps);
    }
  });
  progress({ phase: 'reset', done: 1, total: 1 });

  // --- Cases first: a campaign's fan-out pages through them.
  const caseIds = await listIds(client, where(PETITION_CASE_WORKFLOW));
  await eachLimited(caseIds, concurrency, async (workflowId) => {
    try {
      const snapshot = await ask(workflowId, getPetitionCase);
      if (snapshot === undefined) gone.push(workflowId);
      else await readModel.projectPetitionCase(snapshot);
    } catch (err) {
      fail(workflowId, err);
    }
  }, (done) => progress({ phase: 'cases', done, total: caseIds.length }));

  // --- Tasks.
  const marks = new StartedMarks(readModel);
  const projectTask = async (snapshot: TaskSnapshot) => {
    const ack = snapshot.history.acknowledgement;
    if (ack && isWithdrawn(ack.state)) {
      await db.transaction(async () => {
        // Not projectTask: its withdrawal would count the assignment one task fewer again. Without a task row (a
        // first row of a running fan-out is the only one there could be), the store's withdrawal moves nothing and
        // counts nothing: it writes the 签收 row and the withdrawn row as the task last showed itself.
        await db.prepare('DELETE FROM tasks WHERE id = ?').run(snapshot.taskId);
        await readModel.acknowledgements.project(snapshot);
      }, `task:${snapshot.taskId}`);
    } else {
      // No changes: their audit entries are records, written once when they were made.
      await readModel.projectTask(snapshot);
      await marks.add(snapshot.taskId);
    }
  };
  const taskIds = await listIds(client, where(UNIT_TASK_WORKFLOW));
  // A completed task workflow's result is its last state: read without replaying its history, as a query would.
  const completed = new Set(await listIds(client, where(UNIT_TASK_WORKFLOW, `ExecutionStatus = 'Completed'`)));
  await eachLimited(taskIds, concurrency, async (workflowId) => {
    try {
      const snapshot =
        (completed.has(workflowId) ? await finalSnapshot(client, workflowId, queryTimeoutMs) : undefined) ?? (await ask(workflowId, getTask));
      if (snapshot === undefined) gone.push(workflowId);
      else await projectTask(snapshot);
    } catch (err) {
      fail(workflowId, err);
    }
  }, (done) => progress({ phase: 'tasks', done, total: taskIds.length }));
  await marks.flush();

  // --- Rows still unstarted: first rows, unless visibility had not yet listed a workflow a fan-out started meanwhile.
  const unstarted = (await db.prepare('SELECT id FROM tasks WHERE started = 0 ORDER BY id').pluck().all()) as string[];
  await eachLimited(unstarted, concurrency, async (id) => {
    const workflowId = taskWorkflowId(id);
    try {
      const snapshot = await ask(workflowId, getTask);
      if (snapshot !== undefined) await projectTask(snapshot);
    } catch (err) {
      fail(workflowId, err);
    }
  }, (done) => progress({ phase: 'unstarted', done, total: unstarted.length }));
  await marks.flush();

  // --- What the records say existed and the projection now lacks.
  progress({ phase: 'check', done: 0, total: 1 });
  const counts = (await db
    .prepare(
      `SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM tasks WHERE started = 0) AS "unstartedTasks",
         (SELECT count(*) FROM task_acknowledgements) AS acknowledgements, (SELECT count(*) FROM withdrawn_tasks) AS "withdrawnTasks",
         (SELECT count(*) FROM petition_cases) AS cases, (SELECT count(*) FROM petition_screenings) AS screenings`,
    )
    .get()) as Pick<RebuildSummary, 'tasks' | 'unstartedTasks' | 'acknowledgements' | 'withdrawnTasks' | 'cases' | 'screenings'>;
  // An assignment's task count is its tasks less those withdrawn plus 改派's successors, which are the task rows
  // without a parent; a withdrawn sub-task was counted off too, though it never counted.
  const assignments = (await db
    .prepare(
      `SELECT a.id AS "assignmentId", a.task_count AS "taskCount",
         (SELECT count(*) FROM tasks t WHERE t.assignment_id = a.id AND t.parent_task_id IS NULL)
         - (SELECT count(*) FROM withdrawn_tasks w WHERE w.assignment_id = a.id AND (w.record_json::jsonb ->> 'parentTaskId') IS NOT NULL) AS found
       FROM assignments a ORDER BY a.id`,
    )
    .all()) as Array<{ assignmentId: string; taskCount: number; found: number }>;
  const tasks = (await db
    .prepare(
      `SELECT DISTINCT a.subject_id FROM audit_log a WHERE a.subject_type = 'task'
         AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = a.subject_id)
         AND NOT EXISTS (SELECT 1 FROM withdrawn_tasks w WHERE w.id = a.subject_id)
       ORDER BY 1`,
    )
    .pluck()
    .all()) as string[];
  const cases = (await db
    .prepare('SELECT p.case_id FROM petition_people p WHERE NOT EXISTS (SELECT 1 FROM petition_cases c WHERE c.id = p.case_id) ORDER BY p.case_id')
    .pluck()
    .all()) as string[];
  progress({ phase: 'check', done: 1, total: 1 });

  return {
    ...counts,
    workflows: { unitTasks: taskIds.length, petitionCases: caseIds.length, fanOutsRunning: firstRows.length },
    failed,
    failedCount,
    unrecovered: { assignments: assignments.filter((a) => a.found !== a.taskCount), tasks, cases, workflows: gone.sort() },
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    ms: now() - started,
  };
}

/** An assignment's task rows whose workflows its fan-out has not started, as recordAssignment wrote them. */
interface FirstRows {
  assignment: AssignmentRecord;
  tasks: NewTask[];
  steps: Array<{ id: string; title: string }>;
}

/**
 * The rows activities/index.ts `record` wrote for the tasks of a fan-out that have no workflow yet: the units of the
 * target level in the scope (the org tree as it is now: a fan-out runs for minutes, and a tree changed meanwhile
 * would give other rows), with the steps of the directive version the assignment was made from, a step per village
 * for the rounds, or the steps of the assignment's own (a failed screening's follow-up) from the workflow's input.
 * Undefined when the assignment is not on record yet: its fan-out writes the assignment and its rows together.
 */
async function unstartedRows(
  client: Client,
  readModel: ReadModel,
  workflowId: string,
  taskWorkflows: (assignmentId: string) => Promise<string[]>,
): Promise<FirstRows | undefined> {
  const input = await startInput<AssignmentInput>(client, workflowId);
  if (!input) return undefined;
  const assignment = await readModel.tasks.getAssignment(input.assignmentId);
  if (!assignment) return undefined;
  const directive = await readModel.directives.of(assignment.directiveId, assignment.directiveVersion);
  if (!directive) throw new Error(`unknown directive ${assignment.directiveId} version ${assignment.directiveVersion}`);
  const withWorkflow = new Set(await taskWorkflows(assignment.id));
  const perUnitSteps = stepPerChildUnit(directive.id);
  const tasks: NewTask[] = [];
  for (const unit of await readModel.org.unitsAtLevel(assignment.scopeUnitId, assignment.targetLevel as OrgLevel)) {
    const id = taskIdOf(assignment.id, unit.id);
    if (withWorkflow.has(taskWorkflowId(id))) continue;
    tasks.push({
      taskId: id,
      unitId: unit.id,
      unitPath: unit.path,
      ...(perUnitSteps ? { steps: visitSteps(await readModel.org.children(unit.id)) } : {}),
    });
  }
  const steps = input.steps ?? directive.steps.map((s) => ({ id: s.id, title: s.title.zh }));
  return { assignment, tasks, steps };
}

/** A workflow's first argument, from its history's first event, decoded as the client decodes (payload encryption). */
async function startInput<T>(client: Client, workflowId: string): Promise<T | undefined> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  if (!payloads?.length) return undefined;
  const { payloadConverter, payloadCodecs } = client.options.loadedDataConverter;
  let decoded = payloads as Payload[];
  // Codecs encode in order, so they decode in reverse.
  for (const codec of [...payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  return payloadConverter.fromPayload<T>(decoded[0] as Payload);
}

/**
 * Campaigns whose fan-out is opening screenings now, or is due to within OPENING_MARGIN_MS: each page of it reads the
 * cases after the last one it opened from petition_cases, so a page read while the projection is rebuilt could skip
 * cases for good.
 */
async function campaignsOpening(client: Client, readModel: ReadModel, query: string, now: number, timeoutMs: number): Promise<string[]> {
  const opening: string[] = [];
  for (const workflowId of await listIds(client, query)) {
    const state = await queryOnce(client, workflowId, campaignState, timeoutMs);
    if (!state || state.fannedOut || state.status === 'ended') continue;
    if (state.status === 'open') {
      opening.push(workflowId);
      continue;
    }
    const campaign = await readModel.petitions.getCampaign(workflowId.slice(workflowId.indexOf('/') + 1));
    if (campaign && campaign.opensAt <= now + OPENING_MARGIN_MS) opening.push(workflowId);
  }
  return opening;
}

/**
 * A completed unit task workflow's result: the snapshot it returns, which is the state its last write projected and a
 * query would answer after replaying it. Undefined when there is none to read (a query then asks).
 */
async function finalSnapshot(client: Client, workflowId: string, timeoutMs: number): Promise<TaskSnapshot | undefined> {
  const result = await client
    .withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle<UnitTaskWorkflow>(workflowId).result())
    .catch(() => undefined);
  return result && typeof result === 'object' && typeof result.taskId === 'string' && typeof result.version === 'number' ? result : undefined;
}

/** A query's answer; undefined when the workflow is not there (never started, or deleted after its retention). */
async function queryOnce<T>(client: Client, workflowId: string, query: QueryDefinition<T>, timeoutMs: number): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(workflowId).query(query));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      if (attempt >= 3) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/** Every workflow id visibility lists for a query, open and closed, once each (a continued-as-new run lists its id again). */
async function listIds(client: Client, query: string): Promise<string[]> {
  const ids = new Set<string>();
  for await (const info of client.workflow.list({ query, pageSize: 1000 })) ids.add(info.workflowId);
  return [...ids].sort();
}

/** A value in a visibility query. Task queues and ids here never hold quotes; one that did would change the query. */
function quoted(value: string): string {
  if (/['"\\]/.test(value)) throw new RebuildRefused(`cannot name ${JSON.stringify(value)} in a visibility query`);
  return `'${value}'`;
}

async function namespaceRetentionDays(client: Client): Promise<number | undefined> {
  const { config } = await client.workflowService.describeNamespace({ namespace: client.options.namespace });
  const seconds = config?.workflowExecutionRetentionTtl?.seconds;
  // A Long from the wire, or a number.
  return seconds === undefined || seconds === null ? undefined : Number(seconds.toString()) / 86_400;
}

/** Whether a worker has polled the task queue's workflow tasks lately (the server keeps pollers of the last minutes). */
async function hasWorker(client: Client, taskQueue: string): Promise<boolean> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return (pollers?.length ?? 0) > 0;
}

/** The tasks written from a workflow, marked started in batches (the fan-out marks each task it started a workflow for). */
class StartedMarks {
  private pending: string[] = [];

  constructor(private readonly readModel: ReadModel) {}

  async add(taskId: string): Promise<void> {
    this.pending.push(taskId);
    if (this.pending.length >= STARTED_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const ids = this.pending;
    this.pending = [];
    if (ids.length) await this.readModel.tasks.markStarted(ids);
  }
}

/** Runs `work` on every item, at most `limit` at once, telling `done` how many have finished. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, done: (count: number) => void): Promise<void> {
  let next = 0;
  let finished = 0;
  done(0);
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
      done(++finished);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
