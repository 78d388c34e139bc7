import { statSync } from "node:fs";
import { providerOfDb, type Db } from "@/server/db";

/**
 * `npm run cli -- db vacuum`: gives the space of deleted rows back.
 * SQLite: switches the file to auto_vacuum = INCREMENTAL (takes effect with
 * this VACUUM; from then on every retention pass returns freed pages itself),
 * rewrites the file with VACUUM and truncates the WAL. VACUUM needs free disk
 * space about the size of the database and blocks writers while it runs: run
 * it in a quiet hour. PostgreSQL: VACUUM (ANALYZE) marks the space reusable
 * (autovacuum does the same on its own; VACUUM FULL is left to the operator).
 */
export interface VacuumResult {
  provider: "sqlite" | "postgresql";
  /** SQLite: file size in bytes before and after (database file + WAL). */
  bytesBefore: number | null;
  bytesAfter: number | null;
}

export function sqliteFileBytes(file: string): number {
  let total = 0;
  for (const suffix of ["", "-wal"]) {
    try {
      total += statSync(file + suffix).size;
    } catch {
      // no WAL yet
    }
  }
  return total;
}

export async function vacuumDatabase(db: Db, sqliteFile?: string): Promise<VacuumResult> {
  if (providerOfDb(db) === "postgresql") {
    await db.$executeRawUnsafe("VACUUM (ANALYZE)");
    return { provider: "postgresql", bytesBefore: null, bytesAfter: null };
  }
  const before = sqliteFile ? sqliteFileBytes(sqliteFile) : null;
  await db.$executeRawUnsafe("PRAGMA auto_vacuum = INCREMENTAL");
  await db.$executeRawUnsafe("VACUUM");
  await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  const after = sqliteFile ? sqliteFileBytes(sqliteFile) : null;
  return { provider: "sqlite", bytesBefore: before, bytesAfter: after };
}
