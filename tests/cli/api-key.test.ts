import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "switchyard-cli-apikey-"));
const dbFile = path.join(tmp, "data", "cli.db");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/cli.ts"), ...args], {
      cwd: root,
      env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `file:${dbFile}`, DATA_DIR: path.join(tmp, "data") },
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

describe("cli api-key", () => {
  it("creates a key printed once (stored hashed), lists it without the secret, revokes it; bad scopes fail", async () => {
    expect((await cli("workspace", "create", "--name", "Acme", "--slug", "acme")).code).toBe(0);
    const created = await cli("api-key", "create", "--workspace", "acme", "--name", "ci", "--scopes", "automations:read,events:write");
    expect(created.code, created.stderr).toBe(0);
    const key = /^(sy_\S+)$/m.exec(created.stdout)?.[1];
    expect(key).toBeTruthy();
    const db = new Database(dbFile, { readonly: true });
    const rows = db.prepare('SELECT "prefix", "keyHash", "scopes" FROM "ApiKey"').all() as Array<{ prefix: string; keyHash: string; scopes: string }>;
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0].keyHash).toBe(createHash("sha256").update(key!).digest("hex"));
    expect(JSON.parse(rows[0].scopes)).toEqual(["automations:read", "events:write"]);

    const list = await cli("api-key", "list", "--workspace", "acme");
    expect(list.stdout).toContain(rows[0].prefix);
    expect(list.stdout).not.toContain(key!.slice(12));
    const revoked = await cli("api-key", "revoke", "--workspace", "acme", "--key", rows[0].prefix);
    expect(revoked.code).toBe(0);
    expect((await cli("api-key", "list", "--workspace", "acme")).stdout).toContain("revoked");

    const bad = await cli("api-key", "create", "--workspace", "acme", "--name", "x", "--scopes", "nope");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("automations:read");
    expect((await cli("api-key", "create", "--workspace", "acme", "--name", "x")).code).toBe(2);
  }, 180_000);
});
