import type { DbOrTx } from "@/server/db";

/** Who an audit row is attributed to when no signed-in user acts (CLI, seed). */
export interface AuditActorRef {
  actorType: "system" | "user";
  actorId: string;
}

export const SYSTEM_ACTOR: AuditActorRef = { actorType: "system", actorId: "system" };

export interface AuditRow {
  workspaceId: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one AuditLog row; call it with the transaction client of the change it records. */
export async function writeAuditAs(tx: DbOrTx, actor: AuditActorRef, row: AuditRow): Promise<void> {
  await tx.auditLog.create({
    data: {
      workspaceId: row.workspaceId,
      actorId: actor.actorId,
      actorType: actor.actorType,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId ?? null,
      details: row.details === undefined ? null : JSON.stringify(row.details),
    },
  });
}
