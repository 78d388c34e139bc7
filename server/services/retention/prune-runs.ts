import { Prisma } from "@/server/db/generated/sqlite/client";
import { sqliteConnectionOf, type Db } from "@/server/db";
import { FINISHED_RUN_STATUSES } from "@/lib/statuses";
import { isPostgres, tsColumn, tsValue } from "@/server/services/runs/stats-buckets";

/**
 * Run retention: deletes a workspace's finished runs (COMPLETED, FAILED,
 * SKIPPED, CANCELLED) created more than `runRetentionDays` days ago, in small
 * batches, one transaction each: RunData and step rows (the payloads) first,
 * then the run's history and the run rows. Unfinished runs (QUEUED, RUNNING,
 * PAUSED, WAITING_FOR_CHILD) are never touched, whatever their age, and
 * neither is a finished child whose parent is still unfinished (the parent may
 * still read its result). Deleting finished rows is not a status change: no
 * run's state moves, so the engine's invariants hold.
 */

const { sql, join } = Prisma;
export const RETENTION_BATCH = 500;
/** Batches per workspace per pass: a pass stays short; the next pass continues. */
export const RETENTION_MAX_BATCHES = 20;
const DAY_MS = 86_400_000;

export interface PruneResult {
  runs: number;
  steps: number;
  batches: number;
}

export interface RetentionPassResult extends PruneResult {
  workspaces: number;
}

const finished = () => join(FINISHED_RUN_STATUSES.map((s) => sql`${s}`), ", ");

/** One workspace: finished runs created before now − days. */
export async function pruneWorkspaceRuns(
  db: Db,
  workspaceId: string,
  days: number,
  now: Date = new Date(),
  opts: { batchSize?: number; maxBatches?: number } = {},
): Promise<PruneResult> {
  const batchSize = opts.batchSize ?? RETENTION_BATCH;
  const maxBatches = opts.maxBatches ?? RETENTION_MAX_BATCHES;
  const cutoff = now.getTime() - days * DAY_MS;
  const result: PruneResult = { runs: 0, steps: 0, batches: 0 };
  while (result.batches < maxBatches) {
    const rows = await db.$queryRaw<Array<{ id: string }>>`
      SELECT r."id" AS "id" FROM "Run" r
      WHERE r."workspaceId" = ${workspaceId}
        AND r."status" IN (${finished()})
        AND ${tsColumn(db, 'r."createdAt"')} < ${tsValue(db, cutoff)}
        AND NOT EXISTS (SELECT 1 FROM "Run" p WHERE p."id" = r."parentRunId" AND p."status" NOT IN (${finished()}))
      ORDER BY r."createdAt" ASC
      LIMIT ${batchSize}`;
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.id);
    const deleted = await db.$transaction(async (tx) => {
      await tx.runData.deleteMany({ where: { runId: { in: ids } } });
      const steps = await tx.stepRun.deleteMany({ where: { runId: { in: ids }, workspaceId } });
      await tx.runEvent.deleteMany({ where: { runId: { in: ids } } });
      // The status condition again: only finished rows go, even if something changed since the select.
      const runs = await tx.run.deleteMany({ where: { id: { in: ids }, workspaceId, status: { in: [...FINISHED_RUN_STATUSES] } } });
      return { runs: runs.count, steps: steps.count };
    });
    result.runs += deleted.runs;
    result.steps += deleted.steps;
    result.batches += 1;
    if (rows.length < batchSize) break;
  }
  return result;
}

/** Every workspace with retention on. On SQLite, freed pages go back to the OS when auto_vacuum is INCREMENTAL. */
export async function runRetentionPass(db: Db, now: Date = new Date(), opts: { batchSize?: number; maxBatches?: number } = {}): Promise<RetentionPassResult> {
  const workspaces = await db.workspace.findMany({ where: { runRetentionDays: { not: null } }, select: { id: true, runRetentionDays: true } });
  const total: RetentionPassResult = { workspaces: 0, runs: 0, steps: 0, batches: 0 };
  for (const ws of workspaces) {
    if (!ws.runRetentionDays || ws.runRetentionDays < 1) continue;
    const r = await pruneWorkspaceRuns(db, ws.id, ws.runRetentionDays, now, opts);
    total.workspaces += 1;
    total.runs += r.runs;
    total.steps += r.steps;
    total.batches += r.batches;
  }
  if (total.runs > 0 && !isPostgres(db)) await incrementalVacuum(db);
  return total;
}

/** SQLite with auto_vacuum = INCREMENTAL: returns free pages to the OS (a no-op otherwise). */
export async function incrementalVacuum(db: Db): Promise<void> {
  // Through the driver: the pragma frees one page per step, and Prisma's raw query steps once.
  const conn = await sqliteConnectionOf(db);
  if (!conn) return;
  if (Number(conn.pragma("auto_vacuum", { simple: true })) === 2) conn.pragma("incremental_vacuum");
}
