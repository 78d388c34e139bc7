import type { Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import type { Role } from "@/lib/roles";
import { createAutomation } from "@/server/services/automations/create-automation";
import { createCallerFactory, router } from "@/server/trpc/init";
import { runsRouter } from "@/server/trpc/routers/runs";
import type { TestWorkspace } from "@/server/testing/db";

/** Shared fixtures for the runs and versions tests (real DB rows, no mocks). */

export function actors(ws: TestWorkspace) {
  const make = (userId: string, workspaceId: string, role: Role): Actor => ({ userId, workspaceId, role });
  return {
    admin: make(ws.adminId, ws.workspaceId, "ADMIN"),
    specialist: make(ws.specialistId, ws.workspaceId, "SPECIALIST"),
    other: make(ws.otherAdminId, ws.otherWorkspaceId, "ADMIN"),
  };
}

const createCaller = createCallerFactory(router({ runs: runsRouter }));

export function sessionOf(actor: Actor) {
  return { userId: actor.userId, email: `${actor.userId}@test.local`, name: actor.userId, workspaceId: actor.workspaceId, role: actor.role };
}

/** A tRPC caller for the runs router, signed in as `actor`. */
export function callerFor(db: Db, actor: Actor) {
  return createCaller({ db, session: sessionOf(actor) });
}

export async function newAutomation(db: Db, actor: Actor, name = "Order follow-up"): Promise<string> {
  const a = await createAutomation(actor, { name }, db);
  return a.id;
}

let seq = 0;

export interface RunRowInput {
  automationId: string;
  workspaceId: string;
  status?: string;
  triggerType?: string;
  isTest?: boolean;
  versionId?: string | null;
  versionNumber?: number | null;
  graphSnapshot?: string | null;
  conditionsSnapshot?: string | null;
  conditionsResult?: string | null;
  createdAt?: Date;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  parentRunId?: string | null;
  triggerData?: string;
  state?: string;
  error?: string | null;
}

/** Inserts a Run row directly (read-side tests do not need the engine). */
export async function insertRun(db: Db, input: RunRowInput): Promise<string> {
  seq += 1;
  const run = await db.run.create({
    data: {
      automationId: input.automationId,
      workspaceId: input.workspaceId,
      status: input.status ?? "COMPLETED",
      triggerType: input.triggerType ?? "manual",
      isTest: input.isTest ?? false,
      versionId: input.versionId ?? null,
      versionNumber: input.versionNumber ?? null,
      graphSnapshot: input.graphSnapshot ?? null,
      conditionsSnapshot: input.conditionsSnapshot ?? null,
      conditionsResult: input.conditionsResult ?? null,
      idempotencyKey: `test-${Date.now()}-${seq}-${Math.random().toString(36).slice(2)}`,
      createdAt: input.createdAt ?? new Date(),
      startedAt: input.startedAt ?? null,
      finishedAt: input.finishedAt ?? null,
      parentRunId: input.parentRunId ?? null,
      triggerData: input.triggerData ?? "{}",
      state: input.state ?? "{}",
      error: input.error ?? null,
    },
    select: { id: true },
  });
  return run.id;
}

export interface StepRowInput {
  nodeId: string;
  nodeType?: string;
  nodeName?: string;
  status: string;
  attempt?: number;
  iteration?: string;
  request?: unknown;
  response?: unknown;
  /** Raw stored response text (overrides `response`). */
  responseText?: string;
  responseTruncated?: boolean;
  handle?: string | null;
  error?: string | null;
  warnings?: string[];
  startedAt: Date;
  durationMs?: number;
}

export async function insertStep(db: Db, runId: string, workspaceId: string, s: StepRowInput): Promise<string> {
  const finishedAt = s.durationMs === undefined ? null : new Date(s.startedAt.getTime() + s.durationMs);
  const row = await db.stepRun.create({
    data: {
      runId,
      workspaceId,
      nodeId: s.nodeId,
      nodeType: s.nodeType ?? "set_variables",
      nodeName: s.nodeName ?? s.nodeId,
      iteration: s.iteration ?? "",
      attempt: s.attempt ?? 1,
      status: s.status,
      idempotencyKey: `${runId}:${s.nodeId}:${s.iteration ?? ""}`,
      request: s.request === undefined ? null : JSON.stringify(s.request),
      response: s.responseText ?? (s.response === undefined ? null : JSON.stringify(s.response)),
      responseTruncated: s.responseTruncated ?? false,
      handle: s.handle ?? null,
      error: s.error ?? null,
      warnings: s.warnings ? JSON.stringify(s.warnings) : null,
      startedAt: s.startedAt,
      finishedAt,
      durationMs: s.durationMs ?? null,
    },
    select: { id: true },
  });
  return row.id;
}

/** Captures the rejection of a promise (tests assert on code/message/details). */
export async function rejection(p: Promise<unknown>): Promise<{ code?: string; message: string; details?: Record<string, unknown>; cause?: unknown }> {
  try {
    await p;
  } catch (error) {
    const e = error as { code?: string; message: string; details?: Record<string, unknown>; cause?: unknown };
    return e;
  }
  throw new Error("expected the promise to reject, but it resolved");
}
