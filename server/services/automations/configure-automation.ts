import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { syncTriggers } from "@/server/triggers/sync";
import { automationDescriptionField, automationIdField, automationNameField, priorityField } from "./fields";
import { parseInput } from "./input";
import { initialGraph } from "./initial-graph";
import { editDraft } from "./edit-draft";
import { serializeConditions, serializeGraph } from "./serialize";
import { summarizeDraft } from "./summarize";
import { applyTriggerSettings, triggerSettingsFields } from "./trigger-settings";
import { assertCan, userNames } from "./scope";
import { toAutomationDetail, type AutomationDetail } from "./present";

/**
 * Create and update with the seed's writable fields (seeds 000/003): name,
 * description, priority, trigger_type + stage_id/source filters, conditions.
 * Trigger fields edit the draft's trigger node; conditions apply to the draft
 * and take effect with the next publish (enable publishes a changed draft).
 */
export const configureAutomationFields = {
  name: automationNameField,
  description: automationDescriptionField.optional(),
  priority: priorityField.optional(),
  ...triggerSettingsFields,
};

export const createConfiguredAutomationInput = z.object({ ...configureAutomationFields, trigger_type: triggerSettingsFields.trigger_type.default("manual") });
export const configureAutomationInput = z.object({ id: automationIdField, ...configureAutomationFields, name: automationNameField.optional(), trigger_type: triggerSettingsFields.trigger_type.optional() });

export async function createConfiguredAutomation(actor: Actor, input: z.input<typeof createConfiguredAutomationInput>, db: Db = getDb()): Promise<AutomationDetail> {
  assertCan(actor, "automations:write");
  const data = parseInput(createConfiguredAutomationInput, input);
  const graph = await applyTriggerSettings(db, actor.workspaceId, initialGraph(), data);
  const summary = summarizeDraft(graph);
  return db.$transaction(async (tx) => {
    const row = await tx.automation.create({
      data: {
        workspaceId: actor.workspaceId,
        name: data.name,
        description: data.description ?? "",
        priority: data.priority ?? 0,
        status: "DRAFT",
        draftGraph: serializeGraph(graph),
        draftRevision: 0,
        conditions: serializeConditions(data.conditions ?? []),
        triggerType: summary.triggerType,
        stepCount: summary.stepCount,
        createdById: actor.userId,
        updatedById: actor.userId,
      },
    });
    await writeAudit(tx, actor, { action: "automation.created", targetType: "automation", targetId: row.id, details: { name: row.name, trigger_type: data.trigger_type } });
    return toAutomationDetail(row, await userNames(tx, [actor.userId]));
  });
}

export async function configureAutomation(actor: Actor, input: z.input<typeof configureAutomationInput>, db: Db = getDb()): Promise<AutomationDetail> {
  assertCan(actor, "automations:write");
  const data = parseInput(configureAutomationInput, input);
  const current = await db.automation.findFirst({ where: { id: data.id, workspaceId: actor.workspaceId }, select: { draftGraph: true } });
  // Trigger validation may read custom event types: done before the write transaction.
  const graph = current ? await applyTriggerSettings(db, actor.workspaceId, JSON.parse(current.draftGraph) as Parameters<typeof applyTriggerSettings>[2], data) : null;
  return db.$transaction(async (tx) => {
    const changed = (["name", "description", "priority", "trigger_type", "stage_id", "source_id", "filters", "conditions"] as const).filter((k) => data[k] !== undefined);
    let row = await editDraft(tx, actor, data.id, "automation.settings_updated", ({ graph: draft }) => ({
      ...(graph && (data.trigger_type !== undefined || data.stage_id !== undefined || data.source_id !== undefined || data.filters !== undefined) ? { graph } : { graph: draft }),
      ...(data.conditions !== undefined ? { conditions: data.conditions } : {}),
      details: { changed },
    }));
    if (data.name !== undefined || data.description !== undefined || data.priority !== undefined) {
      row = await tx.automation.update({
        where: { id: row.id },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.description !== undefined ? { description: data.description } : {}),
          ...(data.priority !== undefined ? { priority: data.priority } : {}),
        },
      });
      if (data.priority !== undefined) await syncTriggers(tx, row.id);
    }
    return toAutomationDetail(row, await userNames(tx, [row.updatedById]));
  });
}
