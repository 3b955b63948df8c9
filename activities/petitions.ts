import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { resolveDeadline } from '../domain/deadline';
import { derivedId, taskId } from '../domain/ids';
import { petitionWorkflowId } from '../domain/petition';
import { CHECK_FAILED_EVENT, rescreeningFollowUp as followUpOf, type ScreeningCheck } from '../domain/petition-campaign';
import { startOnce } from '../platform/start-once';
import type { ActivityDeps } from './index';
import { ASSIGNMENT_WORKFLOW, assignmentStartOptions, registration, type AssignmentInput } from '../contracts/assignment';
import type { AuditedChange } from '../contracts/audit';
import { openScreening, type PetitionCaseSnapshot } from '../contracts/petition-case';
import type { CampaignInput } from '../contracts/rescreening-campaign';

/** Case workflows signalled at once within one chunk. */
const SIGNALS_IN_FLIGHT = 50;

/** The follow-up of one case in one campaign has one id, however often it is asked for: 一人一事. */
export function followUpAssignmentId(campaignId: string, caseId: string): string {
  return derivedId('r', campaignId, caseId);
}

export function createPetitionActivities({ readModel, client, taskQueue }: ActivityDeps) {
  return {
    /**
     * Writes a case's latest state (and its person, apart) into the read model, with the audit entries of the changes
     * it carries; older or repeated snapshots are ignored. (One change alone is a write of a workflow started before.)
     */
    async projectPetitionCase(snapshot: PetitionCaseSnapshot, changes: AuditedChange[] | AuditedChange = []): Promise<void> {
      await readModel.projectPetitionCase(snapshot, Array.isArray(changes) ? changes : [changes]);
    },

    async recordCampaign(input: CampaignInput): Promise<void> {
      if (!(await readModel.org.get(input.scopeUnitId))) {
        throw ApplicationFailure.nonRetryable(`unknown unit ${input.scopeUnitId}`, 'UnknownUnit');
      }
      await readModel.petitions.recordCampaign({
        id: input.campaignId,
        scopeUnitId: input.scopeUnitId,
        status: 'scheduled',
        opensAt: input.opensAt,
        dueAt: input.dueAt,
        createdAt: input.createdAt,
        fannedOut: false,
        ...(input.sensitivePeriod ? { sensitivePeriod: input.sensitivePeriod } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
      });
    },

    async openCampaign({ campaignId, at }: { campaignId: string; at: number }): Promise<void> {
      await readModel.petitions.markCampaignOpen(campaignId, at);
    },

    async markCampaignFannedOut(campaignId: string): Promise<void> {
      await readModel.petitions.markCampaignFannedOut(campaignId);
    },

    async endCampaign({ campaignId, at }: { campaignId: string; at: number }): Promise<void> {
      await readModel.petitions.markCampaignEnded(campaignId, at);
    },

    /**
     * Opens the screening of one page of the campaign's cases (id order after `afterCaseId`): signals each case
     * workflow, then records the pending rows. Both are idempotent, and the heartbeat carries how far it got.
     */
    async openScreeningChunk({ campaign, afterCaseId, limit }: { campaign: CampaignInput; afterCaseId?: string; limit: number }) {
      const ctx = Context.current();
      const scope = await readModel.org.get(campaign.scopeUnitId);
      if (!scope) throw ApplicationFailure.nonRetryable(`unknown unit ${campaign.scopeUnitId}`, 'UnknownUnit');
      const cases = await readModel.petitions.caseKeysInScope(scope.path, afterCaseId, limit);
      const resumeAt = (ctx.info.heartbeatDetails as number | undefined) ?? 0;
      const request = { campaignId: campaign.campaignId, openedAt: campaign.opensAt, dueAt: campaign.dueAt };
      for (let i = resumeAt; i < cases.length; i += SIGNALS_IN_FLIGHT) {
        const slice = cases.slice(i, i + SIGNALS_IN_FLIGHT);
        const results = await Promise.all(
          slice.map(async (c) => {
            try {
              await client.workflow.getHandle(petitionWorkflowId(c.id)).signal(openScreening, request);
              return true;
            } catch (err) {
              // A case whose workflow is gone (terminated by an operator) cannot be screened; it is left out.
              if (err instanceof WorkflowNotFoundError) return false;
              throw err;
            }
          }),
        );
        const opened = slice.filter((_, index) => results[index]);
        await readModel.petitions.insertPendingScreenings(campaign.campaignId, campaign.dueAt, opened);
        ctx.heartbeat(Math.min(i + SIGNALS_IN_FLIGHT, cases.length));
      }
      return {
        opened: cases.length,
        ...(cases.length ? { lastCaseId: (cases[cases.length - 1] as { id: string }).id } : {}),
        done: cases.length < limit,
      };
    },

    /**
     * Starts the follow-up task of a failed screening as the event-driven directive's task: an assignment of
     * petition-rescreening at the case's unit, event 'rescreening-check-failed' about the case, due by the trigger's
     * rule from the screening. Answers once the task is recorded; the same campaign and case always meet one task.
     */
    async startRescreeningFollowUp(request: { campaignId: string; caseId: string; unitId: string; occurredAt: number; failed?: ScreeningCheck[] }) {
      const match = await readModel.directives.eventTrigger(CHECK_FAILED_EVENT);
      if (!match) throw ApplicationFailure.nonRetryable(`no directive handles ${CHECK_FAILED_EVENT}`, 'UnknownEvent');
      const unit = await readModel.org.get(request.unitId);
      if (!unit) throw ApplicationFailure.nonRetryable(`unknown unit ${request.unitId}`, 'UnknownUnit');
      const assignmentId = followUpAssignmentId(request.campaignId, request.caseId);
      const input: AssignmentInput = {
        assignmentId,
        directiveId: match.directive.id,
        directiveVersion: match.directive.version,
        scopeUnitId: unit.id,
        targetLevel: unit.level,
        dueAt: resolveDeadline(match.trigger.deadline, request.occurredAt, await readModel.workCalendar()),
        // Workflow time of the screening, not this activity's clock: a retry records the same assignment.
        createdAt: request.occurredAt,
        event: { type: CHECK_FAILED_EVENT, subject: request.caseId, occurredAt: request.occurredAt },
        // 一人一事: the task is about what this case's screening found, not the campaign's general checklist.
        ...followUpOf(request.campaignId, request.failed ?? []),
      };
      const once = await startOnce(client, {
        workflowType: ASSIGNMENT_WORKFLOW,
        options: { ...assignmentStartOptions(input), taskQueue },
        firstUpdate: registration,
        // One after the other: activities also run against the time-skipping test server, which lacks
        // update-with-start. Either way the answer comes once the assignment and its task are recorded.
        updateWithStart: false,
        recorded: () => readModel.tasks.getAssignment(assignmentId),
      });
      // Ended with nothing recorded cannot be answered: the activity fails and is retried.
      if (!once.started && !once.record) throw new Error(`follow-up assignment ${assignmentId}: its workflow has ended but nothing was recorded`);
      return { assignmentId, taskId: taskId(assignmentId, unit.id) };
    },
  };
}
