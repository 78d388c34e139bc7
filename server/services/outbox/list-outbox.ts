import { getDb, type DbOrTx } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { MAX_LIMIT } from "@/lib/paging";
import { afterCreatedDesc, decodeCursor, encodeCursor, takePage } from "@/server/services/paging";

/** SENDING: an SMTP transaction in progress; UNCONFIRMED: handed over, never confirmed (see integrations/mail/mailer.ts). */
export const OUTBOX_STATUSES = ["STORED", "SENT", "FAILED", "SENDING", "UNCONFIRMED"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface ListOutboxInput {
  status?: OutboxStatus[];
  runId?: string;
  cursor?: string;
  /** 1–100, default 25 */
  limit?: number;
}

/** One row of the outbox list: never the bodies or Bcc. */
export interface OutboxListItem {
  id: string;
  runId: string | null;
  from: string;
  to: string;
  cc: string;
  subject: string;
  status: string;
  transport: string;
  messageId: string | null;
  error: string | null;
  createdAt: Date;
}

export interface OutboxListPage {
  items: OutboxListItem[];
  nextCursor: string | null;
}

export const MAX_OUTBOX_LIMIT = MAX_LIMIT;

const LIST_SELECT = {
  id: true,
  runId: true,
  from: true,
  to: true,
  cc: true,
  subject: true,
  status: true,
  transport: true,
  messageId: true,
  error: true,
  createdAt: true,
} as const;

/** Emails of the actor's workspace (sent, stored or failed), newest first, keyset-paginated. */
export async function listOutbox(actor: Actor, input: ListOutboxInput, db: DbOrTx = getDb()): Promise<OutboxListPage> {
  const limit = input.limit ?? 25;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_OUTBOX_LIMIT) {
    throw new AppError("BAD_REQUEST", `limit: must be a whole number from 1 to ${MAX_OUTBOX_LIMIT} (got ${limit})`, {
      issues: [{ field: "limit", message: `must be 1–${MAX_OUTBOX_LIMIT}` }],
    });
  }
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await db.outboxEmail.findMany({
    where: {
      workspaceId: actor.workspaceId,
      ...(input.status && input.status.length > 0 ? { status: { in: input.status } } : {}),
      ...(input.runId ? { runId: input.runId } : {}),
      ...afterCreatedDesc(after),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: LIST_SELECT,
  });
  return takePage(rows, limit, (r) => encodeCursor({ at: r.createdAt, id: r.id }));
}
