import { Prisma } from "@/server/db/generated/sqlite/client";
import { RUN_STATUS_EVENTS, type PlatformEventType } from "@/lib/platform-events/catalog";
import { stepRowId } from "./step-id";
import type { RunPatch, RunTransition } from "./store";

/**
 * The outbox of platform events (issue 14), as the run store writes it: ONE
 * statement in the transaction of the run's status change, which inserts the
 * event row only when the workspace has an active subscription for its type
 * (an EXISTS on the (workspaceId, active) index, evaluated in the same
 * statement, so a subscription committed before the transition is seen).
 * Workspaces without subscriptions pay one indexed lookup and write nothing.
 * The delivery loop (server/services/webhook-subscriptions) fans events out.
 */
export const newEventId = (at: Date = new Date()): string => `evt_${stepRowId(at.getTime())}`;

/** The subscription check for a workspace expression; one parameter: the LIKE pattern of the type. */
export const subscribedSql = (workspaceExpr: string): string =>
  `EXISTS (SELECT 1 FROM "WebhookSubscription" s WHERE s."workspaceId" = ${workspaceExpr} AND s."active" = true AND (s."events" = '*' OR s."events" LIKE ?))`;
export const typePattern = (type: PlatformEventType): string => `%,${type},%`;

/**
 * Inserts a run event read from the Run row (workspace, automation).
 * Parameters (runEventParams): id, type, data, occurredAt, runId, pattern.
 */
export const INSERT_RUN_EVENT_SQL = `INSERT INTO "PlatformEvent" ("id", "workspaceId", "type", "runId", "automationId", "data", "occurredAt")
  SELECT CAST(? AS TEXT), r."workspaceId", CAST(? AS TEXT), r."id", r."automationId", CAST(? AS TEXT), ? FROM "Run" r
  WHERE r."id" = ? AND ${subscribedSql(`r."workspaceId"`)}`;

export interface RunEventRow {
  id: string;
  type: PlatformEventType;
  /** JSON text: the run event's data without run_id / automation_id (taken from the row) */
  data: string;
  pattern: string;
}

/** The event a transition emits (null for transitions without one: QUEUED, RUNNING, WAITING_FOR_CHILD). */
export function runEventFor(t: RunTransition | undefined, patch: Partial<RunPatch>, at: Date): RunEventRow | null {
  if (!t) return null;
  const type = RUN_STATUS_EVENTS[t.to];
  if (!type) return null;
  const data = {
    status: t.to,
    previous_status: t.from,
    reason: t.reason,
    error: patch.error ?? null,
    error_code: patch.errorCode ?? null,
    step_count: patch.stepCount ?? null,
    failed_step_count: patch.failedStepCount ?? null,
    finished_at: patch.finishedAt ? patch.finishedAt.toISOString() : null,
    wait_kind: patch.waitKind ?? null,
    wake_at: patch.wakeAt ? patch.wakeAt.toISOString() : null,
  };
  return { id: newEventId(at), type, data: JSON.stringify(data), pattern: typePattern(type) };
}

export function runEventParams(runId: string, e: RunEventRow, at: Date): unknown[] {
  return [e.id, e.type, e.data, at, runId, e.pattern];
}

export function runEventInsert(runId: string, e: RunEventRow, at: Date): Prisma.Sql {
  return new Prisma.Sql(INSERT_RUN_EVENT_SQL.split("?"), runEventParams(runId, e, at));
}
