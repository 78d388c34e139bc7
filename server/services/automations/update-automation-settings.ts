import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { conditionsSchema } from "@/lib/conditions/schema";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { syncTriggers } from "@/server/triggers/sync";
import { automationDescriptionField, automationIdField, automationNameField, priorityField } from "./fields";
import { parseInput } from "./input";
import { serializeConditions } from "./serialize";
import { assertCan, assertNotArchived, findAutomationInWorkspace, userNames } from "./scope";
import { toAutomationDetail, type AutomationDetail } from "./present";

export const updateAutomationSettingsInput = z
  .object({
    id: automationIdField,
    name: automationNameField.optional(),
    description: automationDescriptionField.optional(),
    priority: priorityField.optional(),
    /** Automation-level conditions (AND); not met → the run is SKIPPED. */
    conditions: conditionsSchema.optional(),
  })
  .refine(
    (v) => v.name !== undefined || v.description !== undefined || v.priority !== undefined || v.conditions !== undefined,
    { message: "Nothing to update: give at least one of name, description, priority, conditions" },
  );
export type UpdateAutomationSettingsInput = z.input<typeof updateAutomationSettingsInput>;

export async function updateAutomationSettings(
  actor: Actor,
  input: UpdateAutomationSettingsInput,
  db: Db = getDb(),
): Promise<AutomationDetail> {
  assertCan(actor, "automations:write");
  const data = parseInput(updateAutomationSettingsInput, input);
  return db.$transaction(async (tx) => {
    const current = await findAutomationInWorkspace(tx, actor, data.id);
    assertNotArchived(current);
    const row = await tx.automation.update({
      where: { id: current.id },
      data: {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.description !== undefined ? { description: data.description } : {}),
        ...(data.priority !== undefined ? { priority: data.priority } : {}),
        ...(data.conditions !== undefined ? { conditions: serializeConditions(data.conditions) } : {}),
        updatedById: actor.userId,
      },
    });
    if (data.priority !== undefined) await syncTriggers(tx, current.id);
    const changed = (["name", "description", "priority", "conditions"] as const).filter((k) => data[k] !== undefined);
    await writeAudit(tx, actor, {
      action: "automation.settings_updated",
      targetType: "automation",
      targetId: current.id,
      details: { changed },
    });
    return toAutomationDetail(row, await userNames(tx, [row.updatedById]));
  });
}
