import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db";
import { providerOfDb } from "@/server/db";

/** Secrets that must never leave the server: random, so a hit cannot be a coincidence. */
export function secretValues() {
  const r = () => randomBytes(9).toString("hex");
  const basicUser = "svc-user";
  const basicPassword = `pw_${r()}`;
  return {
    token: `tok_${r()}`,
    apiKey: `key_${r()}`,
    basicUser,
    basicPassword,
    basicEncoded: Buffer.from(`${basicUser}:${basicPassword}`).toString("base64"),
    slackPath: `slk_${r()}`,
    smtpPassword: `smtp_${r()}`,
    headerValue: `hdr_${r()}`,
  };
}

/** Every forbidden string of `secrets` found in `text` (also URL-encoded). */
export function hits(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => text.includes(s) || text.includes(encodeURIComponent(s)));
}

/** Text of every row of every table (both providers), for "the database never holds a secret in clear". */
export async function dumpTables(db: Db): Promise<string> {
  const sqlite = providerOfDb(db) === "sqlite";
  const tables = sqlite
    ? await db.$queryRawUnsafe<Array<{ name: string }>>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    : await db.$queryRawUnsafe<Array<{ name: string }>>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`);
  expectTables(tables.map((t) => t.name));
  let out = "";
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name.replace(/"/g, "")}"`);
    out += `${name}\n${JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}\n`;
  }
  return out;
}

function expectTables(names: string[]): void {
  for (const t of ["Connection", "StepRun", "Run", "Automation", "AutomationVersion", "AuditLog"]) {
    if (!names.includes(t)) throw new Error(`table ${t} not found among ${names.join(", ")}`);
  }
}
