import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { generateApiKey } from "@/server/auth/api-keys";
import { API_KEY_SCOPES } from "@/server/auth/permissions";
import { AppError, type Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { API_KEY_SELECT, toApiKeyInfo, type ApiKeyInfo } from "./present";

export const createApiKeyInput = z.object({
  name: z.string({ error: "name is required (1–80 characters)" }).trim().min(1, "name is required (1–80 characters)").max(80, "name: at most 80 characters"),
  scopes: z
    .array(z.enum(API_KEY_SCOPES, { error: () => `each scope must be one of: ${API_KEY_SCOPES.join(", ")}` }), {
      error: "scopes: a list of scopes",
    })
    .min(1, `scopes: give at least one of ${API_KEY_SCOPES.join(", ")}`)
    .transform((s) => [...new Set(s)]),
  /** Optional expiry; must be in the future. */
  expiresAt: z.coerce.date({ error: "expiresAt: must be a date such as 2027-01-31" }).nullish(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

export interface CreatedApiKey {
  /** The whole key: shown this once, never stored. */
  key: string;
  apiKey: ApiKeyInfo;
}

/** Creates a key for the actor's workspace (admins). The key is returned once; only its hash is stored. */
export async function createApiKey(actor: Actor, input: CreateApiKeyInput, db: Db = getDb(), now = new Date()): Promise<CreatedApiKey> {
  assertCan(actor, "workspace:admin");
  const data = parseInput(createApiKeyInput, input);
  if (data.expiresAt && data.expiresAt <= now) {
    throw new AppError("BAD_REQUEST", "expiresAt: must be in the future", { issues: [{ field: "expiresAt", message: "must be in the future" }] });
  }
  const { key, prefix, keyHash } = generateApiKey();
  return db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        workspaceId: actor.workspaceId,
        name: data.name,
        prefix,
        keyHash,
        scopes: JSON.stringify(data.scopes),
        createdById: actor.apiKeyId ? null : actor.userId,
        expiresAt: data.expiresAt ?? null,
      },
      select: API_KEY_SELECT,
    });
    await writeAudit(tx, actor, { action: "api_key.created", targetType: "api_key", targetId: row.id, details: { name: row.name, prefix, scopes: data.scopes } });
    return { key, apiKey: toApiKeyInfo(row, now) };
  });
}
