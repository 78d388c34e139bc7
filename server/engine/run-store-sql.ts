import { Prisma } from "@/server/db/generated/sqlite/client";
import { stepRowId } from "./step-id";
import type { JsonValue } from "./contract";
import type { RunStatus } from "@/lib/statuses";
import { parseState } from "./state";
import type { ClaimedRun, RunPatch, RunTransition, StepRecord } from "./store";

/**
 * SQL shared by the run stores. The claim rule and the step columns live here
 * once: as plain text (SQLite hot path, `?` placeholders) and as Prisma.Sql
 * (portable and PostgreSQL paths: quoted identifiers and bound parameters only,
 * valid on SQLite and PostgreSQL).
 */
export const { sql, join, empty } = Prisma;

/** Run columns a claim reads. */
export const CLAIM_COLUMNS = [
  "id", "workspaceId", "automationId", "versionId", "graphSnapshot", "conditionsSnapshot", "triggerData", "state",
  "cancelRequested", "parentRunId", "status", "startedAt", "claimCount", "takeovers", "triggerType",
] as const;
/**
 * Trigger data above this size is stored once in a RunData row (key "trigger") and
 * Run.triggerData holds a small marker: SQLite rewrites the whole row on every
 * per-step UPDATE, so a large payload in the row would be copied with each step.
 */
export const TRIGGER_INLINE_LIMIT = 4096;
export const TRIGGER_DATA_KEY = "trigger";
export const TRIGGER_MARKER_PREFIX = '{"$stored":"RunData"';

/** What goes into Run.triggerData, and the payload to store as RunData when it is too large for the row. */
export function splitTriggerData(text: string): { inline: string; stored: string | null } {
  if (text.length <= TRIGGER_INLINE_LIMIT) return { inline: text, stored: null };
  return { inline: JSON.stringify({ $stored: "RunData", key: TRIGGER_DATA_KEY, bytes: Buffer.byteLength(text, "utf8") }), stored: text };
}

/** Run.triggerData is the marker written by splitTriggerData (the payload is in RunData). */
export function isStoredTriggerData(inline: string): boolean {
  return inline.startsWith(TRIGGER_MARKER_PREFIX);
}
/** Run.triggerData, or the stored payload when it was moved out (alias: the Run table's alias or name). */
export function triggerDataExpr(alias: string): string {
  return `COALESCE((SELECT d."value" FROM "RunData" d WHERE d."runId" = ${alias}."id" AND d."key" = '${TRIGGER_DATA_KEY}'), ${alias}."triggerData") AS "triggerData"`;
}
export const CLAIM_COLUMNS_SQL = CLAIM_COLUMNS.map((c) => (c === "triggerData" ? triggerDataExpr(`"Run"`) : `"${c}"`)).join(", ");

/**
 * The claim rule, in two parts tried in this order:
 * 1. takeovers and timers: RUNNING with an expired lease; PAUSED or WAITING_FOR_CHILD with a passed timer;
 * 2. QUEUED runs whose timer (retry backoff) passed or that have none.
 * Within each part: priority (high first), then oldest first — served by the
 * (status, priority DESC, createdAt) index for the QUEUED part.
 */
export const DUE_TIMERS_SQL = `(("status" = 'RUNNING' AND "leaseExpiresAt" < ?) OR ("status" IN ('PAUSED', 'WAITING_FOR_CHILD') AND "wakeAt" <= ?))`;
export const DUE_QUEUED_SQL = `("status" = 'QUEUED' AND ("wakeAt" IS NULL OR "wakeAt" <= ?))`;
export const CLAIM_ORDER_SQL = `ORDER BY "priority" DESC, "createdAt" ASC LIMIT 1`;

export const dueTimers = (now: Date): Prisma.Sql => new Prisma.Sql(DUE_TIMERS_SQL.split("?"), [now, now]);
export const dueQueued = (now: Date): Prisma.Sql => new Prisma.Sql(DUE_QUEUED_SQL.split("?"), [now]);
export const claimOrder = Prisma.raw(CLAIM_ORDER_SQL);

/** The claim rule for one row (the portable path re-checks what it read). */
export function isClaimable(status: RunStatus, wakeAt: Date | null, leaseExpiresAt: Date | null, now: Date): boolean {
  return (
    (status === "QUEUED" && (!wakeAt || wakeAt <= now)) ||
    ((status === "PAUSED" || status === "WAITING_FOR_CHILD") && wakeAt !== null && wakeAt <= now) ||
    (status === "RUNNING" && leaseExpiresAt !== null && leaseExpiresAt < now)
  );
}

export const takeoverPrefix = (owner: string): string => `lease of the previous worker expired; taken over by ${owner}`;

export function claimReason(prev: RunStatus, owner: string, takeovers: number): string {
  if (prev === "RUNNING") return `${takeoverPrefix(owner)} (takeover ${takeovers} in a row)`;
  if (prev === "PAUSED") return "timer passed";
  if (prev === "WAITING_FOR_CHILD") return "checking on the child run (safety timer)";
  return `claimed by ${owner}`;
}

export function runSets(p: RunPatch, now: Date): Prisma.Sql {
  const sets: Prisma.Sql[] = [
    sql`"state" = ${p.state}`,
    sql`"stepCount" = ${p.stepCount}`,
    sql`"failedStepCount" = ${p.failedStepCount}`,
    sql`"takeovers" = 0`,
    sql`"updatedAt" = ${now}`,
  ];
  if (p.skippedStepCount !== undefined) sets.push(sql`"skippedStepCount" = ${p.skippedStepCount}`);
  if (p.status !== undefined) sets.push(sql`"status" = ${p.status}`);
  if (p.wakeAt !== undefined) sets.push(sql`"wakeAt" = ${p.wakeAt}`);
  if (p.waitKind !== undefined) sets.push(sql`"waitKind" = ${p.waitKind}`);
  if (p.waitTokenHash !== undefined) sets.push(sql`"waitTokenHash" = ${p.waitTokenHash}`);
  if (p.error !== undefined) sets.push(sql`"error" = ${p.error}`);
  if (p.errorCode !== undefined) sets.push(sql`"errorCode" = ${p.errorCode}`);
  if (p.startedAt !== undefined) sets.push(sql`"startedAt" = ${p.startedAt}`);
  if (p.finishedAt !== undefined) sets.push(sql`"finishedAt" = ${p.finishedAt}`);
  if (p.conditionsResult !== undefined) sets.push(sql`"conditionsResult" = ${p.conditionsResult}`);
  if (p.leaseExpiresAt !== undefined) sets.push(sql`"leaseExpiresAt" = ${p.leaseExpiresAt}`);
  if (p.releaseLease) sets.push(sql`"leaseOwner" = NULL`, sql`"leaseToken" = NULL`, sql`"leaseExpiresAt" = NULL`);
  return join(sets, ", ");
}

/** The StepRun columns written after the key columns, in one order for every store. */
export const STEP_VALUE_COLUMNS = [
  "status", "request", "response", "responseTruncated", "handle", "error", "errorCode", "warnings", "startedAt", "finishedAt", "durationMs",
] as const;
export const STEP_KEY_COLUMNS = ["id", "runId", "workspaceId", "nodeId", "nodeType", "nodeName", "iteration", "attempt", "idempotencyKey"] as const;

export function stepValues(s: StepRecord): unknown[] {
  return [s.status, s.request, s.response, s.responseTruncated, s.handle, s.error, s.errorCode, s.warnings, s.startedAt, s.finishedAt, s.durationMs];
}
export function stepKeyValues(runId: string, s: StepRecord): unknown[] {
  return [stepRowId(), runId, s.workspaceId, s.nodeId, s.nodeType, s.nodeName, s.iteration, s.attempt, s.idempotencyKey];
}

export function stepWrite(runId: string, s: StepRecord): Prisma.Sql {
  if (s.existing) {
    return sql`UPDATE "StepRun" SET ${stepUpdateSets(s)} WHERE "runId" = ${runId} AND "idempotencyKey" = ${s.idempotencyKey} AND "attempt" = ${s.attempt}`;
  }
  const { names, values } = stepInsert(runId, s);
  return sql`INSERT INTO "StepRun" (${names}) VALUES (${values})`;
}

/** Column list and values of a new StepRun row. */
export function stepInsert(runId: string, s: StepRecord): { names: Prisma.Sql; values: Prisma.Sql } {
  const names = [...STEP_KEY_COLUMNS, ...STEP_VALUE_COLUMNS];
  return { names: Prisma.raw(names.map((k) => `"${k}"`).join(", ")), values: join([...stepKeyValues(runId, s), ...stepValues(s)]) };
}

export function stepUpdateSets(s: StepRecord): Prisma.Sql {
  const values = stepValues(s);
  return join(STEP_VALUE_COLUMNS.map((k, i) => sql`${Prisma.raw(`"${k}"`)} = ${values[i]}`), ", ");
}

/**
 * Appends a transition to the run's history; the workspace id is read from the run row.
 * One statement for every store (CAST: PostgreSQL cannot infer parameter types in a SELECT list).
 */
export const INSERT_EVENT_SQL = `INSERT INTO "RunEvent" ("id", "runId", "workspaceId", "fromStatus", "toStatus", "actor", "reason", "at")
  SELECT CAST(? AS TEXT), "id", "workspaceId", CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ? FROM "Run" WHERE "id" = ?`;
export function eventParams(runId: string, t: RunTransition, at: Date): unknown[] {
  return [stepRowId(at.getTime()), t.from, t.to, t.actor, t.reason, at, runId];
}
export function eventInsert(runId: string, t: RunTransition, at: Date): Prisma.Sql {
  return new Prisma.Sql(INSERT_EVENT_SQL.split("?"), eventParams(runId, t, at));
}

/** Writes a RunData value (a retried step writes the same key again). Parameters: runId, key, value, createdAt. */
export const UPSERT_DATA_SQL = `INSERT INTO "RunData" ("runId", "key", "value", "createdAt") VALUES (?, ?, ?, ?)
  ON CONFLICT ("runId", "key") DO UPDATE SET "value" = excluded."value"`;
export function dataUpsert(runId: string, key: string, value: string, at: Date): Prisma.Sql {
  return new Prisma.Sql(UPSERT_DATA_SQL.split("?"), [runId, key, value, at]);
}

/** A Date as Prisma's SQLite adapter writes it (ISO-8601 with "+00:00"). */
export const sqliteIso = (d: Date): string => d.toISOString().replace("Z", "+00:00");
/** A value as Prisma's SQLite adapter writes it: dates as ISO text, booleans 0/1, undefined as NULL. */
export const sqliteValue = (v: unknown): unknown => (v instanceof Date ? sqliteIso(v) : typeof v === "boolean" ? (v ? 1 : 0) : v === undefined ? null : v);

/** Lease fence: the run row still carries our token (and, unless ignored, no cancel request). */
export function fence(runId: string, token: string, ignoreCancel: boolean): Prisma.Sql {
  return ignoreCancel ? sql`"id" = ${runId} AND "leaseToken" = ${token}` : sql`"id" = ${runId} AND "leaseToken" = ${token} AND "cancelRequested" = false`;
}

/** Newest row per node that later steps see: succeeded, or failed and continued (continue-on-error rows carry a handle). */
export const STEP_OUTPUTS_SQL = `SELECT "nodeId", "status", "response", "error", "errorCode" FROM (
    SELECT "nodeId", "status", "response", "error", "errorCode",
      ROW_NUMBER() OVER (PARTITION BY "nodeId" ORDER BY "startedAt" DESC, "id" DESC) AS "rn"
    FROM "StepRun" WHERE "runId" = ? AND ("status" = 'SUCCEEDED' OR ("status" = 'FAILED' AND "handle" IS NOT NULL))
  ) AS "latest" WHERE "rn" = 1`;

export const INTERRUPTED_ERROR = "Interrupted: the worker stopped while this step was running; it is retried with the same idempotency key";
export const HANDED_BACK_ERROR =
  "Interrupted: the worker shut down before this step finished (SHUTDOWN_GRACE_MS) and handed the run back; it is retried with the same idempotency key";

export function parseJson(text: string | null, fallback: JsonValue): JsonValue {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return fallback;
  }
}

export const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
export const asBool = (v: unknown): boolean => v === true || v === 1 || v === 1n || v === "1" || v === "true";
const asInt = (v: unknown): number => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : Number(v ?? 0));

/** A claimed Run row from raw SQL (any provider) as the engine's ClaimedRun; `takeovers` is the value after the claim. */
export function claimedRunFromRow(runId: string, row: Record<string, unknown>, prevStatus: RunStatus, leaseToken: string, takeovers: number): ClaimedRun {
  return {
    id: runId,
    workspaceId: row.workspaceId as string,
    automationId: row.automationId as string,
    versionId: (row.versionId as string | null) ?? null,
    graphSnapshot: (row.graphSnapshot as string | null) ?? null,
    conditionsSnapshot: (row.conditionsSnapshot as string | null) ?? null,
    triggerData: parseJson(row.triggerData as string, {}),
    state: parseState(row.state as string),
    cancelRequested: asBool(row.cancelRequested),
    parentRunId: (row.parentRunId as string | null) ?? null,
    triggerType: typeof row.triggerType === "string" ? row.triggerType : undefined,
    prevStatus,
    startedAt: asDate(row.startedAt),
    leaseToken,
    takeovers,
  };
}

/** takeovers after a claim from `prev` (a claim of a RUNNING run is a takeover). */
export function takeoversAfter(prev: RunStatus, before: unknown): number {
  return prev === "RUNNING" ? asInt(before) + 1 : asInt(before);
}
export { asInt };
