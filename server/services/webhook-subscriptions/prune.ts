import type { Db } from "@/server/db";

/** Delivered events (and their deliveries and log) are kept this long, then deleted by the delivery loop. */
export const EVENT_RETENTION_MS = 30 * 24 * 3_600_000;
/** A prune pass at most this often per process. */
export const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Deletes outbox events older than the retention whose deliveries are all
 * finished (none PENDING), in small batches; their deliveries and attempts go
 * with them (cascade). Keeps the outbox and the log from growing forever.
 */
export async function pruneDeliveredEvents(db: Db, now: Date, retentionMs = EVENT_RETENTION_MS, batch = 500): Promise<number> {
  const before = new Date(now.getTime() - retentionMs);
  const old = await db.platformEvent.findMany({
    where: { occurredAt: { lt: before }, fannedOutAt: { not: null }, deliveries: { none: { status: "PENDING" } } },
    select: { id: true },
    take: batch,
  });
  if (old.length === 0) return 0;
  const r = await db.platformEvent.deleteMany({ where: { id: { in: old.map((e) => e.id) }, deliveries: { none: { status: "PENDING" } } } });
  return r.count;
}

/**
 * The outgoing endpoints' delivery log (server/services/outgoing-webhooks) follows
 * the same retention: attempts older than it are deleted, in small batches.
 */
export async function pruneOutgoingAttempts(db: Db, now: Date, retentionMs = EVENT_RETENTION_MS, batch = 500): Promise<number> {
  const before = new Date(now.getTime() - retentionMs);
  const old = await db.outgoingWebhookAttempt.findMany({ where: { createdAt: { lt: before } }, select: { id: true }, take: batch });
  if (old.length === 0) return 0;
  const r = await db.outgoingWebhookAttempt.deleteMany({ where: { id: { in: old.map((a) => a.id) } } });
  return r.count;
}
