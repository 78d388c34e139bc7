/**
 * `npm run cli -- db vacuum`: gives the space of pruned runs back to the file
 * system (README, "Run retention and database size"). SQLite: switches the file
 * to incremental auto_vacuum, VACUUM, WAL truncated; PostgreSQL: VACUUM (ANALYZE).
 */
import type { Db } from "../server/db";

export const DB_USAGE = `  db vacuum
      Give the space of deleted runs back. SQLite: turns on incremental auto_vacuum
      (retention passes then return freed pages themselves) and rewrites the file
      with VACUUM (blocks writers while it runs; needs free disk space about the
      size of the database). PostgreSQL: VACUUM (ANALYZE).`;

export const DB_COMMANDS = ["db vacuum"];

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export async function runDbCommand(command: string, db: Db): Promise<void> {
  if (command !== "db vacuum") return;
  const [{ env }, { providerOf, sqliteFilePath }, { vacuumDatabase }] = await Promise.all([
    import("../server/env"),
    import("../server/db"),
    import("../server/services/retention/vacuum"),
  ]);
  const url = env().DATABASE_URL;
  const r = await vacuumDatabase(db, providerOf(url) === "sqlite" ? sqliteFilePath(url) : undefined);
  if (r.provider === "postgresql") {
    console.log("VACUUM (ANALYZE) done: the space of deleted rows is reusable.");
    return;
  }
  console.log(`VACUUM done: ${mb(r.bytesBefore ?? 0)} → ${mb(r.bytesAfter ?? 0)}; auto_vacuum is INCREMENTAL (retention passes return freed pages).`);
}
