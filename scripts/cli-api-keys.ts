/**
 * `npm run cli -- api-key create|list|revoke`: operator commands over the same
 * services as Settings → API keys. The operator acts as the workspace's
 * system actor (audit rows say "system").
 */
import type { Db } from "../server/db";
import { API_KEY_SCOPES } from "../server/auth/permissions";
import { AppError, type Actor } from "../server/services/errors";

export const API_KEY_USAGE = `  api-key create --workspace <slug> --name <name> --scopes <a,b> [--expires <date>]
      Create an API key and print it once. Scopes: ${API_KEY_SCOPES.join(", ")}.
  api-key list --workspace <slug>
      List the workspace's keys (prefix, scopes, last used, state); never the keys.
  api-key revoke --workspace <slug> --key <id or prefix>
      Revoke a key; it stops working at once.`;

export const API_KEY_COMMANDS = ["api-key create", "api-key list", "api-key revoke"];

async function operator(db: Db, slug: string): Promise<Actor> {
  const ws = await db.workspace.findUnique({ where: { slug }, select: { id: true } });
  if (!ws) throw new AppError("NOT_FOUND", `--workspace: no workspace with slug "${slug}" (see: npm run cli -- workspace list)`);
  return { userId: "system", workspaceId: ws.id, role: "OWNER" };
}

export async function runApiKeyCommand(command: string, v: Record<string, string | boolean | undefined>, db: Db, required: (name: string, hint: string) => string): Promise<void> {
  const actor = await operator(db, required("workspace", "workspace slug"));
  if (command === "api-key create") {
    const { createApiKey } = await import("../server/services/api-keys/create-api-key");
    const scopes = required("scopes", `comma-separated: ${API_KEY_SCOPES.join(",")}`).split(",").map((s) => s.trim()).filter(Boolean);
    const expires = typeof v.expires === "string" ? v.expires : undefined;
    const r = await createApiKey(actor, { name: required("name", "a label, e.g. ci-deploy"), scopes: scopes as typeof API_KEY_SCOPES[number][], expiresAt: expires }, db);
    console.log(`Created API key "${r.apiKey.name}" (${r.apiKey.prefix}, scopes ${r.apiKey.scopes.join(", ")}${r.apiKey.expiresAt ? `, expires ${r.apiKey.expiresAt.toISOString()}` : ""}).`);
    console.log("Copy it now; it is not shown again:");
    console.log(r.key);
    return;
  }
  if (command === "api-key list") {
    const { listApiKeys } = await import("../server/services/api-keys/list-api-keys");
    const rows = await listApiKeys(actor, db);
    if (rows.length === 0) {
      console.log("No API keys. Create one: npm run cli -- api-key create --workspace <slug> --name <name> --scopes automations:read");
      return;
    }
    console.log("PREFIX       STATE    LAST USED                 NAME / SCOPES");
    for (const k of rows) console.log(`${k.prefix.padEnd(12)} ${k.state.padEnd(8)} ${(k.lastUsedAt?.toISOString() ?? "never").padEnd(25)} ${k.name} / ${k.scopes.join(",")}`);
    return;
  }
  const { revokeApiKey } = await import("../server/services/api-keys/revoke-api-key");
  const r = await revokeApiKey(actor, { id: required("key", "the key's id or prefix (sy_…)") }, db);
  console.log(`Revoked API key "${r.name}" (${r.prefix}).`);
}
