import type { Db } from "@/server/db";
import { fatal, type ChildRunStarter } from "@/server/engine/contract";
import { AppError } from "@/server/services/errors";
import { createRun } from "./create-run";

/**
 * ChildRunStarter for run_workflow steps: a QUEUED run of another automation in
 * the parent's workspace (its published version), linked to the parent. The
 * step's idempotency key is the child's, so a retried step never starts two.
 */
export function createChildRunStarter(db: Db): ChildRunStarter {
  return {
    async start({ automationId, input, parentRunId, parentNodeId, idempotencyKey }) {
      const parent = await db.run.findUnique({ where: { id: parentRunId }, select: { workspaceId: true } });
      if (!parent) throw fatal(`Parent run ${parentRunId} not found`, "CHILD_START_FAILED");
      try {
        const r = await createRun(
          { workspaceId: parent.workspaceId, automationId, triggerType: "child", triggerData: input, idempotencyKey, parentRunId, parentNodeId },
          db,
        );
        return { runId: r.runId };
      } catch (err) {
        if (err instanceof AppError) {
          const message = err.code === "NOT_FOUND" ? `Automation ${automationId} not found in this workspace` : err.message;
          throw fatal(message, err.code === "NOT_FOUND" ? "CHILD_NOT_FOUND" : "CHILD_START_FAILED");
        }
        throw err;
      }
    },
  };
}
