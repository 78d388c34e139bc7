import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, prepareDb, type Db } from "@/server/db";
import { migrateDatabase } from "@/server/db/migrate";
import { BackupError, backupDatabase, restoreDatabase } from "@/server/ops/backup";
import { createEngineRuntime, type EngineRuntime } from "@/server/runtime/runtime";
import { createRun } from "@/server/services/runs/create-run";
import { seedTestWorkspace, type TestWorkspace } from "@/server/testing/db";
import { chain, createAutomation, engineEnv, setVars, trigger, waitFor } from "../engine/helpers";

/**
 * `npm run cli -- backup|restore` on real SQLite files, with the CLI as a
 * child process (like the other CLI tests) while this process serves as "the
 * server": its engine executes runs (commits, step rows) and new runs keep
 * arriving during the backup. Always SQLite (PostgreSQL backups are pg_dump's
 * job; the CLI refuses and prints the recipe).
 */
engineEnv();
const root = path.resolve(__dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "switchyard-backup-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(databaseFile: string, ...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/cli.ts"), ...args], {
      cwd: root,
      env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `file:${databaseFile}`, DATA_DIR: path.join(tmp, "data") },
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

const TABLES = ["Workspace", "User", "Membership", "Automation", "AutomationVersion", "Run", "StepRun", "RunEvent", "RunData", "_prisma_migrations"];

function rows(file: string, table: string): unknown[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all();
  } finally {
    db.close();
  }
}

function counts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const listing = (dir: string) => readdirSync(dir).sort();

describe("npm run cli -- backup / restore (SQLite)", { timeout: 180_000 }, () => {
  const source = path.join(tmp, "live", "switchyard.db");
  let db: Db;
  let rt: EngineRuntime;
  let ws: TestWorkspace;
  let automationId = "";
  const backup1 = path.join(tmp, "backup-during-writes.db");
  const backup2 = path.join(tmp, "backup-quiet.db");
  const restoredDir = path.join(tmp, "fresh", "nested");
  const restored = path.join(restoredDir, "restored.db");

  beforeAll(async () => {
    const url = `file:${source}`;
    await migrateDatabase(url);
    db = createDb(url);
    await prepareDb(db, url);
    ws = await seedTestWorkspace(db, "backup");
    ({ automationId } = await createAutomation(db, ws.workspaceId, chain([trigger(), setVars("a", { x: "{{trigger.i}}" }), setVars("b", { y: "{{vars.x}}!" })])));
    // A second version, and an automation that was never published.
    await db.automationVersion.create({ data: { automationId, workspaceId: ws.workspaceId, number: 2, graph: "{}", conditions: "[]" } });
    await createAutomation(db, ws.workspaceId, chain([trigger()]), { publish: false, name: "Draft only" });
    rt = createEngineRuntime({ db });
    await rt.dispatcher.start();
    const first: string[] = [];
    for (let i = 0; i < 10; i++) first.push((await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { i } }, db)).runId);
    await waitFor("the first runs", async () => (await db.run.count({ where: { id: { in: first }, status: "COMPLETED" } })) === first.length);
  }, 60_000);

  afterAll(async () => {
    await rt?.dispose();
    await db?.$disconnect();
  });

  it("backs up a consistent snapshot while the engine keeps creating and executing runs", async () => {
    let writing = true;
    let created = 0;
    const writer = (async () => {
      while (writing) {
        await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { i: 1000 + created } }, db);
        created++;
        await new Promise((r) => setTimeout(r, 3));
      }
    })();
    await waitFor("writes to be under way", async () => created >= 5);
    const atStart = created;
    const r = await cli(source, "backup", "--out", backup1);
    const duringBackup = created - atStart;
    // Writes go on after the backup: the copy is a snapshot, not the final state.
    await waitFor("more writes after the backup", async () => created >= atStart + duringBackup + 5);
    writing = false;
    await writer;

    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Backed up to .*backup-during-writes\.db \(\d+\.\d MB\): 2 automation\(s\), 2 version\(s\), \d+ run\(s\), \d+ step\(s\); \d+ migration\(s\) applied\.\n$/);
    expect(duringBackup).toBeGreaterThan(0);
    expect(listing(tmp).filter((f) => f.includes("partial"))).toEqual([]);

    const b = new Database(backup1, { readonly: true, fileMustExist: true });
    try {
      expect(b.pragma("quick_check", { simple: true })).toBe("ok");
      // One self-contained file.
      expect(b.pragma("journal_mode", { simple: true })).toBe("delete");
      const runs = b.prepare(`SELECT r."id", r."status", r."stepCount", (SELECT COUNT(*) FROM "StepRun" s WHERE s."runId" = r."id") AS "rows" FROM "Run" r`).all() as Array<{
        id: string;
        status: string;
        stepCount: number;
        rows: number;
      }>;
      expect(runs.length).toBeGreaterThan(10);
      // Transactionally consistent: every completed run has all of its step rows, a queued run none.
      for (const run of runs) {
        if (run.status === "COMPLETED") expect([run.stepCount, run.rows]).toEqual([3, 3]);
        if (run.status === "QUEUED") expect(run.rows).toBe(0);
      }
      // Every run's history agrees with its status.
      const mismatched = b
        .prepare(`SELECT COUNT(*) AS n FROM "Run" r WHERE r."status" <> (SELECT e."toStatus" FROM "RunEvent" e WHERE e."runId" = r."id" ORDER BY e."at" DESC, e."rowid" DESC LIMIT 1)`)
        .get() as { n: number };
      expect(mismatched.n).toBe(0);
    } finally {
      b.close();
    }
    await waitFor("every run to finish", async () => (await db.run.count({ where: { status: { not: "COMPLETED" } } })) === 0, 30_000);
    expect(counts(source).Run).toBeGreaterThan(counts(backup1).Run);
  });

  it("round trip: restore into a fresh path brings back every automation, version, run and step", async () => {
    // Quiet now, but the server still has the database open: an online backup all the same.
    const b = await cli(source, "backup", "--out", backup2);
    expect(b.code, b.stderr).toBe(0);
    const r = await cli(restored, "restore", "--from", backup2);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Restored ${restored} from ${backup2}: 2 automation(s), 2 version(s), `);
    expect(existsSync(restored)).toBe(true);

    const want = counts(source);
    expect(want.Run).toBeGreaterThan(20);
    expect(want.StepRun).toBe(want.Run * 3);
    expect(counts(restored)).toEqual(want);
    // Full rows, every one of them.
    for (const table of TABLES) expect(rows(restored, table), table).toEqual(rows(source, table));

    // And the backup taken during the writes restores to exactly what it holds.
    const second = path.join(tmp, "fresh2", "restored.db");
    const r2 = await cli(second, "restore", "--from", backup1);
    expect(r2.code, r2.stderr).toBe(0);
    for (const table of TABLES) expect(rows(second, table), table).toEqual(rows(backup1, table));

    // The restored database works for the app: Prisma reads it and the rows are the same objects.
    const check = createDb(`file:${restored}`);
    try {
      const run = await check.run.findFirstOrThrow({ where: { status: "COMPLETED" }, include: { steps: true }, orderBy: { createdAt: "asc" } });
      const orig = await db.run.findUniqueOrThrow({ where: { id: run.id }, include: { steps: true } });
      expect(run).toEqual(orig);
      expect(await check.automationVersion.count({ where: { automationId } })).toBe(2);
    } finally {
      await check.$disconnect();
    }
  });

  it("restore refuses a file that is not a Switchyard database, with a clear error, and changes nothing", async () => {
    const before = sha(restored);
    const files = listing(restoredDir);
    const junk = path.join(tmp, "notes.txt");
    writeFileSync(junk, "this is not a database\n".repeat(200));
    const r1 = await cli(restored, "restore", "--from", junk);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain("The file is not a SQLite database");

    const other = path.join(tmp, "other-app.db");
    const o = new Database(other);
    o.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada')");
    o.close();
    const r2 = await cli(restored, "restore", "--from", other);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain("is a SQLite database but not a Switchyard database (missing tables: _prisma_migrations, Workspace");

    const r3 = await cli(restored, "restore", "--from", path.join(tmp, "missing.db"));
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain("There is no backup at");

    expect(sha(restored)).toBe(before);
    expect(listing(restoredDir)).toEqual(files);
  });

  it("restore refuses while another process has the database open; --force replaces it and keeps the old one", async () => {
    const target = path.join(tmp, "held", "switchyard.db");
    const url = `file:${target}`;
    await migrateDatabase(url);
    // A "server" in another process: an open connection in WAL mode, idle. (Not in this process: reading the
    // file here for its hash would drop this process's POSIX locks on it, the lock a server holds.)
    const server = spawn(
      process.execPath,
      [
        "-e",
        `const db = new (require("better-sqlite3"))(process.argv[1]); db.pragma("journal_mode = WAL"); db.prepare('SELECT COUNT(*) FROM "Run"').get();
         process.stdout.write("open\\n"); process.stdin.on("end", () => { db.close(); process.exit(0); }); process.stdin.resume();`,
        target,
      ],
      { cwd: root, stdio: ["pipe", "pipe", "inherit"] },
    );
    const closed = new Promise((resolve) => server.once("exit", resolve));
    await new Promise<void>((resolve) => server.stdout!.once("data", () => resolve()));
    try {
      const before = sha(target);
      const refused = await cli(target, "restore", "--from", backup2);
      expect(refused.code, refused.stdout + refused.stderr).toBe(1);
      expect(refused.stderr).toContain("is open in another process (a server or worker is running)");
      expect(refused.stderr).toContain("--force");
      expect(sha(target)).toBe(before);
      expect(listing(path.dirname(target)).filter((f) => f.includes("restore"))).toEqual([]);

      const forced = await cli(target, "restore", "--from", backup2, "--force");
      expect(forced.code, forced.stderr).toBe(0);
      const kept = /kept as (.+before-restore-[^\s]+)\.\n/.exec(forced.stdout)?.[1];
      expect(kept).toBeDefined();
      expect(counts(kept!).Run).toBe(0);
      expect(counts(target)).toEqual(counts(backup2));
    } finally {
      server.stdin!.end();
      await closed;
    }
    // Nobody holds it now: a plain restore goes through.
    const again = await cli(target, "restore", "--from", backup1);
    expect(again.code, again.stderr).toBe(0);
    expect(counts(target)).toEqual(counts(backup1));
  });

  it("refuses PostgreSQL (pointing to pg_dump), an existing --out, and a backup from a newer version", async () => {
    await expect(backupDatabase({ databaseUrl: "postgres://u:p@127.0.0.1:5432/x", out: path.join(tmp, "pg.db") })).rejects.toThrow(/pg_dump --format=custom/);
    await expect(restoreDatabase({ databaseUrl: "postgresql://u:p@127.0.0.1:5432/x", from: backup2 })).rejects.toThrow(/pg_restore/);
    await expect(backupDatabase({ databaseUrl: `file:${source}`, out: backup2 })).rejects.toThrow(/already exists; choose another file or pass --force/);

    const future = path.join(tmp, "future.db");
    copyFileSync(backup2, future);
    const f = new Database(future);
    f.prepare(`INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "finished_at", "started_at", "applied_steps_count") VALUES ('x', 'x', '99991231000000_from_the_future', 1, 1, 1)`).run();
    f.close();
    const target = path.join(tmp, "future-target", "switchyard.db");
    const err = await restoreDatabase({ databaseUrl: `file:${target}`, from: future }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as Error).message).toContain("comes from a newer Switchyard (unknown migrations: 99991231000000_from_the_future)");
    expect(existsSync(target)).toBe(false);
    expect(listing(path.dirname(target))).toEqual([]);

    const cliPg = await new Promise<Result>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/cli.ts"), "backup", "--out", path.join(tmp, "x.dump")], {
        cwd: root,
        env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: "postgres://switchyard:secret@127.0.0.1:1/switchyard", DATA_DIR: path.join(tmp, "data") },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("exit", (code) => resolve({ code, stdout, stderr }));
    });
    expect(cliPg.code).toBe(1);
    expect(cliPg.stderr).toContain("pg_dump --format=custom --no-owner");
    expect(cliPg.stderr).not.toContain("secret");
  });
});
