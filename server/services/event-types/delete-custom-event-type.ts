import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { notFound, type Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { writeAudit } from "@/server/services/audit/write-audit";
import { customEventTypeIdField } from "./fields";
import { assertUnused } from "./usage";

export const deleteCustomEventTypeInput = z.object({ id: customEventTypeIdField });

/** Deletes a custom event type no automation listens to; its past events stay listed. */
export async function deleteCustomEventType(actor: Actor, input: z.input<typeof deleteCustomEventTypeInput>, db: Db = getDb()): Promise<{ id: string }> {
  assertCan(actor, "automations:write");
  const { id } = parseInput(deleteCustomEventTypeInput, input);
  return db.$transaction(async (tx) => {
    const current = await tx.customEventType.findFirst({ where: { id, workspaceId: actor.workspaceId } });
    if (!current) throw notFound("Event type");
    await assertUnused(tx, actor.workspaceId, current.name, "delete");
    await tx.customEventType.delete({ where: { id: current.id } });
    await writeAudit(tx, actor, { action: "event_type.deleted", targetType: "event_type", targetId: current.id, details: { name: current.name } });
    return { id: current.id };
  });
}
