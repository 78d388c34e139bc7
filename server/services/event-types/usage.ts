import type { DbOrTx } from "@/server/db";
import { AppError } from "@/server/services/errors";

/** Refuses to rename or delete a type that published automations listen to (they would silently never fire). */
export async function assertUnused(db: DbOrTx, workspaceId: string, name: string, verb: "rename" | "delete"): Promise<void> {
  const users = await db.automationTrigger.findMany({
    where: { workspaceId, type: "event", eventType: name, automation: { archivedAt: null, status: { not: "ARCHIVED" } } },
    select: { automation: { select: { name: true } } },
    take: 5,
  });
  if (users.length) {
    const names = users.map((u) => `"${u.automation.name}"`).join(", ");
    throw new AppError("CONFLICT", `Cannot ${verb} "${name}": automations listen to it (${names}); change their trigger and publish first`, {
      automations: users.map((u) => u.automation.name),
    });
  }
}
