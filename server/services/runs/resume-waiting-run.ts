import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { parseStoredFields, validateFormSubmission } from "@/lib/approvals/form-fields";
import { recordDecision } from "@/server/approvals/decide";
import { runControlFor } from "@/server/engine/run-store-control";
import type { JsonValue } from "@/server/engine/contract";
import { signalRun } from "@/server/queue/signal";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { decisionError } from "@/server/services/approvals/outcome-errors";
import { AppError, type Actor } from "@/server/services/errors";

export const resumeWaitingRunInput = z.object({
  runId: z.string({ error: "runId is required" }).trim().min(1, "runId is required").max(64, "runId: at most 64 characters"),
  /** approvals: approve | reject; forms: submit (with data = the field values); other external waits: any text */
  decision: z.string({ error: "decision is required" }).trim().min(1, "decision is required").max(64, "decision: at most 64 characters"),
  data: z.record(z.string(), z.unknown(), { error: "data: must be an object" }).default({}),
  comment: z.string().max(2_000, "comment: at most 2,000 characters").default(""),
});
export type ResumeWaitingRunInput = z.input<typeof resumeWaitingRunInput>;

export interface ResumeWaitingRunResult {
  runId: string;
  /** the approval/form request settled by this resume, if the run waited on one */
  requestId: string | null;
  outcome: string;
}

/**
 * runs.resume (seed 002 POST /runs/:runId/resume) for admins: settles the
 * approval or form the run waits on with `decision` (+ `data` for forms) as an
 * admin decision, or resumes another external wait with { decision, data }.
 * The engine's conditional transition: exactly one resume wins. A run that is
 * not waiting for a decision gets a CONFLICT that says what it is doing.
 */
export async function resumeWaitingRun(actor: Actor, input: ResumeWaitingRunInput, db: Db = getDb(), meta: { ip?: string | null } = {}): Promise<ResumeWaitingRunResult> {
  assertCan(actor, "approvals:write");
  const i = parseInput(resumeWaitingRunInput, input);
  const run = await db.run.findFirst({ where: { id: i.runId, workspaceId: actor.workspaceId }, select: { id: true, status: true, waitKind: true, waitTokenHash: true } });
  if (!run) throw new AppError("NOT_FOUND", "Run not found", { id: i.runId });
  if (run.status !== "PAUSED" || run.waitKind !== "external" || !run.waitTokenHash) {
    const doing = run.status === "PAUSED" ? `paused on a ${run.waitKind ?? "timer"}` : run.status;
    throw new AppError("CONFLICT", `Run is ${doing}, not waiting for a decision: only a run paused at an approval, a form or an external wait can be resumed`, { status: run.status, waitKind: run.waitKind });
  }
  const request = await db.approvalRequest.findFirst({ where: { runId: run.id, workspaceId: actor.workspaceId, status: "PENDING", waitTokenHash: run.waitTokenHash }, select: { id: true, kind: true, fields: true } });
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { email: true } });
  if (request) {
    let decision: "approved" | "rejected" | "submitted";
    let values: Record<string, unknown> | null = null;
    const d = i.decision.toLowerCase();
    if (request.kind === "form") {
      if (d !== "submit" && d !== "submitted") throw new AppError("BAD_REQUEST", 'decision must be "submit" for a run waiting on a form', { issues: [{ field: "decision", message: 'must be "submit"' }] });
      const v = validateFormSubmission(parseStoredFields(request.fields), i.data);
      if (!v.ok) throw new AppError("UNPROCESSABLE", "Some form fields are invalid", { issues: Object.entries(v.errors).map(([field, message]) => ({ field: `data.${field}`, message })) });
      values = v.values;
      decision = "submitted";
    } else if (d === "approve" || d === "approved" || d === "reject" || d === "rejected") {
      decision = d.startsWith("approve") ? "approved" : "rejected";
    } else {
      throw new AppError("BAD_REQUEST", 'decision must be "approve" or "reject" for a run waiting on an approval', { issues: [{ field: "decision", message: 'must be "approve" or "reject"' }] });
    }
    const r = await recordDecision(db, {
      requestId: request.id, workspaceId: actor.workspaceId, approverId: null, decision, comment: i.comment, values, channel: "admin",
      actorUserId: actor.userId, actorLabel: user?.email ?? actor.userId, ip: meta.ip ?? null, force: true, now: new Date(),
    });
    if (r.kind !== "decided") throw decisionError(r);
    return { runId: run.id, requestId: request.id, outcome: decision };
  }
  const outcome = await runControlFor(db).resume(run.waitTokenHash, actor.workspaceId, { decision: i.decision, data: i.data as JsonValue }, `user:${actor.userId}`);
  if (outcome.kind === "not-found") throw new AppError("NOT_FOUND", "Run not found", { id: i.runId });
  if (outcome.kind === "not-waiting") throw new AppError("CONFLICT", `Run was already resumed (it is ${outcome.status} now)`, { status: outcome.status });
  signalRun(outcome.runId);
  return { runId: run.id, requestId: null, outcome: i.decision };
}
