import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { connectionIdField } from "./fields";
import { findConnectionInWorkspace } from "./scope";
import { traceUsage, type ConnectionUsage } from "./usage";

export const deleteConnectionInput = z.object({
  id: connectionIdField,
  /** Required when automations use the connection: their steps are left with a validation problem. */
  confirm: z.boolean({ error: "confirm must be true or false" }).default(false),
});
export type DeleteConnectionInput = z.input<typeof deleteConnectionInput>;

/**
 * Deletes a connection and its secrets. While automations use it the call
 * answers CONFLICT with the list (details.usage) unless `confirm` is true; those
 * steps then show "the connection … no longer exists" and fail if they run.
 */
export async function deleteConnection(actor: Actor, input: DeleteConnectionInput, db: Db = getDb()): Promise<{ id: string; usage: ConnectionUsage[] }> {
  assertCan(actor, "connections:write");
  const { id, confirm } = parseInput(deleteConnectionInput, input);
  return db.$transaction(async (tx) => {
    const row = await findConnectionInWorkspace(tx, actor, id);
    const usage = (await traceUsage(tx, actor.workspaceId, [row])).get(row.id) ?? [];
    if (usage.length > 0 && !confirm) {
      throw new AppError(
        "CONFLICT",
        `"${row.name}" is used by ${usage.length} automation${usage.length === 1 ? "" : "s"} (${usage.map((u) => `"${u.automationName}"`).join(", ")}); confirm to delete it anyway`,
        { usage },
      );
    }
    await tx.connection.delete({ where: { id: row.id } });
    await writeAudit(tx, actor, { action: "connection.deleted", targetType: "connection", targetId: row.id, details: { name: row.name, type: row.type, usedBy: usage.map((u) => u.automationId) } });
    return { id: row.id, usage };
  });
}
