import { getDb, type DbOrTx } from "@/server/db";
import { assertCan } from "@/server/services/automations/scope";
import { notFound, type Actor } from "@/server/services/errors";
import type { StepStatus } from "@/lib/statuses";
import { runStepAggregates } from "./run-nodes";

/**
 * What the canvas overlay of a (test) run needs, and nothing more: the run's
 * status and error, and per node the status of its latest attempt, the
 * handles it left through (the path taken), counts, duration and error — no
 * request/response payloads, no graph. Read on each live change notice
 * (server/runtime/live.ts), so it stays a few aggregate queries whatever the
 * number of steps (GROUP BY over the run's StepRun rows, run-nodes.ts).
 */
export interface RunOverlayNode {
  nodeId: string;
  status: StepStatus;
  /** output handles taken (next, true, false, item, done, …) */
  handles: string[];
  /** loop iterations executed */
  executions: number;
  /** attempts recorded (executions + retries) */
  attempts: number;
  /** the latest attempt: its number and StepRun id (runs.step loads its payloads) */
  attempt: number;
  stepId: string;
  error: string | null;
  errorCode: string | null;
  durationMs: number;
}

export interface RunOverlayData {
  id: string;
  status: string;
  error: string | null;
  errorCode: string | null;
  updatedAt: Date;
  nodes: RunOverlayNode[];
}

export async function getRunOverlay(actor: Actor, runId: string, db: DbOrTx = getDb()): Promise<RunOverlayData> {
  assertCan(actor, "runs:read");
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId: actor.workspaceId },
    select: { id: true, status: true, error: true, errorCode: true, updatedAt: true },
  });
  if (!run) throw notFound("Run");
  const { nodes } = await runStepAggregates(db, run.id);
  return {
    ...run,
    nodes: nodes.map((n) => ({
      nodeId: n.nodeId,
      status: n.status,
      handles: n.handles,
      executions: n.executions,
      attempts: n.attempts,
      attempt: n.latestAttempt,
      stepId: n.latestStepId,
      error: n.error,
      errorCode: n.errorCode,
      durationMs: n.durationMs,
    })),
  };
}
