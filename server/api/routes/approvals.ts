import { z } from "zod";
import { getApproval } from "@/server/services/approvals/get-approval";
import { listApprovals } from "@/server/services/approvals/list-approvals";
import { decideApproval } from "@/server/services/approvals/decide-approval";
import { getRun } from "@/server/services/runs/get-run";
import { resumeWaitingRun } from "@/server/services/runs/resume-waiting-run";
import { defineOperation } from "../operation";
import { listOf, pagingQuery } from "../paging";
import { approvalSchema, approvalSummarySchema, presentApproval, presentApprovalSummary } from "../presenters/approval";
import { presentRun, runSchema } from "../presenters/run";
import { idParam } from "./params";

const TAG = "Approvals";
const approvalParams = z.strictObject({ approval_id: idParam("approval_id") });
const decisionBody = z.strictObject({ comment: z.string().max(2_000, "comment: at most 2,000 characters").optional().describe("Stored with the decision (audit, run history)") });

function decideOperation(decision: "approve" | "reject") {
  return defineOperation({
    method: "POST",
    path: `/approvals/{approval_id}/${decision}`,
    operationId: `${decision}Approval`,
    summary: decision === "approve" ? "Approve a pending approval request" : "Reject a pending approval request",
    description: `Settles the request as ${decision === "approve" ? "approved" : "rejected"} (channel "api", audited) and resumes its run on that branch. Forms are submitted with POST /automations/runs/{run_id}/resume. A request that is no longer pending answers 409.`,
    tag: TAG,
    permission: "approvals:write",
    params: approvalParams,
    body: decisionBody,
    success: { status: 200, description: "The request after the decision", schema: approvalSchema },
    errors: [404, 409, 422],
    handler: async ({ actor, db, params, body, ip }) => presentApproval(await decideApproval(actor, { id: params.approval_id, decision, comment: body.comment ?? "" }, db, { channel: "api", ip })),
  });
}

export const approvalOperations = [
  defineOperation({
    method: "GET",
    path: "/approvals",
    operationId: "listApprovals",
    summary: "List approval and form requests, newest first",
    description: "status pending (default): waiting for people; decided: settled (approved, rejected, submitted, expired, cancelled); all.",
    tag: TAG,
    permission: "runs:read",
    query: z.strictObject({
      ...pagingQuery,
      status: z.enum(["pending", "decided", "all"], { error: () => "status: pending, decided or all" }).optional(),
      kind: z.enum(["approval", "form"], { error: () => "kind: approval or form" }).optional(),
      run_id: idParam("run_id").optional(),
    }),
    success: { status: 200, description: "A page of requests", schema: listOf(approvalSummarySchema) },
    async handler({ actor, db, query }) {
      const page = await listApprovals(actor, { status: query.status ?? "pending", kind: query.kind, runId: query.run_id, limit: query.limit, cursor: query.cursor }, db);
      return { data: page.items.map(presentApprovalSummary), next_cursor: page.nextCursor };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/approvals/{approval_id}",
    operationId: "getApproval",
    summary: "Get an approval or form request with its approvers and decisions",
    tag: TAG,
    permission: "runs:read",
    params: approvalParams,
    success: { status: 200, description: "The request", schema: approvalSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => presentApproval(await getApproval(actor, { id: params.approval_id }, db)),
  }),
  decideOperation("approve"),
  decideOperation("reject"),
  defineOperation({
    method: "POST",
    path: "/automations/runs/{run_id}/resume",
    operationId: "resumeRun",
    summary: "Resume a run waiting at an approval, a form or an external wait",
    description: 'decision: "approve" / "reject" (approval), "submit" with data = the field values (form), any text for other external waits (the step receives { decision, data }). Exactly one resume wins; a run not waiting answers 409.',
    tag: "Runs",
    permission: "approvals:write",
    params: z.strictObject({ run_id: idParam("run_id") }),
    body: z.strictObject({
      decision: z.string().min(1, "decision is required").max(64, "decision: at most 64 characters"),
      data: z.record(z.string(), z.unknown(), { error: "data: must be a JSON object" }).optional(),
      comment: z.string().max(2_000, "comment: at most 2,000 characters").optional(),
    }),
    success: { status: 200, description: "The run after the resume (queued or already running)", schema: runSchema },
    errors: [404, 409, 422],
    async handler({ actor, db, params, body, ip }) {
      await resumeWaitingRun(actor, { runId: params.run_id, decision: body.decision, data: body.data ?? {}, comment: body.comment ?? "" }, db, { ip });
      return presentRun(await getRun(actor, params.run_id, db));
    },
  }),
];
