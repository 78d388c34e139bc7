import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DbProvider } from "./index";
import { postgresMigrationFactory, sqliteMigrationFactory } from "./migrate-adapters";
import {
  LOCKFILE,
  MIGRATION_FILE,
  lockfileText,
  migrationNames,
  migrationsDirFor,
  readMigrationsList,
  schemaPathFor,
} from "./migration-files";
import { MIGRATION_FILTERS, withSchemaEngine } from "./wasm-engine";

/**
 * Creates the next migration by diffing the committed migrations (replayed on a
 * shadow database) against the Prisma schema, for one provider. This is what
 * `prisma migrate dev --create-only` does; `createMigration` does not work in
 * the wasm engine, `diff` does.
 */

export const PROVIDERS: readonly DbProvider[] = ["sqlite", "postgresql"];

/** Normalizes a user-given name like the Prisma CLI: lowercase, [a-z0-9_]. */
export function normalizeMigrationName(raw: string): string {
  const name = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) throw new Error(`Invalid migration name "${raw}": use letters, digits and underscores, e.g. add_api_keys`);
  if (name.length > 200) throw new Error("Migration name is too long (200 characters at most)");
  return name;
}

function timestampOf(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** A `YYYYMMDDHHMMSS` prefix that sorts after every existing migration of both providers. */
export function nextTimestamp(now: Date = new Date()): string {
  const existing = PROVIDERS.flatMap((p) => migrationNames(migrationsDirFor(p)))
    .map((n) => n.slice(0, 14))
    .filter((t) => /^\d{14}$/.test(t))
    .sort();
  const latest = existing[existing.length - 1];
  const stamp = timestampOf(now);
  if (!latest || stamp > latest) return stamp;
  // Clock behind the newest migration (or same second): one second after it.
  const m = latest.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/)!;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return timestampOf(new Date(t + 1000));
}

/** The SQL that brings the migrations up to the schema, or null when there is no difference. */
export async function diffMigrationsToSchema(
  provider: DbProvider,
  shadowServerUrl: string,
  /** Tests: diff against this schema text instead of the file. */
  schemaTextOverride?: string,
): Promise<string | null> {
  const baseDir = migrationsDirFor(provider);
  const list = readMigrationsList(baseDir);
  const schemaPath = schemaPathFor(provider);
  const schemaText = schemaTextOverride ?? readFileSync(schemaPath, "utf8");
  const factory = provider === "sqlite" ? sqliteMigrationFactory(":memory:") : postgresMigrationFactory(shadowServerUrl);
  const result = await withSchemaEngine({ schemaPath, schemaText, adapterFactory: factory }, (engine) =>
    engine.diff({
      from: list.migrationDirectories.length > 0 ? { tag: "migrations", ...list } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schemaText }] },
      script: true,
      exitCode: true,
      filters: MIGRATION_FILTERS,
    }),
  );
  // exitCode 2 = non-empty diff (like `prisma migrate diff --exit-code`)
  if (result.exitCode !== 2 || !result.stdout?.trim()) return null;
  return result.stdout.endsWith("\n") ? result.stdout : result.stdout + "\n";
}

export interface CreatedMigration {
  provider: DbProvider;
  /** Path of the written migration.sql */
  file: string;
}

/**
 * Diffs both providers first, then writes `<timestamp>_<name>/migration.sql`
 * for each provider that has changes (nothing is written if a diff fails).
 */
export async function createMigrations(rawName: string, shadowServerUrl: string): Promise<CreatedMigration[]> {
  const name = normalizeMigrationName(rawName);
  const scripts: { provider: DbProvider; sql: string }[] = [];
  for (const provider of PROVIDERS) {
    const sql = await diffMigrationsToSchema(provider, shadowServerUrl);
    if (sql) scripts.push({ provider, sql });
  }
  if (scripts.length === 0) return [];
  const dirName = `${nextTimestamp()}_${name}`;
  return scripts.map(({ provider, sql }) => {
    const baseDir = migrationsDirFor(provider);
    const dir = path.join(baseDir, dirName);
    mkdirSync(dir, { recursive: true });
    const lock = path.join(baseDir, LOCKFILE);
    if (!existsSync(lock)) writeFileSync(lock, lockfileText(provider));
    const file = path.join(dir, MIGRATION_FILE);
    writeFileSync(file, sql);
    return { provider, file };
  });
}
