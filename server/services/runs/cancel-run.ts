import { getDb, type Db } from "@/server/db";
import { FINISHED_RUN_STATUSES, type RunStatus } from "@/lib/statuses";
import { AppError, type Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { requestLocalCancel } from "@/server/engine/local-control";
import { signalRun } from "@/server/queue/signal";
import { parseState } from "@/server/engine/state";

export interface CancelRunResult {
  runId: string;
  /** CANCELLED at once, or RUNNING with cancelRequested (the executor stops before the next step and aborts the step in flight) */
  status: RunStatus;
  cancelRequested: boolean;
}

const IDLE: RunStatus[] = ["QUEUED", "PAUSED", "WAITING_FOR_CHILD"];

/**
 * Cancels a queued, paused or waiting run atomically, or asks a running run to
 * stop (Run.cancelRequested: seen by the executor in this process at once, in
 * other processes through the heartbeat and the fenced commit). A finished run
 * cannot be cancelled.
 */
export async function cancelRun(actor: Actor, runId: string, db: Db = getDb()): Promise<CancelRunResult> {
  assertCan(actor, "runs:write");
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = new Date();
    const cancelled = await db.$transaction(async (tx) => {
      const r = await tx.run.updateMany({
        where: { id: runId, workspaceId: actor.workspaceId, status: { in: IDLE } },
        data: {
          status: "CANCELLED",
          finishedAt: now,
          error: "Cancelled",
          errorCode: "CANCELLED",
          cancelRequested: true,
          wakeAt: null,
          waitKind: null,
          leaseOwner: null,
          leaseToken: null,
          leaseExpiresAt: null,
        },
      });
      if (r.count === 1) {
        await tx.stepRun.updateMany({
          where: { runId, status: "WAITING" },
          data: { status: "FAILED", error: "Run cancelled while this step was waiting", errorCode: "CANCELLED", finishedAt: now },
        });
      }
      return r.count === 1;
    });
    if (cancelled) {
      await cancelAwaitedChild(actor, db, runId);
      await wakeParentOf(db, runId);
      return { runId, status: "CANCELLED", cancelRequested: true };
    }

    const requested = await db.run.updateMany({
      where: { id: runId, workspaceId: actor.workspaceId, status: "RUNNING" },
      data: { cancelRequested: true },
    });
    if (requested.count === 1) {
      requestLocalCancel(runId);
      return { runId, status: "RUNNING", cancelRequested: true };
    }

    const row = await db.run.findFirst({ where: { id: runId, workspaceId: actor.workspaceId }, select: { status: true } });
    if (!row) throw new AppError("NOT_FOUND", "Run not found", { id: runId });
    if ((FINISHED_RUN_STATUSES as string[]).includes(row.status)) {
      throw new AppError("CONFLICT", `Run is already ${row.status}; only queued, running or paused runs can be cancelled`, { status: row.status });
    }
    // The status changed between our two updates (e.g. RUNNING → PAUSED): try again.
  }
  throw new AppError("CONFLICT", "The run changed state while cancelling; try again");
}

/** A cancelled child wakes the parent that waits for it (the parent's step then fails). */
async function wakeParentOf(db: Db, runId: string): Promise<void> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { parentRunId: true } });
  if (!run?.parentRunId) return;
  const woke = await db.run.updateMany({ where: { id: run.parentRunId, status: "WAITING_FOR_CHILD" }, data: { status: "QUEUED", wakeAt: null } });
  if (woke.count === 1) signalRun(run.parentRunId);
}

/**
 * A run cancelled while WAITING_FOR_CHILD takes the child it waits for down with
 * it (recursively). Fire-and-forget children are independent and keep running.
 */
async function cancelAwaitedChild(actor: Actor, db: Db, runId: string): Promise<void> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { state: true } });
  const childRunId = run ? parseState(run.state).waiting?.childRunId : undefined;
  if (!childRunId) return;
  try {
    await cancelRun(actor, childRunId, db);
  } catch (e) {
    // The child already finished (CONFLICT) or is gone: nothing left to cancel.
    if (!(e instanceof AppError)) throw e;
  }
}
