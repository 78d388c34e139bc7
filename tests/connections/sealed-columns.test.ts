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

  it("the scan notices a new sealed column", () => {
    const grown = `${SCHEMA}\nmodel Vault {\n  id String @id\n  /// sealed with ENCRYPTION_KEY\n  token String\n  apiKeyEnc String?\n}\n`;
    const listed = SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`);
    const missing = fields(grown).filter(isSealed).map((f) => `${f.table}.${f.column}`).filter((c) => !listed.includes(c));
    expect(missing).toEqual(["Vault.token", "Vault.apiKeyEnc"]);
  });
});
