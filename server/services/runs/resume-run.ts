import { getDb, type Db } from "@/server/db";
import { hashWaitToken, type JsonValue } from "@/server/engine/contract";
import { parseState, serializeState } from "@/server/engine/state";
import { AppError } from "@/server/services/errors";
import { signalRun } from "@/server/queue/signal";

export interface ResumeRunInput {
  /** the token the waiting step handed out (approval link, webhook wait) */
  token: string;
  /** what the resumed step receives as ctx.resume.payload */
  payload?: JsonValue;
  /** limit to one workspace (REST API); omitted for public token links */
  workspaceId?: string;
}

export interface ResumeRunResult {
  runId: string;
  nodeId: string;
}

/**
 * Resumes a run paused on an external wait. Atomic: the conditional update
 * (still PAUSED on this token) succeeds for exactly one caller; every other
 * concurrent or later call gets CONFLICT "already resumed".
 */
export async function resumeRun(input: ResumeRunInput, db: Db = getDb()): Promise<ResumeRunResult> {
  if (typeof input.token !== "string" || input.token.length < 16 || input.token.length > 512) {
    throw new AppError("BAD_REQUEST", "token: must be the 16–512 character token from the resume link", { issues: [{ field: "token", message: "invalid token" }] });
  }
  const tokenHash = hashWaitToken(input.token);
  const row = await db.run.findFirst({
    where: { waitTokenHash: tokenHash, ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}) },
    select: { id: true, status: true, waitKind: true, state: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "No run is waiting for this token (it may have expired or never existed)");
  const state = parseState(row.state);
  if (row.status !== "PAUSED" || row.waitKind !== "external" || !state.waiting || state.waiting.kind !== "external") {
    throw alreadyResumed(row.status);
  }
  state.waiting = { ...state.waiting, resumed: true, payload: input.payload ?? null };
  const updated = await db.run.updateMany({
    where: { id: row.id, status: "PAUSED", waitKind: "external", waitTokenHash: tokenHash },
    data: { status: "QUEUED", waitKind: null, wakeAt: null, state: serializeState(state) },
  });
  if (updated.count !== 1) {
    const now = await db.run.findUnique({ where: { id: row.id }, select: { status: true } });
    throw alreadyResumed(now?.status ?? "unknown");
  }
  signalRun(row.id);
  return { runId: row.id, nodeId: state.waiting.n };
}

function alreadyResumed(status: string): AppError {
  if (status === "CANCELLED") return new AppError("CONFLICT", "This run was cancelled; it can no longer be resumed", { status });
  return new AppError("CONFLICT", `This run was already resumed (it is ${status} now); a token works once`, { status });
}
