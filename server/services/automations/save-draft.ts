import { z } from "zod";
import { getDb, type Db, type DbOrTx } from "@/server/db";
import { graphSchema } from "@/lib/graph/schema";
import { AppError, type Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { automationIdField } from "./fields";
import { parseInput } from "./input";
import { serializeGraph } from "./serialize";
import { summarizeDraft } from "./summarize";
import { assertCan, assertNotArchived, findAutomationInWorkspace, userNames } from "./scope";

export const saveDraftInput = z.object({
  id: automationIdField,
  /** Structural validation only: drafts may have semantic problems (unconnected nodes, empty configs). */
  graph: graphSchema,
  /** The draftRevision the editor loaded; a different current revision means someone else saved. */
  baseRevision: z
    .number({ error: "baseRevision is required: the draftRevision you loaded" })
    .int("baseRevision must be a whole number")
    .min(0, "baseRevision must be 0 or more"),
});
export type SaveDraftInput = z.input<typeof saveDraftInput>;

export interface SaveDraftResult {
  draftRevision: number;
  updatedAt: Date;
}

async function conflict(db: DbOrTx, row: { draftRevision: number; updatedById: string | null; updatedAt: Date }, base: number) {
  const names = await userNames(db, [row.updatedById]);
  const updatedBy = row.updatedById && names.has(row.updatedById) ? { id: row.updatedById, name: names.get(row.updatedById)! } : null;
  const who = updatedBy ? updatedBy.name : "someone else";
  return new AppError(
    "CONFLICT",
    `The draft was changed by ${who} at ${row.updatedAt.toISOString()} after you loaded it ` +
      `(your revision ${base}, current revision ${row.draftRevision}). Reload the draft, then reapply your changes.`,
    { currentRevision: row.draftRevision, updatedBy, updatedAt: row.updatedAt },
  );
}

/** Saves the draft graph if nobody saved since `baseRevision` (optimistic concurrency). */
export async function saveDraft(actor: Actor, input: SaveDraftInput, db: Db = getDb()): Promise<SaveDraftResult> {
  assertCan(actor, "automations:write");
  const { id, graph, baseRevision } = parseInput(saveDraftInput, input);
  const summary = summarizeDraft(graph);
  return db.$transaction(async (tx) => {
    const current = await findAutomationInWorkspace(tx, actor, id);
    assertNotArchived(current);
    if (current.draftRevision !== baseRevision) throw await conflict(tx, current, baseRevision);
    // Conditional update: only one of two concurrent saves with the same base wins.
    const changed = await tx.automation.updateMany({
      where: { id, workspaceId: actor.workspaceId, draftRevision: baseRevision },
      data: {
        draftGraph: serializeGraph(graph),
        draftRevision: { increment: 1 },
        triggerType: summary.triggerType,
        stepCount: summary.stepCount,
        updatedById: actor.userId,
      },
    });
    const row = await findAutomationInWorkspace(tx, actor, id);
    if (changed.count === 0) throw await conflict(tx, row, baseRevision);
    await writeAudit(tx, actor, {
      action: "automation.draft_saved",
      targetType: "automation",
      targetId: id,
      details: { revision: row.draftRevision, nodes: graph.nodes.length, edges: graph.edges.length },
    });
    return { draftRevision: row.draftRevision, updatedAt: row.updatedAt };
  });
}
