import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { describeStatus } from "@/lib/runs/operations";
import { runControlFor } from "@/server/engine/run-store-control";
import { signalRun } from "@/server/queue/signal";
import { writeAudit } from "@/server/services/audit/write-audit";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { AppError, type Actor } from "@/server/services/errors";

export const runIdField = z
  .string({ error: "runId is required" })
  .trim()
  .min(1, "runId is required")
  .max(64, "runId: at most 64 characters");

export const retryRunInput = z.object({ runId: runIdField });
export type RetryRunInput = z.input<typeof retryRunInput>;

export interface RetryRunResult {
  runId: string;
  status: "QUEUED";
  /** the failed step(s) executed again, with their new attempt number */
  steps: Array<{ nodeId: string; iteration: string; attempt: number }>;
}

/** Who acts, as the run's history names it (`user:<id>`, an API key: `user:api-key:<key id>`). */
export function runActor(actor: Actor): string {
  return actor.apiKeyId ? `user:api-key:${actor.apiKeyId}` : `user:${actor.userId}`;
}

/**
 * runs.retry / POST /automations/runs/:run_id/retry (admins): the same FAILED run
 * continues from its failed step with attempt n+1, on the version that ran;
 * earlier steps are not executed again. The engine makes the change (one
 * conditional transition: of concurrent retries exactly one wins, the others get
 * CONFLICT) and the dispatcher is woken. Audited as run.retried.
 */
export async function retryRun(actor: Actor, input: RetryRunInput, db: Db = getDb()): Promise<RetryRunResult> {
  assertCan(actor, "runs:write");
  const { runId } = parseInput(retryRunInput, input);
  const outcome = await runControlFor(db).retry(runId, actor.workspaceId, runActor(actor), "retried from the failed step");
  switch (outcome.kind) {
    case "not-found":
      throw new AppError("NOT_FOUND", "Run not found", { id: runId });
    case "not-failed":
      throw new AppError(
        "CONFLICT",
        `Only failed runs can be retried: this run is ${describeStatus(outcome.status)}${outcome.status === "CANCELLED" ? "" : " (it may have been retried already)"}`,
        { status: outcome.status },
      );
    case "not-retryable":
      throw new AppError("UNPROCESSABLE", outcome.reason);
    case "retried":
      break;
  }
  signalRun(runId);
  await writeAudit(db, actor, { action: "run.retried", targetType: "run", targetId: runId, details: { steps: outcome.steps } });
  return { runId, status: "QUEUED", steps: outcome.steps };
}
