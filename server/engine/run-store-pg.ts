import pg from "pg";
import { pgPoolOf, type Db } from "@/server/db";
import type { RunStatus } from "@/lib/statuses";
import { Prisma } from "@/server/db/generated/sqlite/client";
import { stepRowId } from "./step-id";
import { runEventFor } from "./platform-events";
import {
  CLAIM_COLUMNS, claimOrder, claimReason, claimedRunFromRow, dueQueued, dueTimers, fence, runSets, sql, stepInsert, stepUpdateSets, takeoverPrefix, triggerDataExpr,
} from "./run-store-sql";
import { stepList, type ClaimedRun, type CommitResult, type RunStore } from "./store";

/**
 * PostgreSQL hot path of the run store: claim and per-step commit as ONE
 * statement each (data-modifying CTEs), so each is a single round trip and a
 * single autocommit (one WAL flush, shared between concurrent runs by group
 * commit) instead of an interactive transaction. The claim of the next due run
 * takes the first row nobody else has locked (FOR UPDATE SKIP LOCKED), so
 * workers claiming at the same time get different runs instead of racing.
 */
type HotPath = Pick<RunStore, "claim" | "commit">;

/**
 * The statements go straight to the client's pg pool, not through Prisma: the
 * ORM's per-query work (argument and result mapping) was a fifth of a worker's
 * CPU on an I/O-bound run (bench:scale). Each distinct statement text becomes a
 * named prepared statement, so PostgreSQL parses and plans it once per
 * connection instead of on every step; the commit's text depends only on the
 * patch's shape, so there are few. Past MAX_NAMED texts (a bound on server
 * memory per connection) statements run unnamed.
 */
const MAX_NAMED = 200;
const statementNames = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_NAMED) {
    name = `switchyard_hot_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Dates as Prisma writes them: UTC (TIMESTAMP(3) columns have no zone; the "Z" is ignored on input). */
const toParam = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);
const TIMESTAMP_OID = 1114;
/** TIMESTAMP(3) values are UTC (as Prisma reads them); pg's default would read them in the process's zone. */
const parseUtcTimestamp = (text: string): Date => new Date(`${text.replace(" ", "T")}Z`);
const types: NonNullable<pg.QueryConfig["types"]> = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary" ? parseUtcTimestamp : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

function poolQuery(db: Db) {
  return async <T extends pg.QueryResultRow>(statement: Prisma.Sql): Promise<T[]> => {
    const pool = await pgPoolOf(db);
    if (!pool) throw new Error("The PostgreSQL client has no pool");
    const text = statement.text;
    const name = statementName(text);
    const result = await pool.query<T>({ text, values: statement.values.map(toParam), types, ...(name ? { name } : {}) });
    return result.rows;
  };
}

const RETURNING = Prisma.raw(
  CLAIM_COLUMNS.filter((c) => c !== "status" && c !== "takeovers")
    .map((c) => (c === "triggerData" ? triggerDataExpr("r") : `r."${c}"`))
    .join(", "),
);

export function createPostgresHotPath(db: Db, fenceOutcome: (runId: string, token: string) => Promise<CommitResult>): HotPath {
  const query = poolQuery(db);
  async function claimWhere(where: Prisma.Sql, order: Prisma.Sql, owner: string, token: string, leaseMs: number, now: Date): Promise<ClaimedRun | null> {
    const rows = await query<Record<string, unknown>>(sql`
      WITH prev AS (SELECT "id", "status", "takeovers" FROM "Run" WHERE ${where} ${order} FOR UPDATE SKIP LOCKED),
      upd AS (
        UPDATE "Run" r SET "status" = 'RUNNING', "leaseOwner" = ${owner}, "leaseToken" = ${token},
          "leaseExpiresAt" = ${new Date(now.getTime() + leaseMs)}, "wakeAt" = NULL, "waitKind" = NULL,
          "claimCount" = r."claimCount" + 1,
          "takeovers" = CASE WHEN prev."status" = 'RUNNING' THEN prev."takeovers" + 1 ELSE prev."takeovers" END,
          "updatedAt" = ${now}
        FROM prev WHERE r."id" = prev."id"
        RETURNING ${RETURNING}, r."takeovers", prev."status" AS "prevStatus"),
      ev AS (
        INSERT INTO "RunEvent" ("id", "runId", "workspaceId", "fromStatus", "toStatus", "actor", "reason", "at")
        SELECT ${stepRowId()}::text, "id", "workspaceId", "prevStatus", 'RUNNING', ${`engine:${owner}`}::text,
          CASE WHEN "prevStatus" = 'RUNNING' THEN ${takeoverPrefix(owner)}::text || ' (takeover ' || "takeovers" || ' in a row)'
               WHEN "prevStatus" = 'PAUSED' THEN ${claimReason("PAUSED", owner, 0)}
               WHEN "prevStatus" = 'WAITING_FOR_CHILD' THEN ${claimReason("WAITING_FOR_CHILD", owner, 0)}
               ELSE ${claimReason("QUEUED", owner, 0)} END,
          ${now}
        FROM upd)
      SELECT * FROM upd`);
    const row = rows[0];
    if (!row) return null;
    return claimedRunFromRow(row.id as string, row, row.prevStatus as RunStatus, token, Number(row.takeovers));
  }

  return {
    async claim(target, owner, token, leaseMs, now) {
      if (target.runId) {
        const due = sql`"id" = ${target.runId} AND (${dueTimers(now)} OR ${dueQueued(now)})`;
        return claimWhere(due, sql``, owner, token, leaseMs, now);
      }
      return (
        (await claimWhere(dueTimers(now), claimOrder, owner, token, leaseMs, now)) ??
        (await claimWhere(dueQueued(now), claimOrder, owner, token, leaseMs, now))
      );
    },

    async commit(runId, token, patch, steps, opts) {
      const now = new Date();
      const update = sql`UPDATE "Run" SET ${runSets(patch, now)} WHERE ${fence(runId, token, opts?.ignoreCancel === true)} RETURNING "id", "workspaceId", "automationId"`;
      const parts: Prisma.Sql[] = [sql`u AS (${update})`];
      stepList(steps).forEach((step, i) => {
        const w = Prisma.raw(`w${i}`);
        if (step.existing) {
          parts.push(sql`${w} AS (UPDATE "StepRun" SET ${stepUpdateSets(step)}
            WHERE "runId" = ${runId} AND "idempotencyKey" = ${step.idempotencyKey} AND "attempt" = ${step.attempt} AND EXISTS (SELECT 1 FROM u) RETURNING 1)`);
        } else {
          const { names, values } = stepInsert(runId, step);
          parts.push(sql`${w} AS (INSERT INTO "StepRun" (${names}) SELECT ${values} FROM u RETURNING 1)`);
        }
      });
      (patch.data ?? []).forEach((d, i) => {
        parts.push(sql`${Prisma.raw(`d${i}`)} AS (INSERT INTO "RunData" ("runId", "key", "value", "createdAt") SELECT ${runId}::text, ${d.key}::text, ${d.value}::text, ${now} FROM u
          ON CONFLICT ("runId", "key") DO UPDATE SET "value" = excluded."value" RETURNING 1)`);
      });
      const t = patch.transition;
      if (t) {
        parts.push(sql`e AS (INSERT INTO "RunEvent" ("id", "runId", "workspaceId", "fromStatus", "toStatus", "actor", "reason", "at")
          SELECT ${stepRowId()}::text, "id", "workspaceId", ${t.from}::text, ${t.to}::text, ${t.actor}::text, ${t.reason}::text, ${now} FROM u RETURNING 1)`);
      }
      const ev = runEventFor(t, patch, now);
      if (ev) {
        // The outbox row only when the workspace subscribes to this type (platform-events.ts), in the same statement.
        parts.push(sql`pe AS (INSERT INTO "PlatformEvent" ("id", "workspaceId", "type", "runId", "automationId", "data", "occurredAt")
          SELECT ${ev.id}::text, u."workspaceId", ${ev.type}::text, u."id", u."automationId", ${ev.data}::text, ${now} FROM u
          WHERE EXISTS (SELECT 1 FROM "WebhookSubscription" s WHERE s."workspaceId" = u."workspaceId" AND s."active" = true
            AND (s."events" = '*' OR s."events" LIKE ${ev.pattern})) RETURNING 1)`);
      }
      const rows = await query<{ updated: string | number }>(sql`
        WITH ${Prisma.join(parts, ", ")} SELECT (SELECT count(*) FROM u) AS "updated"`);
      return Number(rows[0]?.updated ?? 0) === 1 ? "ok" : fenceOutcome(runId, token);
    },
  };
}
