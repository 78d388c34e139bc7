import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
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
  limit: z.number().int().min(1, "limit: 1 to 100").max(100, "limit: 1 to 100").default(25),
  /** nextCursor of the previous page */
  cursor: z.string().max(200).optional(),
});

export interface OutgoingAttemptPage {
  items: OutgoingAttemptInfo[];
  nextCursor: string | null;
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [ms, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(Number(ms));
  if (!id || !Number.isFinite(at.getTime())) {
    throw new AppError("BAD_REQUEST", "cursor: not a valid cursor; pass the nextCursor of the previous page unchanged", { issues: [{ field: "cursor", message: "not a valid cursor" }] });
  }
  return { at, id };
}

const encodeCursor = (a: { createdAt: Date; id: string }) => Buffer.from(`${a.createdAt.getTime()}|${a.id}`, "utf8").toString("base64url");

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
      AND: [status, ...(after ? [{ OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }] : [])],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: p.limit + 1,
  });
  const page = rows.slice(0, p.limit);
  const last = page[page.length - 1];
  return { items: page.map(presentOutgoingAttempt), nextCursor: rows.length > p.limit && last ? encodeCursor(last) : null };
}
