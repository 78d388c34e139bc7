import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createConnectionResolver } from "@/server/connections/resolver";
import { currentEncryptionKey, openSecret, parseEncryptionKey, resetSecretBoxForTests, sealSecret } from "@/server/security/secret-box";
import { callers } from "../trpc/harness";
import { rotateKey } from "../../scripts/rotate-key";

/**
 * The encryption key file under DATA_DIR: generated when a worker starts (not
 * on the first secret saved), and picked up again by a running process after
 * `npm run cli -- connections rotate-key` replaced it (no CONNECTION_UNREADABLE
 * until a restart). This file runs on its own DATA_DIR, never the repository's.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "switchyard-keyfile-"));
const dataDir = path.join(tmp, "data");
const keyFile = path.join(dataDir, "encryption-key");
const savedEnv = { DATA_DIR: process.env.DATA_DIR, ENCRYPTION_KEY: process.env.ENCRYPTION_KEY };

let t: TestDb;
let ws: TestWorkspace;

beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  delete process.env.ENCRYPTION_KEY;
  resetEnvForTests();
  resetSecretBoxForTests();
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "keyfile");
});
afterAll(async () => {
  await t?.cleanup();
  for (const [k, v] of Object.entries(savedEnv)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  resetEnvForTests();
  resetSecretBoxForTests();
  rmSync(tmp, { recursive: true, force: true });
});

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: "error", APP_SECRET: "key-file-test-secret-key-file-test-secret-01", ...extra };
  delete e.ENCRYPTION_KEY;
  return e;
}

const keyText = (k: Buffer) => `${k.toString("base64")}\n`;

describe("encryption key file", { timeout: 120_000 }, () => {
  it("a worker started on an empty data dir creates the key file at once (mode 0600), before any secret is used", async () => {
    const empty = path.join(tmp, "fresh");
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { cwd: ROOT, env: childEnv({ DATA_DIR: empty }), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!out.includes("switchyard worker ready") && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain("switchyard worker ready");
      const file = path.join(empty, "encryption-key");
      expect(existsSync(file), out).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(parseEncryptionKey(readFileSync(file, "utf8"))).toHaveLength(32);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("after the rotate-key CLI replaced the key file, this running process opens connections and seals with the new key (no restart)", async () => {
    const c = await callers(t.db, ws);
    const made = await c.admin.connections.create({ name: "Orders API", type: "http_bearer", values: { token: "tok-before-rotation" } });
    const oldKey = currentEncryptionKey();
    expect(parseEncryptionKey(readFileSync(keyFile, "utf8")).equals(oldKey)).toBe(true);

    // What `npm run cli -- connections rotate-key` runs (tests/cli/rotate-key.test.ts runs the CLI itself); it leaves this process's loaded key alone.
    const out = await rotateKey(t.db);
    expect(out).toMatch(/Re-encrypted 1 secret in one transaction:\n {2}Connection\.secrets\s+1 row\n/);
    const newKey = parseEncryptionKey(readFileSync(keyFile, "utf8"));
    expect(newKey.equals(oldKey)).toBe(false);

    // The step-facing resolver opens the rotated connection in this process, which loaded the old key.
    const resolver = createConnectionResolver(t.db);
    expect((await resolver.byId(ws.workspaceId, made.id, ["http_bearer"])).values.token).toBe("tok-before-rotation");
    expect(currentEncryptionKey().equals(newKey)).toBe(true);
    // A secret saved now is sealed under the new key (not the stale one).
    const later = await c.admin.connections.create({ name: "Later", type: "http_bearer", values: { token: "tok-after-rotation" } });
    const row = await t.db.connection.findUniqueOrThrow({ where: { id: later.id } });
    expect(openSecret((JSON.parse(row.secrets) as { token: { enc: string } }).token.enc, newKey)).toBe("tok-after-rotation");
  });

  it("opening with a stale loaded key re-reads the key file once and retries (even when the file looks unchanged), and tries the pending .next key", () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const c = randomBytes(32);
    const when = new Date("2024-01-02T03:04:05Z");
    writeFileSync(keyFile, keyText(a), { mode: 0o600 });
    utimesSync(keyFile, when, when);
    resetSecretBoxForTests();
    expect(currentEncryptionKey().equals(a)).toBe(true);
    // Same inode, size and mtime: only a failed open can tell the key changed.
    writeFileSync(keyFile, keyText(b));
    utimesSync(keyFile, when, when);
    expect(currentEncryptionKey().equals(a)).toBe(true);
    expect(openSecret(sealSecret("under b", b))).toBe("under b");
    expect(currentEncryptionKey().equals(b)).toBe(true);
    // rotate-key committed but has not renamed encryption-key.next over the file yet
    writeFileSync(`${keyFile}.next`, keyText(c));
    expect(openSecret(sealSecret("under c", c))).toBe("under c");
    rmSync(`${keyFile}.next`);
    // A value no key opens still fails clearly, and the file is never replaced by a new key.
    expect(() => openSecret(sealSecret("stray", randomBytes(32)))).toThrow(/cannot be decrypted/);
    expect(parseEncryptionKey(readFileSync(keyFile, "utf8")).equals(b)).toBe(true);
  });
});
