import type { Db } from "@/server/db";
import type { RunStatus } from "@/lib/statuses";
import { claimedRunFromRow, fence, runSets, sql, stepInsert, stepUpdateSets } from "./run-store-sql";
import type { CommitResult, RunStore } from "./store";

/**
 * PostgreSQL hot path of the run store: claim and per-step commit as ONE
 * statement each (data-modifying CTEs), so each is a single round trip and a
 * single autocommit (one WAL flush, shared between concurrent runs by group
 * commit) instead of an interactive transaction.
 */
type HotPath = Pick<RunStore, "claim" | "commit">;

export function createPostgresHotPath(db: Db, fenceOutcome: (runId: string, token: string) => Promise<CommitResult>): HotPath {
  return {
    async claim(runId, owner, token, leaseMs, now) {
      // The CTE locks the row, so the due check and the update see the same version.
      const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
        WITH prev AS (SELECT "id", "status" FROM "Run" WHERE "id" = ${runId} FOR UPDATE)
        UPDATE "Run" r SET "status" = 'RUNNING', "leaseOwner" = ${owner}, "leaseToken" = ${token},
          "leaseExpiresAt" = ${new Date(now.getTime() + leaseMs)}, "wakeAt" = NULL, "waitKind" = NULL,
          "claimCount" = r."claimCount" + 1, "updatedAt" = ${now}
        FROM prev
        WHERE r."id" = prev."id" AND (
          (prev."status" = 'QUEUED' AND (r."wakeAt" IS NULL OR r."wakeAt" <= ${now})) OR
          (prev."status" = 'PAUSED' AND r."wakeAt" <= ${now}) OR
          (prev."status" = 'RUNNING' AND r."leaseExpiresAt" < ${now}))
        RETURNING r."workspaceId", r."automationId", r."versionId", r."graphSnapshot", r."conditionsSnapshot", r."triggerData",
          r."state", r."cancelRequested", r."parentRunId", r."startedAt", prev."status" AS "prevStatus"`;
      const row = rows[0];
      if (!row) return null;
      const claimed = claimedRunFromRow(runId, row, row.prevStatus as RunStatus, token);
      return claimed;
    },

    async commit(runId, token, patch, step, opts) {
      const update = sql`UPDATE "Run" SET ${runSets(patch, new Date())} WHERE ${fence(runId, token, opts?.ignoreCancel === true)} RETURNING "id"`;
      let write = sql`SELECT 1`;
      if (step?.existing) {
        write = sql`UPDATE "StepRun" SET ${stepUpdateSets(step)}
          WHERE "runId" = ${runId} AND "idempotencyKey" = ${step.idempotencyKey} AND "attempt" = ${step.attempt} AND EXISTS (SELECT 1 FROM u)`;
      } else if (step) {
        const { names, values } = stepInsert(runId, step);
        write = sql`INSERT INTO "StepRun" (${names}) SELECT ${values} FROM u`;
      }
      const rows = await db.$queryRaw<Array<{ updated: bigint | number }>>`
        WITH u AS (${update}), w AS (${write} ${step ? sql`RETURNING 1` : sql``})
        SELECT (SELECT count(*) FROM u) AS "updated"`;
      return Number(rows[0]?.updated ?? 0) === 1 ? "ok" : fenceOutcome(runId, token);
    },
  };
}
