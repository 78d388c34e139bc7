import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { syncTriggers } from "@/server/triggers/sync";
import { emitPlatformEvent } from "@/server/services/webhook-subscriptions/emit";
import { automationIdField } from "./fields";
import { parseInput } from "./input";
import { assertCan, assertNotArchived, findAutomationInWorkspace, userNames } from "./scope";
import { toAutomationDetail, type AutomationDetail } from "./present";

export const SETTABLE_STATUSES = ["ACTIVE", "PAUSED"] as const;

export const setAutomationStatusInput = z.object({
  id: automationIdField,
  status: z.enum(SETTABLE_STATUSES, {
    error: () => "status must be ACTIVE or PAUSED (use archive to archive an automation)",
  }),
});
export type SetAutomationStatusInput = z.input<typeof setAutomationStatusInput>;

/** Activates (runs the published version on its trigger) or pauses an automation. */
export async function setAutomationStatus(
  actor: Actor,
  input: SetAutomationStatusInput,
  db: Db = getDb(),
): Promise<AutomationDetail> {
  assertCan(actor, "automations:write");
  const { id, status } = parseInput(setAutomationStatusInput, input);
  return db.$transaction(async (tx) => {
    const current = await findAutomationInWorkspace(tx, actor, id);
    assertNotArchived(current);
    if (status === "ACTIVE" && current.publishedVersion === null) {
      throw new AppError(
        "UNPROCESSABLE",
        "This automation has no published version yet: publish the draft first, then activate it",
        { field: "status", publishedVersion: null },
      );
    }
    if (current.status === status) {
      return toAutomationDetail(current, await userNames(tx, [current.updatedById]));
    }
    const row = await tx.automation.update({ where: { id: current.id }, data: { status, updatedById: actor.userId } });
    await syncTriggers(tx, current.id);
    await writeAudit(tx, actor, {
      action: status === "ACTIVE" ? "automation.activated" : "automation.paused",
      targetType: "automation",
      targetId: id,
      details: { from: current.status, to: status, publishedVersion: current.publishedVersion },
    });
    await emitPlatformEvent(tx, {
      workspaceId: current.workspaceId,
      type: status === "ACTIVE" ? "automation.enabled" : "automation.disabled",
      automationId: current.id,
      data: { automation_id: current.id, name: row.name, status, version: row.publishedVersion, version_id: null, actor_user_id: actor.userId },
    });
    return toAutomationDetail(row, await userNames(tx, [row.updatedById]));
  });
}
