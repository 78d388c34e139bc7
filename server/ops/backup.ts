import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { providerOf, sqliteFilePath } from "@/server/db";
import { migrationNames, migrationsDirFor } from "@/server/db/migration-files";

/**
 * Backups and restores (`npm run cli -- backup|restore`).
 *
 * SQLite: `backup` uses SQLite's online backup API (better-sqlite3
 * `db.backup()`) on its own connection while servers keep serving: all pages
 * are copied in one step under one read transaction, so the copy is the
 * committed state at one instant (WAL mode: writers are not blocked); written
 * to a temporary file next to `--out`, checked (quick_check), switched to a
 * self-contained rollback journal, then renamed into place.
 *
 * `restore` copies the backup next to the database, validates the copy (a
 * SQLite file, the Switchyard tables, a migration history this code knows:
 * every applied migration is one of ours, none failed; older backups are fine,
 * `npm start`/`db:migrate` applies the rest), refuses while another connection
 * has the database open (a server, a worker: see holdExclusive) unless
 * `force`, keeps the current database as `<db>.before-restore-<time>`, removes
 * the -wal/-shm files and renames the copy over the database (atomic: a
 * process opening the path sees the old or the new file, never a mix).
 *
 * PostgreSQL: pg_dump / pg_restore (PG_RECIPE); `backup` refuses and prints it.
 */
export class BackupError extends Error {}

export const PG_RECIPE = `PostgreSQL backups use PostgreSQL's own tools (consistent while the servers keep running):
  backup:   pg_dump --format=custom --no-owner --file switchyard-$(date +%F).dump "$DATABASE_URL"
  restore:  stop the web processes and workers, then
            pg_restore --clean --if-exists --no-owner --single-transaction --dbname "$DATABASE_URL" switchyard-YYYY-MM-DD.dump
            and start them again (pending migrations are applied at start).`;

/** Tables every Switchyard database has (a restore refuses a file without them). */
export const REQUIRED_TABLES = ["_prisma_migrations", "Workspace", "User", "Automation", "AutomationVersion", "Run", "StepRun"];

export interface DatabaseSummary {
  migrations: number;
  automations: number;
  versions: number;
  runs: number;
  steps: number;
}

function sqliteOnly(databaseUrl: string, what: "backup" | "restore"): string {
  if (providerOf(databaseUrl) !== "sqlite") {
    throw new BackupError(`${what} handles SQLite databases; DATABASE_URL is PostgreSQL.\n\n${PG_RECIPE}`);
  }
  return sqliteFilePath(databaseUrl);
}

const tmpName = (beside: string, tag: string) => path.join(path.dirname(beside), `.${path.basename(beside)}.${tag}-${randomBytes(4).toString("hex")}`);

function removeQuietly(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
}

function fsyncFile(file: string): void {
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    fsyncFile(dir);
  } catch {
    // not supported on every platform; the rename is still atomic
  }
}

/** Online, consistent copy of `conn`'s database to `file` (all pages in one step). */
async function onlineCopy(conn: Database.Database, file: string): Promise<void> {
  await conn.backup(file, { progress: () => 0x7fffffff });
}

function summarize(conn: Database.Database): DatabaseSummary {
  const count = (table: string) => (conn.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
  return {
    migrations: (conn.prepare(`SELECT COUNT(*) AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`).get() as { n: number }).n,
    automations: count("Automation"),
    versions: count("AutomationVersion"),
    runs: count("Run"),
    steps: count("StepRun"),
  };
}

export function describeSummary(s: DatabaseSummary): string {
  return `${s.automations} automation(s), ${s.versions} version(s), ${s.runs} run(s), ${s.steps} step(s); ${s.migrations} migration(s) applied`;
}

// ------------------------------------------------------------------ backup

export async function backupDatabase(o: { databaseUrl: string; out: string; force?: boolean }): Promise<{ file: string; bytes: number; summary: DatabaseSummary }> {
  const source = sqliteOnly(o.databaseUrl, "backup");
  const out = path.resolve(o.out);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source} to back up.`);
  if (out === source) throw new BackupError("--out is the database itself; choose another file.");
  if (existsSync(out) && !o.force) throw new BackupError(`${out} already exists; choose another file or pass --force to overwrite it.`);
  if (!existsSync(path.dirname(out))) throw new BackupError(`The directory ${path.dirname(out)} does not exist.`);
  const tmp = tmpName(out, "partial");
  const conn = new Database(source, { fileMustExist: true, timeout: 10_000 });
  try {
    await onlineCopy(conn, tmp);
    const copy = new Database(tmp, { fileMustExist: true });
    let summary: DatabaseSummary;
    try {
      const check = copy.pragma("quick_check", { simple: true });
      if (check !== "ok") throw new BackupError(`The copy failed its integrity check (${String(check)}); the database was not backed up.`);
      // One self-contained file (no -wal next to it).
      copy.pragma("journal_mode = DELETE");
      summary = summarize(copy);
    } finally {
      copy.close();
    }
    fsyncFile(tmp);
    renameSync(tmp, out);
    fsyncDir(path.dirname(out));
    return { file: out, bytes: statSync(out).size, summary };
  } catch (err) {
    removeQuietly(tmp);
    throw err;
  } finally {
    conn.close();
  }
}

// ------------------------------------------------------------------ restore

/** Validates a candidate database file; returns what it holds. */
export function validateBackup(file: string): DatabaseSummary {
  let conn: Database.Database;
  try {
    conn = new Database(file, { fileMustExist: true });
  } catch (err) {
    throw new BackupError(`Cannot open the backup: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    let tables: Set<string>;
    try {
      tables = new Set((conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") throw new BackupError("The file is not a SQLite database (is it a PostgreSQL dump or another file?).");
      throw err;
    }
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new BackupError(`The file is a SQLite database but not a Switchyard database (missing tables: ${missing.join(", ")}).`);
    const check = conn.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new BackupError(`The backup is damaged (integrity check: ${String(check)}).`);
    const rows = conn.prepare(`SELECT "migration_name" AS name, "finished_at" AS finished, "rolled_back_at" AS rolledBack FROM "_prisma_migrations"`).all() as Array<{
      name: string;
      finished: unknown;
      rolledBack: unknown;
    }>;
    const live = rows.filter((r) => r.rolledBack === null);
    const failed = live.filter((r) => r.finished === null).map((r) => r.name);
    if (failed.length) throw new BackupError(`The backup records unfinished or failed migrations (${failed.join(", ")}); it cannot be restored.`);
    const ours = new Set(migrationNames(migrationsDirFor("sqlite")));
    const unknown = live.map((r) => r.name).filter((n) => !ours.has(n));
    if (unknown.length) {
      throw new BackupError(`The backup comes from a newer Switchyard (unknown migrations: ${unknown.join(", ")}); upgrade this installation first, then restore.`);
    }
    if (live.length === 0) throw new BackupError("The backup has no applied migrations: not a Switchyard database.");
    return summarize(conn);
  } finally {
    conn.close();
  }
}

/**
 * Takes an exclusive lock on the database: fails at once when any other
 * connection (a server, a worker, another CLI) has it open — in WAL mode every
 * open connection holds a shared lock on the file for as long as it is open,
 * idle or not. Held until release(); switches the database to a rollback
 * journal first (checkpointing the WAL into it), so closing this connection
 * later never touches a -wal file at the path.
 */
function holdExclusive(file: string): { conn: Database.Database; release(): void } | null {
  const conn = new Database(file, { fileMustExist: true, timeout: 250 });
  try {
    conn.pragma("locking_mode = EXCLUSIVE");
    conn.exec("BEGIN EXCLUSIVE");
    conn.exec("COMMIT");
    conn.pragma("journal_mode = DELETE");
    return { conn, release: () => conn.close() };
  } catch (err) {
    conn.close();
    if ((err as { code?: string }).code?.startsWith("SQLITE_BUSY")) return null;
    throw err;
  }
}

export async function restoreDatabase(o: { databaseUrl: string; from: string; force?: boolean; now?: Date }): Promise<{ file: string; previous: string | null; summary: DatabaseSummary }> {
  const target = sqliteOnly(o.databaseUrl, "restore");
  const from = path.resolve(o.from);
  if (!existsSync(from)) throw new BackupError(`There is no backup at ${from}.`);
  if (from === target) throw new BackupError("--from is the database itself.");
  mkdirSync(path.dirname(target), { recursive: true });
  // Validate a private copy (the one that will be installed): the backup file itself is never opened for writing.
  const tmp = tmpName(target, "restore");
  let lock: ReturnType<typeof holdExclusive> = null;
  try {
    copyFileSync(from, tmp);
    for (const suffix of ["-wal", "-shm"]) if (existsSync(from + suffix)) throw new BackupError(`${from}${suffix} exists: the backup is a live database, not a backup file. Make one with \`npm run cli -- backup\`.`);
    const summary = validateBackup(tmp);
    fsyncFile(tmp);
    let previous: string | null = null;
    if (existsSync(target)) {
      lock = holdExclusive(target);
      if (!lock && !o.force) {
        throw new BackupError(
          `The database ${target} is open in another process (a server or worker is running). Stop every Switchyard process using it and run restore again, or pass --force to replace it anyway (then restart those processes at once: they would keep writing to the replaced file).`,
        );
      }
      // The current database, as it is now, stays next to it.
      previous = `${target}.before-restore-${(o.now ?? new Date()).toISOString().replace(/[:.]/g, "-")}`;
      const src = lock?.conn ?? new Database(target, { fileMustExist: true, timeout: 10_000 });
      try {
        await onlineCopy(src, previous);
      } finally {
        if (!lock) src.close();
      }
    }
    // Stale -wal/-shm of the old file must never be applied to the new one: gone before the rename.
    for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(target + suffix, { force: true });
    renameSync(tmp, target);
    fsyncDir(path.dirname(target));
    return { file: target, previous, summary };
  } catch (err) {
    removeQuietly(tmp);
    throw err;
  } finally {
    lock?.release();
  }
}
