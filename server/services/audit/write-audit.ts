import type { DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";

export interface AuditEntry {
  /** dotted verb, e.g. "automation.created" */
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends one AuditLog row. Call it with the transaction client of the
 * mutation it records, so the row commits (or rolls back) with the change.
 */
export async function writeAudit(tx: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      workspaceId: actor.workspaceId,
      actorId: actor.apiKeyId ?? actor.userId,
      actorType: actor.apiKeyId ? "api_key" : "user",
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
    },
  });
}
