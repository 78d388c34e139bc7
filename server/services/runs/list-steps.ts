import { getDb, type DbOrTx } from "@/server/db";
import { AppError, notFound, type Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import type { StepStatus } from "@/lib/statuses";
import { NO_PAYLOAD, STEP_META_SELECT, latestAttempts, toActionResult, type ActionResult } from "./normalize";
import { decodeCursor, encodeCursor } from "@/server/services/paging";
import { loadStepPayloads } from "./step-payloads";

/** Step payloads up to this many characters are inlined; larger ones: runs.step. */
export const INLINE_PAYLOAD_LIMIT = 32 * 1024;

export interface ListStepsInput {
  runId: string;
  nodeId?: string;
  status?: StepStatus[];
  cursor?: string;
  /** 1–200, default 50 */
  limit?: number;
}

export interface StepPage {
  /** Step attempts in start order; payloads above 32 KB are omitted (see runs.step). */
  items: ActionResult[];
  nextCursor: string | null;
}

export const MAX_STEPS_LIMIT = 200;

/**
 * Pages through the steps of one run in start order (startedAt, then id: stable
 * while the run adds steps). The run page loads its steps only this way; runs.get
 * carries per-node aggregates instead of rows.
 */
export async function listSteps(actor: Actor, input: ListStepsInput, db: DbOrTx = getDb()): Promise<StepPage> {
  assertCan(actor, "runs:read");
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_STEPS_LIMIT) {
    throw new AppError("BAD_REQUEST", `limit: must be a whole number from 1 to ${MAX_STEPS_LIMIT} (got ${limit})`, {
      issues: [{ field: "limit", message: `must be 1–${MAX_STEPS_LIMIT}` }],
    });
  }
  const run = await db.run.findFirst({ where: { id: input.runId, workspaceId: actor.workspaceId }, select: { id: true } });
  if (!run) throw notFound("Run");
  return readStepPage(db, actor.workspaceId, run.id, { ...input, limit });
}

/** One page of a run's steps; the caller has checked access to the run. */
export async function readStepPage(
  db: DbOrTx,
  workspaceId: string,
  runId: string,
  input: Omit<ListStepsInput, "runId"> & { limit: number },
): Promise<StepPage> {
  const limit = input.limit;
  const run = { id: runId };
  const actor = { workspaceId };
  const after = input.cursor ? decodeCursor(input.cursor) : null;

  const rows = await db.stepRun.findMany({
    where: {
      runId: run.id,
      workspaceId: actor.workspaceId,
      ...(input.nodeId ? { nodeId: input.nodeId } : {}),
      ...(input.status && input.status.length > 0 ? { status: { in: input.status } } : {}),
      ...(after ? { OR: [{ startedAt: { gt: after.at } }, { startedAt: after.at, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    take: limit + 1,
    select: STEP_META_SELECT,
  });
  const page = rows.slice(0, limit);

  const keys = [...new Set(page.map((s) => s.idempotencyKey))];
  const attempts =
    keys.length === 0
      ? []
      : await db.stepRun.findMany({
          where: { runId: run.id, idempotencyKey: { in: keys } },
          select: { idempotencyKey: true, attempt: true },
        });
  const latest = latestAttempts(attempts);
  const payloads = await loadStepPayloads(db, run.id, page.map((s) => s.id), INLINE_PAYLOAD_LIMIT);
  const last = page[page.length - 1];
  return {
    items: page.map((s) => toActionResult(s, payloads.get(s.id) ?? NO_PAYLOAD, latest)),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.startedAt, id: last.id }) : null,
  };
}
