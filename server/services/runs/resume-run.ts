import { getDb, type Db } from "@/server/db";
import { hashWaitToken, type JsonValue } from "@/server/engine/contract";
import { runControlFor } from "@/server/engine/run-store-control";
import { AppError } from "@/server/services/errors";
import { signalRun } from "@/server/queue/signal";

export interface ResumeRunInput {
  /** the token the waiting step handed out (approval link, webhook wait) */
  token: string;
  /** what the resumed step receives as ctx.resume.payload */
  payload?: JsonValue;
  /** limit to one workspace (REST API); omitted for public token links */
  workspaceId?: string;
  /** who resumes, for the run's history (default: the token holder) */
  actor?: string;
}

export interface ResumeRunResult {
  runId: string;
  nodeId: string;
}

/**
 * Resumes a run paused on an external wait. Atomic (the engine's conditional
 * transition): exactly one caller succeeds; every other concurrent or later
 * call gets CONFLICT "already resumed".
 */
export async function resumeRun(input: ResumeRunInput, db: Db = getDb()): Promise<ResumeRunResult> {
  if (typeof input.token !== "string" || input.token.length < 16 || input.token.length > 512) {
    throw new AppError("BAD_REQUEST", "token: must be the 16–512 character token from the resume link", { issues: [{ field: "token", message: "invalid token" }] });
  }
  const outcome = await runControlFor(db).resume(hashWaitToken(input.token), input.workspaceId, input.payload ?? null, input.actor ?? "token");
  if (outcome.kind === "not-found") throw new AppError("NOT_FOUND", "No run is waiting for this token (it may have expired or never existed)");
  if (outcome.kind === "not-waiting") throw alreadyResumed(outcome.status);
  signalRun(outcome.runId);
  return { runId: outcome.runId, nodeId: outcome.nodeId };
}

function alreadyResumed(status: string): AppError {
  if (status === "CANCELLED") return new AppError("CONFLICT", "This run was cancelled; it can no longer be resumed", { status });
  return new AppError("CONFLICT", `This run was already resumed (it is ${status} now); a token works once`, { status });
}
