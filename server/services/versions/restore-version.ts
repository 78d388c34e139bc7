import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { graphSchema } from "@/lib/graph/schema";
import { writeAudit } from "@/server/services/audit/write-audit";
import { assertCan, findAutomationInWorkspace } from "@/server/services/automations/scope";
import { summarizeDraft } from "@/server/services/automations/summarize";
import { safeJson } from "@/server/services/runs/normalize";

export interface RestoreVersionInput {
  automationId: string;
  number: number;
  /** The draft revision the user looked at; restoring fails with CONFLICT if the draft changed since. */
  draftRevision?: number;
}

export interface RestoreVersionResult {
  automationId: string;
  restoredFrom: number;
  /** The draft's new revision (the editor reloads the draft with it). */
  draftRevision: number;
}

/**
 * Copies a version's graph and conditions into the draft (the version itself is
 * untouched; publish again to make the restored draft live). Bumps draftRevision
 * with a conditional update so a concurrent draft save is detected.
 */
export async function restoreVersion(actor: Actor, input: RestoreVersionInput, db: Db = getDb()): Promise<RestoreVersionResult> {
  assertCan(actor, "automations:write");
  return db.$transaction(async (tx) => {
    const automation = await findAutomationInWorkspace(tx, actor, input.automationId);
    if (automation.status === "ARCHIVED") {
      throw new AppError("CONFLICT", "This automation is archived; archived automations cannot be changed");
    }
    const expected = input.draftRevision ?? automation.draftRevision;
    if (expected !== automation.draftRevision) {
      throw new AppError(
        "CONFLICT",
        `The draft changed since you opened it (revision ${expected}, now ${automation.draftRevision}); reload and try again`,
        { expectedRevision: expected, currentRevision: automation.draftRevision },
      );
    }
    const version = await tx.automationVersion.findFirst({
      where: { automationId: automation.id, workspaceId: actor.workspaceId, number: input.number },
      select: { id: true, number: true, graph: true, conditions: true },
    });
    if (!version) {
      throw new AppError("NOT_FOUND", `Version ${input.number} of this automation not found`, {
        automationId: automation.id,
        number: input.number,
      });
    }
    const graph = graphSchema.safeParse(safeJson(version.graph));
    if (!graph.success) {
      throw new AppError("UNPROCESSABLE", `Version ${version.number} has a graph that no longer matches the graph schema and cannot be restored`);
    }
    const summary = summarizeDraft(graph.data);
    const updated = await tx.automation.updateMany({
      where: { id: automation.id, workspaceId: actor.workspaceId, draftRevision: expected },
      data: {
        draftGraph: version.graph,
        conditions: version.conditions,
        draftRevision: { increment: 1 },
        triggerType: summary.triggerType,
        stepCount: summary.stepCount,
        updatedById: actor.userId,
      },
    });
    if (updated.count !== 1) {
      throw new AppError("CONFLICT", "The draft was changed by someone else while restoring; reload and try again");
    }
    await writeAudit(tx, actor, {
      action: "automation.version.restored",
      targetType: "automation",
      targetId: automation.id,
      details: { number: version.number, versionId: version.id, draftRevision: expected + 1 },
    });
    return { automationId: automation.id, restoredFrom: version.number, draftRevision: expected + 1 };
  });
}
