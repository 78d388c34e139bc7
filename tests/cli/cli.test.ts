import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/server/auth/password";

const root = path.resolve(__dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "switchyard-cli-test-"));
const dbFile = path.join(tmp, "data", "cli.db");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/cli.ts"), ...args], {
      cwd: root,
      // A clean environment: only what the CLI needs, pointing at a temp SQLite file.
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

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

// Each CLI call is a fresh Node process (tsx + migration check): allow for a busy machine.
describe("npm run cli", { timeout: 180_000 }, () => {
  it("prints help and lists commands for an unknown command", async () => {
    const help = await cli("help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("workspace create --name <name> --slug <slug>");

    const unknown = await cli("workspace", "delete");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "workspace delete"');
    expect(unknown.stderr).toContain("workspace create, workspace list, user create, user reset-password, connections rotate-key, api-key create, api-key list, api-key revoke, db vacuum, backup, restore, help");
  });

  it("db vacuum: switches SQLite to incremental auto_vacuum and rewrites the file", async () => {
    const r = await cli("db", "vacuum");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/VACUUM done: [\d.]+ MB → [\d.]+ MB; auto_vacuum is INCREMENTAL/);
    expect(query<{ auto_vacuum: number }>("PRAGMA auto_vacuum")[0].auto_vacuum).toBe(2);
    const extra = await cli("db", "vacuum", "--now");
    expect(extra.code).toBe(2);
  });

  it("creates a workspace (migrating the database first) and refuses a duplicate slug", async () => {
    const created = await cli("workspace", "create", "--name", "Acme Ops", "--slug", "acme");
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created workspace "Acme Ops" (slug acme');
    expect(query<{ slug: string }>("SELECT slug FROM Workspace")).toEqual([{ slug: "acme" }]);

    const dup = await cli("workspace", "create", "--name", "Again", "--slug", "acme");
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('a workspace with slug "acme" already exists');

    const bad = await cli("workspace", "create", "--name", "Bad", "--slug", "Not OK");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("slug: use lowercase letters, digits and hyphens");

    const missing = await cli("workspace", "create", "--name", "No slug");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--slug is required");

    const list = await cli("workspace", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/acme\s+0\s+0\s+Acme Ops/);
  });

  it("creates users, rejects a bad role listing the allowed roles, and resets passwords", async () => {
    const badRole = await cli("user", "create", "--workspace", "acme", "--email", "ops@acme.test", "--role", "BOSS", "--password", "longenough");
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain("allowed roles: OWNER, ADMIN, SPECIALIST");
    expect(query("SELECT id FROM User")).toEqual([]);

    const created = await cli(
      "user", "create", "--workspace", "acme", "--email", "ops@acme.test", "--role", "admin", "--password", "first-password", "--name", "Olive Ops",
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created user ops@acme.test as ADMIN in "acme"');
    const [user] = query<{ id: string; name: string; passwordHash: string }>("SELECT id, name, passwordHash FROM User WHERE email = ?", "ops@acme.test");
    expect(user.name).toBe("Olive Ops");
    expect(await verifyPassword("first-password", user.passwordHash)).toBe(true);
    expect(query<{ role: string }>("SELECT role FROM Membership WHERE userId = ?", user.id)).toEqual([{ role: "ADMIN" }]);

    const noWs = await cli("user", "create", "--workspace", "nowhere", "--email", "x@acme.test", "--role", "ADMIN", "--password", "longenough");
    expect(noWs.code).toBe(1);
    expect(noWs.stderr).toContain('no workspace with slug "nowhere"');

    const reset = await cli("user", "reset-password", "--email", "ops@acme.test", "--password", "second-password");
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain("Password updated for ops@acme.test");
    const [after] = query<{ passwordHash: string }>("SELECT passwordHash FROM User WHERE id = ?", user.id);
    expect(after.passwordHash).not.toBe(user.passwordHash);
    expect(await verifyPassword("second-password", after.passwordHash)).toBe(true);
    expect(await verifyPassword("first-password", after.passwordHash)).toBe(false);

    const short = await cli("user", "reset-password", "--email", "ops@acme.test", "--password", "short");
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("password: at least 8 characters");

    const audit = query<{ action: string; actorType: string }>("SELECT action, actorType FROM AuditLog ORDER BY createdAt");
    expect(audit.map((a) => a.action)).toEqual(["workspace.created", "user.created", "membership.created", "user.password_reset"]);
    expect(new Set(audit.map((a) => a.actorType))).toEqual(new Set(["system"]));
  });
});
