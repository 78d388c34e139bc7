import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Graph } from "@/lib/graph/schema";
import { findTrigger } from "@/lib/graph/traverse";
import { getNodeType } from "@/lib/nodes/registry";
import { AppError, type Actor } from "@/server/services/errors";
import { createRun, type CreateRunResult } from "@/server/services/runs/create-run";
import { automationIdField } from "./fields";
import { parseInput } from "./input";
import { getAutomation } from "./get-automation";
import { assertCan } from "./scope";

/**
 * Seed 000 "execute one action": a test run of a two-node graph (a manual
 * trigger carrying `triggerData`, then a copy of the draft's action), queued
 * like any run so the executor runs the step and records it. Conditions do
 * not apply; the draft is not changed.
 */
export const executeActionInput = z.object({
  automationId: automationIdField,
  actionId: z.string({ error: "actionId is required" }).min(1, "actionId is required").max(64),
  triggerData: z.record(z.string(), z.unknown(), { error: "triggerData: must be a JSON object" }).default({}),
  idempotencyKey: z.string().max(200).optional(),
});
export type ExecuteActionInput = z.input<typeof executeActionInput>;

export async function executeAction(actor: Actor, input: ExecuteActionInput, db: Db = getDb()): Promise<CreateRunResult> {
  assertCan(actor, "automations:trigger");
  const p = parseInput(executeActionInput, input);
  const a = await getAutomation(actor, { id: p.automationId }, db);
  const trigger = findTrigger(a.draftGraph);
  const action = a.draftGraph.nodes.find((n) => n.id === p.actionId && n.id !== trigger?.id);
  if (!action) throw new AppError("NOT_FOUND", `Action ${p.actionId} not found in this automation's draft`, { action_id: p.actionId });
  const triggerId = action.id === "trigger" ? "manual_trigger" : "trigger";
  const graph: Graph = {
    ...a.draftGraph,
    nodes: [
      { id: triggerId, type: "manual", name: "Manual", position: { x: 0, y: 0 }, config: { ...((getNodeType("manual")?.defaultConfig ?? {}) as Record<string, unknown>) } },
      { ...action, position: { x: 0, y: 120 } },
    ],
    edges: [{ id: `${triggerId}-${action.id}`, source: triggerId, sourceHandle: "next", target: action.id }],
  };
  return createRun(
    {
      workspaceId: actor.workspaceId,
      automationId: a.id,
      triggerType: "action",
      triggerData: p.triggerData,
      test: true,
      graphOverride: JSON.stringify(graph),
      idempotencyKey: p.idempotencyKey,
      createdById: actor.apiKeyId ? null : actor.userId,
    },
    db,
  );
}
