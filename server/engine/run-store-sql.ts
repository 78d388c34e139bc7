import { Prisma } from "@/server/db/generated/sqlite/client";
import { stepRowId } from "./step-id";
import type { JsonValue } from "./contract";
import type { RunStatus } from "@/lib/statuses";
import { parseState } from "./state";
import type { ClaimedRun, RunPatch, StepRecord } from "./store";

/**
 * SQL fragments shared by the Prisma-based run stores (portable and PostgreSQL):
 * quoted identifiers and bound parameters only, valid on SQLite and PostgreSQL.
 */
export const { sql, join, empty } = Prisma;

export function runSets(p: RunPatch, now: Date): Prisma.Sql {
  const sets: Prisma.Sql[] = [
    sql`"state" = ${p.state}`,
    sql`"stepCount" = ${p.stepCount}`,
    sql`"failedStepCount" = ${p.failedStepCount}`,
    sql`"updatedAt" = ${now}`,
  ];
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

export function stepValues(s: StepRecord): Array<[string, unknown]> {
  return [
    ["status", s.status],
    ["request", s.request],
    ["response", s.response],
    ["responseTruncated", s.responseTruncated],
    ["handle", s.handle],
    ["error", s.error],
    ["errorCode", s.errorCode],
    ["warnings", s.warnings],
    ["startedAt", s.startedAt],
    ["finishedAt", s.finishedAt],
    ["durationMs", s.durationMs],
  ];
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
  const cols: Array<[string, unknown]> = [
    ["id", stepRowId()],
    ["runId", runId],
    ["workspaceId", s.workspaceId],
    ["nodeId", s.nodeId],
    ["nodeType", s.nodeType],
    ["nodeName", s.nodeName],
    ["iteration", s.iteration],
    ["attempt", s.attempt],
    ["idempotencyKey", s.idempotencyKey],
    ...stepValues(s),
  ];
  return { names: Prisma.raw(cols.map(([k]) => `"${k}"`).join(", ")), values: join(cols.map(([, v]) => v)) };
}

export function stepUpdateSets(s: StepRecord): Prisma.Sql {
  return join(stepValues(s).map(([k, v]) => sql`${Prisma.raw(`"${k}"`)} = ${v}`), ", ");
}

/** Lease fence: the run row still carries our token (and, unless ignored, no cancel request). */
export function fence(runId: string, token: string, ignoreCancel: boolean): Prisma.Sql {
  return ignoreCancel ? sql`"id" = ${runId} AND "leaseToken" = ${token}` : sql`"id" = ${runId} AND "leaseToken" = ${token} AND "cancelRequested" = false`;
}

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

/** The claim rule: QUEUED and due, PAUSED with a passed timer, or RUNNING whose lease expired. */
export function isClaimable(status: RunStatus, wakeAt: Date | null, leaseExpiresAt: Date | null, now: Date): boolean {
  return (
    (status === "QUEUED" && (!wakeAt || wakeAt <= now)) ||
    (status === "PAUSED" && wakeAt !== null && wakeAt <= now) ||
    (status === "RUNNING" && leaseExpiresAt !== null && leaseExpiresAt < now)
  );
}

/** A claimed Run row from raw SQL (any provider) as the engine's ClaimedRun. */
export function claimedRunFromRow(runId: string, row: Record<string, unknown>, prevStatus: RunStatus, leaseToken: string): ClaimedRun {
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
    prevStatus,
    startedAt: asDate(row.startedAt),
    leaseToken,
  };
}
