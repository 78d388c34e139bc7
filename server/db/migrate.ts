import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { providerOf, sqliteFilePath } from "./index";
import { postgresMigrationFactory, sqliteMigrationFactory } from "./migrate-adapters";
import { migrationsDirFor, readMigrationsList, schemaPathFor } from "./migration-files";
import { MIGRATION_FILTERS, withSchemaEngine } from "./wasm-engine";

/**
 * Applies the committed migrations for the provider of `url`
 * (prisma/migrations for SQLite, prisma/postgres/migrations for PostgreSQL) with
 * Prisma's WebAssembly schema engine. Records them in `_prisma_migrations`
 * exactly like `prisma migrate deploy`; a second call applies nothing.
 */
export async function migrateDatabase(url: string): Promise<{ applied: string[] }> {
  const provider = providerOf(url);
  const baseDir = migrationsDirFor(provider);
  const migrationsList = readMigrationsList(baseDir);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`No migrations found in ${baseDir}: run \`npm run db:migration -- init\``);
  }
  let factory;
  if (provider === "sqlite") {
    const file = sqliteFilePath(url);
    mkdirSync(path.dirname(file), { recursive: true });
    factory = sqliteMigrationFactory(file);
  } else {
    factory = postgresMigrationFactory(url);
  }
  const schemaPath = schemaPathFor(provider);
  const result = await withSchemaEngine(
    { schemaPath, schemaText: readFileSync(schemaPath, "utf8"), adapterFactory: factory },
    (engine) => engine.applyMigrations({ migrationsList, filters: MIGRATION_FILTERS }),
  );
  return { applied: result.appliedMigrationNames };
}
