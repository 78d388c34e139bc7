import type { Tx } from "@/server/db";
import type { Graph } from "@/lib/graph/schema";
import type { Condition } from "@/lib/conditions/schema";
import { AppError, type Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseStoredConditions, parseStoredGraph, serializeConditions, serializeGraph } from "./serialize";
import { summarizeDraft } from "./summarize";
import { assertNotArchived, findAutomationInWorkspace } from "./scope";

export type AutomationRow = Awaited<ReturnType<typeof findAutomationInWorkspace>>;

/**
 * Applies one edit to an automation's draft (graph and/or conditions) inside
 * the caller's transaction: loads the row in the actor's workspace, refuses
 * archived automations, bumps draftRevision with a conditional update (a
 * concurrent editor save is detected, not overwritten) and writes an audit row.
 * REST sub-resources (actions, triggers) and settings go through here.
 */
export async function editDraft(
  tx: Tx,
  actor: Actor,
  id: string,
  action: string,
  edit: (draft: { graph: Graph; conditions: Condition[]; row: AutomationRow }) => { graph?: Graph; conditions?: Condition[]; details?: Record<string, unknown> },
): Promise<AutomationRow> {
  const row = await findAutomationInWorkspace(tx, actor, id);
  assertNotArchived(row);
  const result = edit({ graph: parseStoredGraph(row.draftGraph), conditions: parseStoredConditions(row.conditions), row });
  const summary = result.graph ? summarizeDraft(result.graph) : null;
  const changed = await tx.automation.updateMany({
    where: { id: row.id, workspaceId: actor.workspaceId, draftRevision: row.draftRevision },
    data: {
      ...(result.graph ? { draftGraph: serializeGraph(result.graph), triggerType: summary!.triggerType, stepCount: summary!.stepCount } : {}),
      ...(result.conditions ? { conditions: serializeConditions(result.conditions) } : {}),
      ...(result.graph ? { draftRevision: { increment: 1 } } : {}),
      updatedById: actor.userId,
    },
  });
  if (changed.count === 0) throw new AppError("CONFLICT", "The draft was changed by someone else at the same time; retry the request");
  await writeAudit(tx, actor, { action, targetType: "automation", targetId: row.id, details: result.details ?? {} });
  return findAutomationInWorkspace(tx, actor, id);
}
