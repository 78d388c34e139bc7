import { getDb, type Db } from "@/server/db";
import type { RunStatus } from "@/lib/statuses";
import { AppError, type Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { runControlFor } from "@/server/engine/run-store-control";
import { announceRunChange, signalRun } from "@/server/queue/signal";

export interface CancelRunResult {
  runId: string;
  /** CANCELLED at once, or RUNNING with cancelRequested (the executor stops before the next step and aborts the step in flight) */
  status: RunStatus;
  cancelRequested: boolean;
}

/**
 * Cancels a queued, paused or waiting run at once, or asks a running run to
 * stop (seen by the executor in this process at once, in other processes
 * through the heartbeat and the fenced commit). The engine makes the change
 * and records it; a finished run cannot be cancelled.
 */
export async function cancelRun(actor: Actor, runId: string, db: Db = getDb()): Promise<CancelRunResult> {
  assertCan(actor, "runs:write");
  const outcome = await runControlFor(db).cancel(runId, actor.workspaceId, `user:${actor.userId}`);
  switch (outcome.kind) {
    case "cancelled":
      announceRunChange(runId);
      for (const id of outcome.woken) signalRun(id);
      return { runId, status: "CANCELLED", cancelRequested: true };
    case "requested":
      return { runId, status: "RUNNING", cancelRequested: true };
    case "not-found":
      throw new AppError("NOT_FOUND", "Run not found", { id: runId });
    case "finished":
      throw new AppError("CONFLICT", `Run is already ${outcome.status}; only queued, running or paused runs can be cancelled`, { status: outcome.status });
    case "busy":
      throw new AppError("CONFLICT", "The run changed state while cancelling; try again");
  }
}
