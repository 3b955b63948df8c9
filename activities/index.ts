import { Context } from '@temporalio/activity';
import Bottleneck from 'bottleneck';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { LightThresholds } from '../domain/lights';
import { taskId } from '../domain/ids';
import { stepPerChildUnit, visitSteps } from '../domain/rounds';
import { policyFor } from '../domain/task-policy';
import { firstTaskSnapshot, type TaskSnapshot } from '../domain/task';
import type { ReadModel } from '../readmodel';
import type { AssignmentInput } from '../contracts/assignment';
import type { AuditedChange } from '../contracts/audit';
import { UNIT_TASK_WORKFLOW, unitTaskStartOptions, type UnitTaskInput, type UnitTaskWorkflow } from '../contracts/unit-task';
import { startOnce } from '../platform/start-once';
import type { WebhookConfig } from '../platform/webhook';
import { DEFAULT_WORKER_LIMITS, type FanOutLimits } from '../platform/worker-limits';
import { acknowledgeByFor, DEFAULT_ACKNOWLEDGE_WORKING_DAYS } from '../domain/acknowledgement';
import { createAcknowledgementActivities } from './acknowledgement';
import { BacklogGate } from './backlog-gate';
import { createBulletinActivities } from './bulletins';
import { createNotificationActivities } from './notifications';
import { createPetitionActivities } from './petitions';
import { createRecurringActivities } from './recurring';

export interface ActivityDeps {
  readModel: ReadModel;
  /** Starts task workflows from activities, on this task queue. */
  client: Client;
  taskQueue: string;
  /** The group robot that gets a copy of each notification; none: the inbox only. */
  webhook?: WebhookConfig;
  now?: () => number;
  /** Working days a unit has to acknowledge (签收) a task; DEFAULT_ACKNOWLEDGE_WORKING_DAYS unless configured. */
  acknowledgeWorkingDays?: number;
  /** 红黄绿灯 thresholds for the figures activities compute (the scheduled 通报); the domain defaults unless configured. */
  lights?: LightThresholds;
  /** Back-pressure on fan-out (platform/config.ts): this worker's task workflow starts. */
  fanOut?: FanOutLimits;
}


/** Starts awaited together before the chunk marks them started and heartbeats its position. */
const STARTS_PER_BATCH = 50;

export function createActivities(deps: ActivityDeps) {
  const { readModel, client, taskQueue } = deps;
  // One limiter per worker process, shared by every chunk of every fan-out it runs (lanes and assignments alike):
  // fan-out must not push more starts than the server drains, or a backlog after a fault becomes a collapse.
  const fanOut = deps.fanOut ?? DEFAULT_WORKER_LIMITS.fanOut;
  const starts = new Bottleneck({
    maxConcurrent: fanOut.startsInFlight,
    ...(fanOut.startsPerSecond > 0 ? { minTime: 1000 / fanOut.startsPerSecond } : {}),
  });
  const backlog = new BacklogGate(client, taskQueue, fanOut.maxBacklog);
  /** Resolves the target units and records the assignment with one open task row each, all or nothing. */
  async function record(input: AssignmentInput) {
    // The version the API resolved; an input from before versions takes the one current now, and records it.
    const directive =
      input.directiveVersion !== undefined
        ? await readModel.directives.at(input.directiveId, input.directiveVersion)
        : await readModel.directives.current(input.directiveId);
    if (!directive) {
      throw ApplicationFailure.nonRetryable(`unknown directive ${input.directiveId}`, 'UnknownDirective');
    }
    if (!(await readModel.org.get(input.scopeUnitId))) {
      throw ApplicationFailure.nonRetryable(`unknown unit ${input.scopeUnitId}`, 'UnknownUnit');
    }
    const targetLevel = input.targetLevel ?? directive.targetLevel;
    const units = await readModel.org.unitsAtLevel(input.scopeUnitId, targetLevel);
    const perUnitSteps = stepPerChildUnit(directive.id);
    // One after the other: only a directive with a step per child unit reads anything more per unit.
    const tasks = [];
    for (const u of units) {
      tasks.push({
        taskId: taskId(input.assignmentId, u.id),
        unitId: u.id,
        unitPath: u.path,
        ...(perUnitSteps ? { steps: visitSteps(await readModel.org.children(u.id)) } : {}),
      });
    }
    const steps = input.steps ?? directive.steps.map((s) => ({ id: s.id, title: s.title.zh }));
    await readModel.tasks.registerAssignment(
      {
        id: input.assignmentId,
        directiveId: directive.id,
        directiveVersion: directive.version,
        scopeUnitId: input.scopeUnitId,
        ...(input.assignedByUnitId !== undefined ? { assignedByUnitId: input.assignedByUnitId } : {}),
        targetLevel,
        dueAt: input.dueAt,
        createdAt: input.createdAt,
        ...(input.periodStartsAt !== undefined ? { periodStartsAt: input.periodStartsAt } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        ...(input.event ? { event: input.event } : {}),
        ...(input.recurring ? { recurring: { recurringId: input.recurring.recurringId, periodKey: input.recurring.periodKey } } : {}),
        taskCount: tasks.length,
      },
      tasks,
      steps,
    );
    return { tasks, steps };
  }

  return {
    ...createNotificationActivities(deps),
    ...createPetitionActivities(deps),
    ...createRecurringActivities(deps),
    ...createAcknowledgementActivities(deps),
    ...createBulletinActivities(deps),

    /** Records the assignment and its task rows; returns only the count, so the history stays small at any size. */
    async recordAssignment(input: AssignmentInput): Promise<{ taskCount: number }> {
      return { taskCount: (await record(input)).tasks.length };
    },

    /**
     * Starts the task workflows of one slice of the assignment's recorded tasks (in unit-path order, which never
     * changes once recorded). Starting is idempotent by workflow id, and the heartbeat carries how far it got, so a
     * retry resumes rather than redoes.
     */
    async startTaskChunk({ input, offset, limit }: { input: AssignmentInput; offset: number; limit: number }) {
      const ctx = Context.current();
      const resumeAt = (ctx.info.heartbeatDetails as number | undefined) ?? 0;
      const tasks = await readModel.tasks.taskKeysOfAssignment(input.assignmentId, offset, limit);
      // The version recorded with the assignment (record() above), so every chunk takes the same one.
      const recorded = await readModel.tasks.getAssignment(input.assignmentId);
      const directive = await readModel.directives.of(input.directiveId, recorded?.directiveVersion ?? input.directiveVersion);
      if (!directive) throw ApplicationFailure.nonRetryable(`unknown directive ${input.directiveId}`, 'UnknownDirective');
      const policy = policyFor(directive, input.createdAt, input.dueAt);
      const acknowledgeBy = acknowledgeByFor(input.createdAt, deps.acknowledgeWorkingDays ?? DEFAULT_ACKNOWLEDGE_WORKING_DAYS, await readModel.workCalendar());
      for (let i = resumeAt; i < tasks.length; i += STARTS_PER_BATCH) {
        await backlog.open(() => ctx.heartbeat(i));
        const batch = tasks.slice(i, i + STARTS_PER_BATCH);
        const inputs: UnitTaskInput[] = batch.map((task) => ({
          taskId: task.taskId,
          assignmentId: input.assignmentId,
          directiveId: input.directiveId,
          unitId: task.unitId,
          createdAt: input.createdAt,
          dueAt: input.dueAt,
          steps: task.steps,
          policy,
          ...(input.periodStartsAt !== undefined ? { periodStartsAt: input.periodStartsAt } : {}),
          acknowledgeBy,
          firstStateWritten: true,
        }));
        // The batch's first states in one statement before the starts (a task's first run then writes nothing): the
        // read model shows every started task as it starts, and the server is spared an activity per task.
        await readModel.projectFirstStates(inputs.map(firstTaskSnapshot));
        await Promise.all(
          // A task already ended existed and its work is done, which is all this start is for.
          inputs.map((taskInput) =>
            starts.schedule(() => startOnce(client, {
              workflowType: UNIT_TASK_WORKFLOW,
              options: { taskQueue, ...unitTaskStartOptions(taskInput) },
            }).then((started) => {
              // Alive while the batch waits on the start limiter: the heartbeat timeout can then be short, so a
              // killed worker's chunk is taken over within seconds, not after a minute of no starts.
              ctx.heartbeat(i);
              return started;
            })),
          ),
        );
        await readModel.tasks.markStarted(batch.map((task) => task.taskId));
        ctx.heartbeat(Math.min(i + STARTS_PER_BATCH, tasks.length));
      }
      return tasks.length;
    },

    /**
     * 分解: records a split task's sub-tasks (rows of the same assignment, each naming its parent) and starts their
     * workflows, each exactly once (start-once by the task id), so a retry after a crash finishes what it began.
     * Their reminders and checks follow the directive's policy over their own window.
     */
    async startSubTasks(request: SubTaskStart): Promise<number> {
      // The version the assignment was made from, as for every task of it.
      const assignment = await readModel.tasks.getAssignment(request.assignmentId);
      const directive = await readModel.directives.of(request.directiveId, assignment?.directiveVersion);
      if (!directive) throw ApplicationFailure.nonRetryable(`unknown directive ${request.directiveId}`, 'UnknownDirective');
      const units = [];
      for (const c of request.children) {
        const unit = await readModel.org.get(c.unitId);
        if (!unit) throw ApplicationFailure.nonRetryable(`unknown unit ${c.unitId}`, 'UnknownUnit');
        units.push({ ...c, unitPath: unit.path });
      }
      await readModel.tasks.registerSubTasks(request, units);
      const policy = policyFor(directive, request.createdAt, request.dueAt);
      // A sub-task waits for 签收 by its own unit like any task.
      const acknowledgeBy = acknowledgeByFor(request.createdAt, deps.acknowledgeWorkingDays ?? DEFAULT_ACKNOWLEDGE_WORKING_DAYS, await readModel.workCalendar());
      await Promise.all(
        request.children.map((child) =>
          startOnce(client, {
            workflowType: UNIT_TASK_WORKFLOW,
            options: {
              taskQueue,
              ...unitTaskStartOptions({
                taskId: child.taskId,
                assignmentId: request.assignmentId,
                directiveId: request.directiveId,
                unitId: child.unitId,
                createdAt: request.createdAt,
                dueAt: request.dueAt,
                steps: request.steps,
                policy,
                parentTaskId: request.parentTaskId,
                acknowledgeBy,
                ...(request.periodStartsAt !== undefined ? { periodStartsAt: request.periodStartsAt } : {}),
              }),
            },
          }),
        ),
      );
      await readModel.tasks.markStarted(request.children.map((c) => c.taskId));
      return request.children.length;
    },

    /**
     * Writes a task's latest state (and the audit entries of the changes behind it) into the read model; older or
     * repeated snapshots are ignored, and each entry is written once. A single change is what workflows started before
     * writes carried several sent.
     */
    async projectTask(snapshot: TaskSnapshot, changes: AuditedChange[] | AuditedChange = []): Promise<void> {
      await readModel.projectTask(snapshot, Array.isArray(changes) ? changes : [changes]);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;

/** What startSubTasks needs: the parent, the sub-tasks' shared terms and one child per unit. */
export interface SubTaskStart {
  parentTaskId: string;
  assignmentId: string;
  directiveId: string;
  createdAt: number;
  dueAt: number;
  steps: Array<{ id: string; title: string }>;
  children: Array<{ taskId: string; unitId: string }>;
  periodStartsAt?: number;
}
