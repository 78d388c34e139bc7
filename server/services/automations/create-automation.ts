import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { automationDescriptionField, automationNameField } from "./fields";
import { parseInput } from "./input";
import { initialGraph } from "./initial-graph";
import { serializeGraph } from "./serialize";
import { summarizeDraft } from "./summarize";
import { assertCan, userNames } from "./scope";
import { toAutomationDetail, type AutomationDetail } from "./present";

export const createAutomationInput = z.object({
  name: automationNameField,
  description: automationDescriptionField.optional(),
});
export type CreateAutomationInput = z.input<typeof createAutomationInput>;

/** Creates a DRAFT automation whose draft graph holds one manual trigger. */
export async function createAutomation(actor: Actor, input: CreateAutomationInput, db: Db = getDb()): Promise<AutomationDetail> {
  assertCan(actor, "automations:write");
  const data = parseInput(createAutomationInput, input);
  const graph = initialGraph();
  const summary = summarizeDraft(graph);
  return db.$transaction(async (tx) => {
    const row = await tx.automation.create({
      data: {
        workspaceId: actor.workspaceId,
        name: data.name,
        description: data.description ?? "",
        status: "DRAFT",
        draftGraph: serializeGraph(graph),
        draftRevision: 0,
        conditions: "[]",
        triggerType: summary.triggerType,
        stepCount: summary.stepCount,
        createdById: actor.userId,
        updatedById: actor.userId,
      },
    });
    await writeAudit(tx, actor, {
      action: "automation.created",
      targetType: "automation",
      targetId: row.id,
      details: { name: row.name },
    });
    return toAutomationDetail(row, await userNames(tx, [actor.userId]));
  });
}
