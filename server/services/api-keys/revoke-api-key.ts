import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { forgetApiKey } from "@/server/auth/api-keys";
import { AppError, type Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { API_KEY_SELECT, toApiKeyInfo, type ApiKeyInfo } from "./present";

export const revokeApiKeyInput = z.object({
  /** The key's id or its visible prefix (sy_…). */
  id: z.string({ error: "id is required" }).trim().min(1, "id is required").max(64),
});
export type RevokeApiKeyInput = z.input<typeof revokeApiKeyInput>;

/** Revokes a key of the actor's workspace (by id or prefix); it stops working at once in this process. Idempotent. */
export async function revokeApiKey(actor: Actor, input: RevokeApiKeyInput, db: Db = getDb()): Promise<ApiKeyInfo> {
  assertCan(actor, "workspace:admin");
  const { id } = parseInput(revokeApiKeyInput, input);
  return db.$transaction(async (tx) => {
    const row = await tx.apiKey.findFirst({
      where: { workspaceId: actor.workspaceId, OR: [{ id }, { prefix: id }] },
      select: { ...API_KEY_SELECT, keyHash: true },
    });
    if (!row) throw new AppError("NOT_FOUND", "API key not found", { id });
    forgetApiKey(row.keyHash);
    if (row.revokedAt) return toApiKeyInfo(row);
    const updated = await tx.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() }, select: API_KEY_SELECT });
    await writeAudit(tx, actor, { action: "api_key.revoked", targetType: "api_key", targetId: row.id, details: { name: row.name, prefix: row.prefix } });
    return toApiKeyInfo(updated);
  });
}
