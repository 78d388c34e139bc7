import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { pagingInput } from "@/lib/paging";
import { afterCreatedDesc, decodeCursor, encodeCursor, takePage } from "@/server/services/paging";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { OUTGOING_LOG_STATUSES, outgoingIdField } from "@/lib/outgoing-webhooks/fields";
import { presentOutgoingAttempt, type OutgoingAttemptInfo } from "./present";
import { findOutgoingWebhook } from "./scope";

export const listOutgoingAttemptsInput = z.object({
  id: outgoingIdField,
  status: z.enum(OUTGOING_LOG_STATUSES, { error: 'status: "success" (2xx answers) or "failed"' }).optional(),
  source: z.enum(["test", "automation"], { error: 'source: "test" or "automation"' }).optional(),
  runId: z.string().max(64).optional(),
  /** limit 1–100 (default 25); cursor: nextCursor of the previous page */
  ...pagingInput(),
});

export interface OutgoingAttemptPage {
  items: OutgoingAttemptInfo[];
  nextCursor: string | null;
}

/** The endpoint's delivery log, newest first, a page at a time; filters: status, source, run. */
export async function listOutgoingAttempts(actor: Actor, input: z.input<typeof listOutgoingAttemptsInput>, db: Db = getDb()): Promise<OutgoingAttemptPage> {
  assertCan(actor, "webhooks:read");
  const p = parseInput(listOutgoingAttemptsInput, input);
  const webhook = await findOutgoingWebhook(db, actor, p.id);
  const after = p.cursor ? decodeCursor(p.cursor) : null;
  const status =
    p.status === "success"
      ? { statusCode: { gte: 200, lt: 300 } }
      : p.status === "failed"
        ? { OR: [{ statusCode: null }, { statusCode: { lt: 200 } }, { statusCode: { gte: 300 } }] }
        : {};
  const rows = await db.outgoingWebhookAttempt.findMany({
    where: {
      webhookId: webhook.id,
      workspaceId: actor.workspaceId,
      ...(p.source ? { source: p.source } : {}),
      ...(p.runId ? { runId: p.runId } : {}),
      AND: [status, afterCreatedDesc(after)],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: p.limit + 1,
  });
  const page = takePage(rows, p.limit, (a) => encodeCursor({ at: a.createdAt, id: a.id }));
  return { items: page.items.map(presentOutgoingAttempt), nextCursor: page.nextCursor };
}
