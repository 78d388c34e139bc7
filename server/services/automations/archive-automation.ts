import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { syncTriggers } from "@/server/triggers/sync";
import { emitPlatformEvent } from "@/server/services/webhook-subscriptions/emit";
import { automationIdField } from "./fields";
import { parseInput } from "./input";
import { assertCan, findAutomationInWorkspace, userNames } from "./scope";
import { toAutomationDetail, type AutomationDetail } from "./present";

export const archiveAutomationInput = z.object({ id: automationIdField });
export type ArchiveAutomationInput = z.input<typeof archiveAutomationInput>;

/** Delete = archive: status ARCHIVED + archivedAt. Runs and versions are kept. */
export async function archiveAutomation(actor: Actor, input: ArchiveAutomationInput, db: Db = getDb()): Promise<AutomationDetail> {
  assertCan(actor, "automations:write");
  const { id } = parseInput(archiveAutomationInput, input);
  return db.$transaction(async (tx) => {
    const current = await findAutomationInWorkspace(tx, actor, id);
    const changed = await tx.automation.updateMany({
      where: { id, workspaceId: actor.workspaceId, status: { not: "ARCHIVED" } },
      data: { status: "ARCHIVED", archivedAt: new Date(), updatedById: actor.userId },
    });
    if (changed.count === 0) {
      throw new AppError("CONFLICT", "This automation is already archived", {
        status: "ARCHIVED",
        archivedAt: current.archivedAt,
      });
    }
    await syncTriggers(tx, id);
    await writeAudit(tx, actor, {
      action: "automation.archived",
      targetType: "automation",
      targetId: id,
      details: { previousStatus: current.status },
    });
    const row = await findAutomationInWorkspace(tx, actor, id);
    if (current.status === "ACTIVE") {
      // An active automation stops starting runs: subscribers hear it as disabled.
      await emitPlatformEvent(tx, {
        workspaceId: row.workspaceId,
        type: "automation.disabled",
        automationId: id,
        data: { automation_id: id, name: row.name, status: "ARCHIVED", version: row.publishedVersion, version_id: null, actor_user_id: actor.userId },
      });
    }
    return toAutomationDetail(row, await userNames(tx, [row.updatedById]));
  });
}
