import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { automationIdField, automationNameField } from "./fields";
import { parseInput } from "./input";
import { assertCan, assertNotArchived, findAutomationInWorkspace, userNames } from "./scope";
import { toAutomationDetail, type AutomationDetail } from "./present";

export const renameAutomationInput = z.object({ id: automationIdField, name: automationNameField });
export type RenameAutomationInput = z.input<typeof renameAutomationInput>;

export async function renameAutomation(actor: Actor, input: RenameAutomationInput, db: Db = getDb()): Promise<AutomationDetail> {
  assertCan(actor, "automations:write");
  const { id, name } = parseInput(renameAutomationInput, input);
  return db.$transaction(async (tx) => {
    const current = await findAutomationInWorkspace(tx, actor, id);
    assertNotArchived(current);
    const row = await tx.automation.update({ where: { id: current.id }, data: { name, updatedById: actor.userId } });
    await writeAudit(tx, actor, {
      action: "automation.renamed",
      targetType: "automation",
      targetId: id,
      details: { from: current.name, to: name },
    });
    return toAutomationDetail(row, await userNames(tx, [row.updatedById]));
  });
}
