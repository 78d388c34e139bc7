import { permissionProcedure } from "@/server/trpc/init";
import { createRun } from "@/server/services/runs/create-run";
import { triggerRunInput } from "./trigger.schema";

/**
 * runs.trigger({ automationId, test?, testData?, idempotencyKey? }) → { runId, status, created, versionNumber, isTest }.
 * Queues a manual run (published version, or a draft snapshot when test) and answers once the row is committed.
 */
export const trigger = permissionProcedure("automations:trigger")
  .input(triggerRunInput)
  .mutation(({ ctx, input }) =>
    createRun(
      {
        workspaceId: ctx.actor.workspaceId,
        automationId: input.automationId,
        triggerType: "manual",
        triggerData: input.testData ?? {},
        test: input.test,
        idempotencyKey: input.idempotencyKey,
        createdById: ctx.actor.userId,
      },
      ctx.db,
    ),
  );
