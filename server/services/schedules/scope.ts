import type { DbOrTx } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";

/** The schedule row, loaded only inside the actor's workspace (another workspace's id answers like an unknown one). */
export async function findScheduleInWorkspace(db: DbOrTx, actor: Actor, id: string) {
  const row = await db.schedule.findFirst({ where: { id, workspaceId: actor.workspaceId } });
  if (!row) throw new AppError("NOT_FOUND", "Schedule not found", { id });
  return row;
}
