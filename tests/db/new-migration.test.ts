import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema, nextTimestamp, normalizeMigrationName } from "@/server/db/new-migration";
import { migrationNames, migrationsDirFor, projectRoot, schemaPathFor } from "@/server/db/migration-files";
import { env } from "@/server/env";

const EXTRA_MODEL = `
model DiffProbe {
  id    String @id
  label String
}
`;

describe("prisma schemas", () => {
  it("prisma/postgres/schema.prisma is in sync with prisma/schema.prisma", () => {
    const out = execFileSync(process.execPath, ["scripts/prisma-sync-schemas.mjs", "--check"], { cwd: projectRoot(), encoding: "utf8" });
    expect(out).toContain("in sync");
  });

  it("both providers have the same migration names", () => {
    expect(migrationNames(migrationsDirFor("postgresql"))).toEqual(migrationNames(migrationsDirFor("sqlite")));
  });
});

describe("new migrations (diff from replayed migrations)", () => {
  it("normalizes names and orders timestamps after existing migrations", () => {
    expect(normalizeMigrationName(" Add API-keys ")).toBe("add_api_keys");
    expect(() => normalizeMigrationName("--")).toThrow(/Invalid migration name/);
    const latest = migrationNames(migrationsDirFor("sqlite")).at(-1)!.slice(0, 14);
    expect(nextTimestamp(new Date("2000-01-01T00:00:00Z")) > latest).toBe(true);
    expect(nextTimestamp(new Date("2999-01-02T03:04:05Z"))).toBe("29990102030405");
  });

  it("SQLite: the committed migrations match the schema, and a schema change produces SQL", async () => {
    expect(await diffMigrationsToSchema("sqlite", env().SHADOW_DATABASE_URL)).toBeNull();
    const changed = readFileSync(schemaPathFor("sqlite"), "utf8") + EXTRA_MODEL;
    const sql = await diffMigrationsToSchema("sqlite", env().SHADOW_DATABASE_URL, changed);
    expect(sql).toMatch(/CREATE TABLE "DiffProbe"/);
    expect(sql).not.toMatch(/CREATE TABLE "Workspace"/);
  });

  const serverUrl = env().TEST_DATABASE_URL;
  if (serverUrl?.startsWith("postgres")) {
    it("PostgreSQL: replays on a temporary shadow database, detects changes, and drops the shadow database", async () => {
      const shadowDbs = async () => {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        try {
          const r = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'switchyard_shadow_%'");
          return r.rows.map((x) => x.datname);
        } finally {
          await c.end();
        }
      };
      const before = await shadowDbs();
      expect(await diffMigrationsToSchema("postgresql", serverUrl)).toBeNull();
      const changed = readFileSync(schemaPathFor("postgresql"), "utf8") + EXTRA_MODEL;
      const sql = await diffMigrationsToSchema("postgresql", serverUrl, changed);
      expect(sql).toMatch(/CREATE TABLE "DiffProbe"/);
      expect(sql).not.toMatch(/CREATE TABLE "Workspace"/);
      const leftover = (await shadowDbs()).filter((d) => !before.includes(d));
      expect(leftover).toEqual([]);
    });
  }
});
