import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { API_KEY_SELECT, toApiKeyInfo, type ApiKeyInfo } from "./present";

/** The workspace's API keys, newest first (revoked ones included, marked). */
export async function listApiKeys(actor: Actor, db: DbOrTx = getDb()): Promise<ApiKeyInfo[]> {
  assertCan(actor, "workspace:admin");
  const rows = await db.apiKey.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: API_KEY_SELECT,
  });
  const now = new Date();
  return rows.map((r) => toApiKeyInfo(r, now));
}
