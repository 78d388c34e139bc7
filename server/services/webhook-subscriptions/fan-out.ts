import type { Db } from "@/server/db";
import { matchesEvent } from "./fields";

/**
 * Turns outbox events into delivery rows: one per active subscription of the
 * workspace whose events match, due at once. Each event is claimed by one
 * process (a conditional update of fannedOutAt) in the transaction that writes
 * its deliveries, so a crash in between leaves it for the next pass.
 */
export async function fanOutEvents(db: Db, now: Date, limit = 100): Promise<number> {
  const events = await db.platformEvent.findMany({
    where: { fannedOutAt: null },
    orderBy: { occurredAt: "asc" },
    take: limit,
    select: { id: true, workspaceId: true, type: true },
  });
  let created = 0;
  for (const e of events) {
    created += await db.$transaction(async (tx) => {
      const claimed = await tx.platformEvent.updateMany({ where: { id: e.id, fannedOutAt: null }, data: { fannedOutAt: now } });
      if (claimed.count !== 1) return 0;
      const subs = await tx.webhookSubscription.findMany({ where: { workspaceId: e.workspaceId, active: true }, select: { id: true, events: true } });
      const targets = subs.filter((s) => matchesEvent(s.events, e.type));
      if (targets.length === 0) return 0;
      const r = await tx.webhookDelivery.createMany({
        data: targets.map((s) => ({ workspaceId: e.workspaceId, subscriptionId: s.id, eventId: e.id, eventType: e.type, status: "PENDING", nextAttemptAt: now })),
      });
      return r.count;
    });
  }
  return created;
}
