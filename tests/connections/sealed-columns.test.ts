import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SEALED_COLUMNS } from "@/server/connections/rotate-key";

/**
 * Key rotation cannot forget a table: every column of prisma/schema.prisma that
 * holds sealed values (a name ending in `Enc`, a `secrets` column, or a field
 * whose doc comment says it is sealed / encrypted with ENCRYPTION_KEY) must be in
 * SEALED_COLUMNS, the one list server/connections/rotate-key.ts re-encrypts.
 */
const SCHEMA = readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");

interface Field {
  table: string;
  column: string;
  doc: string;
}

function fields(schema: string): Field[] {
  const out: Field[] = [];
  let model: string | null = null;
  let doc: string[] = [];
  for (const raw of schema.split("\n")) {
    const line = raw.trim();
    const open = /^model\s+(\w+)\s*\{/.exec(line);
    if (open) {
      model = open[1];
      doc = [];
      continue;
    }
    if (!model) continue;
    if (line === "}") {
      model = null;
      continue;
    }
    if (line.startsWith("///")) {
      doc.push(line.slice(3).trim());
      continue;
    }
    const field = /^(\w+)\s+\w+/.exec(line);
    if (field && !line.startsWith("@@")) out.push({ table: model, column: field[1], doc: doc.join(" ") });
    doc = [];
  }
  return out;
}

function isSealed(f: Field): boolean {
  return /Enc$/.test(f.column) || f.column === "secrets" || /\b(sealed|encrypted)\b/i.test(f.doc);
}

describe("sealed columns", () => {
  const all = fields(SCHEMA);

  it("the schema parser sees the models (sanity)", () => {
    expect(all.length).toBeGreaterThan(150);
    expect(all).toContainEqual(expect.objectContaining({ table: "Connection", column: "secrets" }));
    // a hashed column is not sealed: it needs no re-encryption
    expect(all.filter(isSealed).map((f) => `${f.table}.${f.column}`)).not.toContain("ApiKey.keyHash");
  });

  it("every sealed column of prisma/schema.prisma is re-encrypted by key rotation, and every listed column exists", () => {
    const sealed = all.filter(isSealed).map((f) => `${f.table}.${f.column}`).sort();
    const listed = SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort();
    const missing = sealed.filter((c) => !listed.includes(c));
    expect(missing, `sealed columns that rotate-key.ts does not re-encrypt: add them to SEALED_COLUMNS`).toEqual([]);
    const known = all.map((f) => `${f.table}.${f.column}`);
    expect(listed.filter((c) => !known.includes(c))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining(["Connection.secrets", "WebhookEndpoint.secretEnc", "WebhookSubscription.secretEnc", "OutgoingWebhook.secretEnc"]));
  });

  it("every module that seals a value for storage writes a column of SEALED_COLUMNS", () => {
    // module → the columns it stores sealed values in; a new caller of sealSecret must be added here (and to rotation).
    const KNOWN: Record<string, string[]> = {
      "server/security/secret-box.ts": [],
      "server/connections/sealed.ts": ["Connection.secrets"],
      "server/connections/rotate-key.ts": SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`),
      "server/services/webhooks/rotate-webhook-secret.ts": ["WebhookEndpoint.secretEnc"],
      "server/services/webhook-subscriptions/create-subscription.ts": ["WebhookSubscription.secretEnc"],
      "server/services/webhook-subscriptions/rotate-subscription-secret.ts": ["WebhookSubscription.secretEnc"],
      "server/services/outgoing-webhooks/create-outgoing-webhook.ts": ["OutgoingWebhook.secretEnc"],
      "server/services/outgoing-webhooks/rotate-outgoing-secret.ts": ["OutgoingWebhook.secretEnc"],
      "server/integrations/mail/redact.ts": ["OutboxEmail.text"],
    };
    const root = path.resolve(import.meta.dirname, "../..");
    const callers = execFileSync("git", ["grep", "-l", "sealSecret(", "--", "server", "lib", "scripts", "app", ":!server/db/generated"], { cwd: root, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    // untracked files of work in progress count too
    const untracked = execFileSync("git", ["ls-files", "--others", "--exclude-standard", "--", "server", "lib", "scripts", "app"], { cwd: root, encoding: "utf8" })
      .split("\n")
      .filter((f) => f.endsWith(".ts") && readFileSync(path.join(root, f), "utf8").includes("sealSecret("));
    const unknown = [...new Set([...callers, ...untracked])].filter((f) => !(f in KNOWN));
    expect(unknown, "modules that store sealed values unknown to key rotation: add their column to SEALED_COLUMNS and here").toEqual([]);
    const listed = SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`);
    for (const [file, cols] of Object.entries(KNOWN)) for (const col of cols) expect(listed, file).toContain(col);
  });

  it("the scan notices a new sealed column", () => {
    const grown = `${SCHEMA}\nmodel Vault {\n  id String @id\n  /// sealed with ENCRYPTION_KEY\n  token String\n  apiKeyEnc String?\n}\n`;
    const listed = SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`);
    const missing = fields(grown).filter(isSealed).map((f) => `${f.table}.${f.column}`).filter((c) => !listed.includes(c));
    expect(missing).toEqual(["Vault.token", "Vault.apiKeyEnc"]);
  });
});
