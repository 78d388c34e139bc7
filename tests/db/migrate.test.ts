import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/server/db/migrate";
import { migrationNames, migrationsDirFor } from "@/server/db/migration-files";
import { pgAdmin, quoteIdent, withDatabase } from "@/server/db/migrate-adapters";
import { env } from "@/server/env";

const EXPECTED_TABLES = [
  "Workspace",
  "User",
  "Membership",
  "Automation",
  "AutomationVersion",
  "Run",
  "StepRun",
  "OutboxEmail",
  "Notification",
  "AuditLog",
  "_prisma_migrations",
];

function checksums(provider: "sqlite" | "postgresql"): Record<string, string> {
  const dir = migrationsDirFor(provider);
  return Object.fromEntries(
    migrationNames(dir).map((n) => [n, createHash("sha256").update(readFileSync(path.join(dir, n, "migration.sql"))).digest("hex")]),
  );
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "switchyard-migrate-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("migrateDatabase on SQLite", () => {
  it("creates the parent directory, applies every migration once, and records checksums like the CLI", async () => {
    const file = path.join(tmp, "nested", "dir", "app.db");
    const url = `file:${file}`;
    const expected = checksums("sqlite");
    expect(Object.keys(expected).length).toBeGreaterThan(0);

    const first = await migrateDatabase(url);
    expect(first.applied).toEqual(Object.keys(expected));
    expect(existsSync(file)).toBe(true);

    const second = await migrateDatabase(url);
    expect(second.applied).toEqual([]);

    const db = new Database(file, { readonly: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(EXPECTED_TABLES));
      const rows = db.prepare("SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations").all() as {
        migration_name: string;
        checksum: string;
        finished_at: string | null;
        rolled_back_at: string | null;
      }[];
      expect(Object.fromEntries(rows.map((r) => [r.migration_name, r.checksum]))).toEqual(expected);
      for (const r of rows) {
        expect(r.finished_at).not.toBeNull();
        expect(r.rolled_back_at).toBeNull();
      }
    } finally {
      db.close();
    }
  });

  it("refuses a non-empty database without migration history, like prisma migrate deploy", async () => {
    const file = path.join(tmp, "foreign.db");
    const db = new Database(file);
    db.exec('CREATE TABLE "Workspace" (x INTEGER)');
    db.close();
    await expect(migrateDatabase(`file:${file}`)).rejects.toThrow(/database schema is not empty/);
  });

  it("reports a migration that fails with the database's own error", async () => {
    const file = path.join(tmp, "half.db");
    const url = `file:${file}`;
    await migrateDatabase(url);
    // Pretend the history is empty again while the tables exist: re-applying must fail loudly.
    const db = new Database(file);
    db.exec("DELETE FROM _prisma_migrations");
    db.close();
    await expect(migrateDatabase(url)).rejects.toThrow(/already exists/);
  });
});

const serverUrl = env().TEST_DATABASE_URL;
if (serverUrl?.startsWith("postgres")) {
  describe("migrateDatabase on PostgreSQL (TEST_DATABASE_URL)", () => {
    const name = `sy_test_${Math.floor(Date.now() / 1000)}_migrate${process.pid}`;
    const url = withDatabase(serverUrl, name);
    afterAll(() => pgAdmin(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));

    it("applies every migration once to a fresh database and records checksums", async () => {
      await pgAdmin(serverUrl, `CREATE DATABASE ${quoteIdent(name)}`);
      const expected = checksums("postgresql");
      expect((await migrateDatabase(url)).applied).toEqual(Object.keys(expected));
      expect((await migrateDatabase(url)).applied).toEqual([]);

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const tables = await client.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        );
        expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
        const rows = await client.query<{ migration_name: string; checksum: string }>(
          "SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
        );
        expect(Object.fromEntries(rows.rows.map((r) => [r.migration_name, r.checksum]))).toEqual(expected);
      } finally {
        await client.end();
      }
    });
  });
}
