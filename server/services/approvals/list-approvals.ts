import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { pagingInput } from "@/lib/paging";
import { afterCreatedDesc, decodeCursor, encodeCursor } from "@/server/services/paging";
import type { Actor } from "@/server/services/errors";
import { presentSummary, REQUEST_INCLUDE, type ApprovalSummary } from "./present";
import { automationNames, viewerOf } from "./scope";

export const listApprovalsInput = z.object({
  /** pending: waiting for people; decided: every settled request (history); all */
  status: z.enum(["pending", "decided", "all"], { error: () => 'status must be one of: pending, decided, all' }).default("pending"),
  kind: z.enum(["approval", "form"], { error: () => 'kind must be "approval" or "form"' }).optional(),
  runId: z.string().trim().min(1).max(64, "runId: at most 64 characters").optional(),
  ...pagingInput(50),
});
export type ListApprovalsInput = z.input<typeof listApprovalsInput>;

/** Approval and form requests of the workspace, newest first (pending: oldest expiry first is left to the client). */
export async function listApprovals(actor: Actor, input: ListApprovalsInput, db: Db = getDb()): Promise<{ items: ApprovalSummary[]; nextCursor: string | null }> {
  assertCan(actor, "runs:read");
  const i = parseInput(listApprovalsInput, input);
  const after = i.cursor ? decodeCursor(i.cursor) : null;
  const status = i.status === "pending" ? { status: "PENDING" } : i.status === "decided" ? { status: { not: "PENDING" } } : {};
  const rows = await db.approvalRequest.findMany({
    where: {
      workspaceId: actor.workspaceId,
      ...status,
      ...(i.kind ? { kind: i.kind } : {}),
      ...(i.runId ? { runId: i.runId } : {}),
      ...afterCreatedDesc(after),
    },
    include: REQUEST_INCLUDE,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: i.limit + 1,
  });
  const page = rows.slice(0, i.limit);
  const names = await automationNames(db, actor.workspaceId, page.map((r) => r.automationId));
  const viewer = await viewerOf(actor, db);
  const last = page.at(-1);
  return {
    items: page.map((r) => presentSummary(r, names.get(r.automationId) ?? "(deleted automation)", viewer)),
    nextCursor: rows.length > i.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
  };
}
