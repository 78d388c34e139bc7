import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, prepareDb, type Db } from "@/server/db";
import { migrateDatabase } from "@/server/db/migrate";
import { MIGRATION_FILE, migrationNames, migrationsDirFor } from "@/server/db/migration-files";
import { pgAdmin, quoteIdent, withDatabase } from "@/server/db/migrate-adapters";
import { env } from "@/server/env";
import { hashPassword } from "@/server/auth/password";

/**
 * Real, migrated test databases. SQLite by default (a copy of a template file
 * migrated once per process); a fresh PostgreSQL database per call when
 * TEST_DATABASE_URL starts with postgres (a copy of a template database migrated
 * once per set of migrations: `CREATE DATABASE … TEMPLATE`, instead of running
 * every migration through the schema engine for each test file).
 */

export interface TestDb {
  db: Db;
  url: string;
  cleanup(): Promise<void>;
}

const rand = (bytes = 5) => randomBytes(bytes).toString("hex");

// ------------------------------------------------------------------ SQLite

let tmpDir: string | undefined;
let templateFile: Promise<string> | undefined;

function processTmpDir(): string {
  if (!tmpDir) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "switchyard-test-"));
    tmpDir = dir;
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return tmpDir;
}

function sqliteTemplate(): Promise<string> {
  templateFile ??= (async () => {
    const file = path.join(processTmpDir(), "template.db");
    await migrateDatabase(`file:${file}`);
    return file;
  })().catch((err: unknown) => {
    templateFile = undefined;
    throw err;
  });
  return templateFile;
}

async function createSqliteTestDb(): Promise<TestDb> {
  const template = await sqliteTemplate();
  const file = path.join(processTmpDir(), `test-${Date.now()}-${rand()}.db`);
  copyFileSync(template, file);
  const url = `file:${file}`;
  const db = createDb(url);
  await prepareDb(db, url);
  return {
    db,
    url,
    async cleanup() {
      await db.$disconnect();
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    },
  };
}

// ------------------------------------------------------------------ PostgreSQL

const PG_PREFIX = "sy_test_";
const STALE_AFTER_SECONDS = 6 * 3600;
let swept: Promise<void> | undefined;

/** Drops test databases left behind by killed runs (their names carry the creation time). */
async function sweepStaleDatabases(serverUrl: string): Promise<void> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${PG_PREFIX}%`,
    ]);
    const cutoff = Math.floor(Date.now() / 1000) - STALE_AFTER_SECONDS;
    for (const { datname } of rows) {
      const created = Number(datname.slice(PG_PREFIX.length).split("_")[0]);
      if (Number.isFinite(created) && created < cutoff) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`).catch(() => undefined);
      }
    }
  } finally {
    await client.end();
  }
}

const PG_TEMPLATE_PREFIX = "sy_tpl_";
/** pg_advisory_lock key serializing template builds across test processes. */
const TEMPLATE_LOCK_KEY = 7_343_201;
let pgTemplate: Promise<string> | undefined;

/** The committed PostgreSQL migrations' names and SQL, hashed: the template's identity. */
function migrationsHash(): string {
  const dir = migrationsDirFor("postgresql");
  const h = createHash("sha256");
  for (const name of migrationNames(dir)) {
    const file = path.join(dir, name, MIGRATION_FILE);
    h.update(name).update("\0").update(existsSync(file) ? readFileSync(file) : "").update("\0");
  }
  return h.digest("hex").slice(0, 16);
}

/**
 * A migrated template database for the current migrations (`sy_tpl_<hash>_<created>`),
 * built once on the server and reused by every test process and run; templates of other
 * migration sets are dropped a day after their creation. Built under a new name and
 * renamed, so a crash never leaves a half-migrated template behind.
 */
function postgresTemplate(serverUrl: string): Promise<string> {
  pgTemplate ??= (async () => {
    const pg = (await import("pg")).default;
    const prefix = `${PG_TEMPLATE_PREFIX}${migrationsHash()}_`;
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY]);
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${PG_TEMPLATE_PREFIX}%`]);
      // Templates of other migration sets (older checkouts, other branches) go after a day:
      // a checkout on another branch may still be using its own right now.
      const dayAgo = Math.floor(Date.now() / 1000) - 24 * 3600;
      for (const { datname } of rows) {
        const created = Number(datname.split("_").at(-1));
        if (!datname.startsWith(prefix) && Number.isFinite(created) && created < dayAgo) {
          await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`).catch(() => undefined);
        }
      }
      const existing = rows.find((r) => r.datname.startsWith(prefix));
      if (existing) return existing.datname;
      const name = `${prefix}${Math.floor(Date.now() / 1000)}`;
      const building = `${PG_PREFIX}${Math.floor(Date.now() / 1000)}_tpl_${rand()}`;
      await client.query(`CREATE DATABASE ${quoteIdent(building)}`);
      try {
        await migrateDatabase(withDatabase(serverUrl, building));
        // a template must have no sessions: the schema engine's pool may linger for a moment
        await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [building]);
        await client.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
      } catch (err) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`).catch(() => undefined);
        throw err;
      }
      return name;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]).catch(() => undefined);
      await client.end();
    }
  })().catch((err: unknown) => {
    pgTemplate = undefined;
    throw err;
  });
  return pgTemplate;
}

/** CREATE DATABASE … TEMPLATE, retried while another session briefly holds the template. */
async function createFromTemplate(serverUrl: string, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await pgAdmin(serverUrl, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
      return;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

/** A fresh migrated PostgreSQL database (`sy_test_…`) on the server of `serverUrl`, whatever TEST_DATABASE_URL says. */
export async function createPostgresTestDb(serverUrl: string): Promise<TestDb> {
  swept ??= sweepStaleDatabases(serverUrl).catch(() => undefined);
  await swept;
  const template = await postgresTemplate(serverUrl);
  const name = `${PG_PREFIX}${Math.floor(Date.now() / 1000)}_${rand()}`;
  await createFromTemplate(serverUrl, name, template);
  // Tests kill our processes, never the PostgreSQL server: commits need not wait for the WAL
  // flush (about 1 ms each here). Set before the first session connects.
  await pgAdmin(serverUrl, `ALTER DATABASE ${quoteIdent(name)} SET synchronous_commit = off`);
  const url = withDatabase(serverUrl, name);
  const drop = () => pgAdmin(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  let db: Db;
  try {
    db = createDb(url);
    await prepareDb(db, url);
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
  return {
    db,
    url,
    async cleanup() {
      await db.$disconnect();
      await drop();
    },
  };
}

/**
 * A fresh migrated database: a SQLite file, or a new database on the PostgreSQL
 * server of TEST_DATABASE_URL (or of DATABASE_URL when that is postgres://…).
 * The database named in the URL itself is never written to.
 */
export function createTestDb(): Promise<TestDb> {
  const e = env();
  const serverUrl = e.TEST_DATABASE_URL ?? (/^postgres(ql)?:\/\//.test(e.DATABASE_URL) ? e.DATABASE_URL : undefined);
  if (serverUrl && /^postgres(ql)?:\/\//.test(serverUrl)) return createPostgresTestDb(serverUrl);
  return createSqliteTestDb();
}

// ------------------------------------------------------------------ seed

/** Password of every user created by `seedTestWorkspace`. */
export const TEST_PASSWORD = "test-password-1";
let testHash: Promise<string> | undefined;

export interface TestWorkspace {
  workspaceId: string;
  workspaceSlug: string;
  otherWorkspaceId: string;
  otherWorkspaceSlug: string;
  adminId: string;
  adminEmail: string;
  specialistId: string;
  specialistEmail: string;
  otherAdminId: string;
  otherAdminEmail: string;
  /** Password of all three users. */
  password: string;
}

/**
 * Two workspaces with unique slugs: the first with an ADMIN and a SPECIALIST,
 * the other (for isolation tests) with its own ADMIN.
 */
export async function seedTestWorkspace(db: Db, slugPrefix = "ws"): Promise<TestWorkspace> {
  testHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await testHash;
  const id = rand(4);
  const prefix = slugPrefix.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 24) || "ws";
  const workspaceSlug = `${prefix}-${id}`;
  const otherWorkspaceSlug = `${prefix}-other-${id}`;
  const ws = await db.workspace.create({ data: { name: `Test ${workspaceSlug}`, slug: workspaceSlug } });
  const other = await db.workspace.create({ data: { name: `Other ${otherWorkspaceSlug}`, slug: otherWorkspaceSlug } });
  const user = async (label: string, workspaceId: string, role: string) => {
    const email = `${label}-${id}@test.local`;
    const u = await db.user.create({
      data: { email, name: `${label} ${id}`, passwordHash, memberships: { create: { workspaceId, role } } },
      select: { id: true },
    });
    return { id: u.id, email };
  };
  const admin = await user("admin", ws.id, "ADMIN");
  const specialist = await user("specialist", ws.id, "SPECIALIST");
  const otherAdmin = await user("other-admin", other.id, "ADMIN");
  return {
    workspaceId: ws.id,
    workspaceSlug,
    otherWorkspaceId: other.id,
    otherWorkspaceSlug,
    adminId: admin.id,
    adminEmail: admin.email,
    specialistId: specialist.id,
    specialistEmail: specialist.email,
    otherAdminId: otherAdmin.id,
    otherAdminEmail: otherAdmin.email,
    password: TEST_PASSWORD,
  };
}
