import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, prepareDb, type Db } from "@/server/db";
import { migrateDatabase } from "@/server/db/migrate";
import { pgAdmin, quoteIdent, withDatabase } from "@/server/db/migrate-adapters";
import { env } from "@/server/env";
import { hashPassword } from "@/server/auth/password";

/**
 * Real, migrated test databases. SQLite by default (a copy of a template file
 * migrated once per process); a fresh PostgreSQL database per call when
 * TEST_DATABASE_URL starts with postgres.
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

async function createPostgresTestDb(serverUrl: string): Promise<TestDb> {
  swept ??= sweepStaleDatabases(serverUrl).catch(() => undefined);
  await swept;
  const name = `${PG_PREFIX}${Math.floor(Date.now() / 1000)}_${rand()}`;
  await pgAdmin(serverUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  const url = withDatabase(serverUrl, name);
  const drop = () => pgAdmin(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  let db: Db;
  try {
    await migrateDatabase(url);
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
