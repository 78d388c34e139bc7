import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openSecret, parseEncryptionKey, sealSecret } from "@/server/security/secret-box";

const root = path.resolve(__dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "switchyard-rotate-"));
const dataDir = path.join(tmp, "data");
const dbFile = path.join(dataDir, "cli.db");
const keyFile = path.join(dataDir, "encryption-key");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/cli.ts"), ...args], {
      cwd: root,
      env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `file:${dbFile}`, DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

function insertConnection(id: string, name: string, sealed: string): void {
  const db = new Database(dbFile);
  try {
    const ws = db.prepare(`SELECT id FROM "Workspace" LIMIT 1`).get() as { id: string };
    const secrets = JSON.stringify({ token: { enc: sealed, setAt: new Date().toISOString(), setById: null } });
    db.prepare(`INSERT INTO "Connection" (id, workspaceId, name, type, secrets, updatedAt) VALUES (?, ?, ?, 'http_bearer', ?, ?)`).run(id, ws.id, name, secrets, new Date().toISOString());
  } finally {
    db.close();
  }
}

/** A webhook subscription and an outgoing webhook row, each with its sealed signing secret (their services are elsewhere; plain SQL here). */
function insertSigningSecrets(subSealed: string, outSealed: string): void {
  const db = new Database(dbFile);
  try {
    const ws = db.prepare(`SELECT id FROM "Workspace" LIMIT 1`).get() as { id: string };
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO "WebhookSubscription" (id, workspaceId, url, events, secretEnc, secretSetAt, updatedAt) VALUES ('s1', ?, 'https://hooks.example.com/in', '*', ?, ?, ?)`).run(ws.id, subSealed, now, now);
    db.prepare(`INSERT INTO "OutgoingWebhook" (id, workspaceId, name, url, secretEnc, secretSetAt, updatedAt) VALUES ('o1', ?, 'CRM', 'https://crm.example.com/in', ?, ?, ?)`).run(ws.id, outSealed, now, now);
  } finally {
    db.close();
  }
}

function column(table: string, id: string): string {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare(`SELECT secretEnc FROM "${table}" WHERE id = ?`).get(id) as { secretEnc: string }).secretEnc;
  } finally {
    db.close();
  }
}

function sealedOf(id: string): string {
  const db = new Database(dbFile, { readonly: true });
  try {
    const row = db.prepare(`SELECT secrets FROM "Connection" WHERE id = ?`).get(id) as { secrets: string };
    return (JSON.parse(row.secrets) as { token: { enc: string } }).token.enc;
  } finally {
    db.close();
  }
}

describe("npm run cli -- connections rotate-key", { timeout: 180_000 }, () => {
  it("re-encrypts under a new key file in one transaction; a value the key cannot open changes nothing", async () => {
    mkdirSync(dataDir, { recursive: true });
    const oldKey = randomBytes(32);
    writeFileSync(keyFile, `${oldKey.toString("base64")}\n`, { mode: 0o600 });
    expect((await cli("workspace", "create", "--name", "Rotate", "--slug", "rotate")).code).toBe(0);
    insertConnection("c1", "Orders API", sealSecret("tok-secret-1", oldKey));
    insertSigningSecrets(sealSecret("whsec_sub", oldKey), sealSecret("whsec_out", oldKey));

    const rotated = await cli("connections", "rotate-key");
    expect(rotated.stderr).toBe("");
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain("Re-encrypted 3 secrets in one transaction:\n");
    expect(rotated.stdout).toMatch(/ {2}Connection\.secrets +1 row\n {2}WebhookEndpoint\.secretEnc +0 rows\n {2}WebhookSubscription\.secretEnc +1 row\n {2}OutgoingWebhook\.secretEnc +1 row\n/);
    const newKey = parseEncryptionKey(readFileSync(keyFile, "utf8"));
    expect(newKey.equals(oldKey)).toBe(false);
    expect(existsSync(`${keyFile}.next`)).toBe(false);
    expect(openSecret(sealedOf("c1"), newKey)).toBe("tok-secret-1");
    expect(() => openSecret(sealedOf("c1"), oldKey)).toThrow(/cannot be decrypted/);
    expect(openSecret(column("WebhookSubscription", "s1"), newKey)).toBe("whsec_sub");
    expect(openSecret(column("OutgoingWebhook", "o1"), newKey)).toBe("whsec_out");
    expect(() => openSecret(column("OutgoingWebhook", "o1"), oldKey)).toThrow(/cannot be decrypted/);

    // A second connection sealed with some other key: the rotation refuses and changes nothing.
    insertConnection("c2", "Stray", sealSecret("tok-secret-2", randomBytes(32)));
    const before = sealedOf("c1");
    const refused = await cli("connections", "rotate-key");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Connection "Stray" cannot be decrypted');
    expect(refused.stderr).toContain("Nothing was re-encrypted");
    expect(sealedOf("c1")).toBe(before);
    expect(parseEncryptionKey(readFileSync(keyFile, "utf8")).equals(newKey)).toBe(true);
    expect(existsSync(`${keyFile}.next`)).toBe(false);

    const bad = await cli("connections", "rotate-key", "--new-key", "short");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--new-key: ENCRYPTION_KEY must be 32 bytes");
  });
});
