import { Prisma } from "@/server/db/generated/sqlite/client";
import { providerOfDb, type Db, type Tx } from "@/server/db";

/** Outbox events turned into deliveries per transaction. */
export const FAN_OUT_BATCH = 500;

class Contended extends Error {}

/**
 * The deliveries of a batch of claimed events in ONE statement: event × active
 * subscription of its workspace whose events match (the same test as
 * fields.ts matchesEvent: "*" or ",type," in the stored list). Ids are random like the
 * model's default (the provider's random function).
 */
function insertDeliveries(tx: Tx, pg: boolean, eventIds: string[], now: Date): Promise<number> {
  const id = pg ? `'c' || replace(CAST(gen_random_uuid() AS TEXT), '-', '')` : `'c' || lower(hex(randomblob(12)))`;
  const sql = `INSERT INTO "WebhookDelivery" ("id", "workspaceId", "subscriptionId", "eventId", "eventType", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
    SELECT ${id}, e."workspaceId", s."id", e."id", e."type", 'PENDING', 0, ?, ?, ?
    FROM "PlatformEvent" e JOIN "WebhookSubscription" s ON s."workspaceId" = e."workspaceId" AND s."active" = true AND (s."events" = '*' OR s."events" LIKE '%,' || e."type" || ',%')
    WHERE e."id" IN (${eventIds.map(() => "?").join(", ")})`;
  return tx.$executeRaw(new Prisma.Sql(sql.split("?"), [now, now, now, ...eventIds]));
}

/**
 * Turns outbox events into delivery rows: one per active subscription of the
 * workspace whose events match, due at once. Events are claimed (a conditional
 * update of fannedOutAt) in the transaction that writes their deliveries, so a
 * crash in between leaves them for the next pass: a batch of up to `limit`
 * events in ONE transaction; when another process claimed some of them first,
 * that transaction is rolled back and the batch is done event by event.
 * `more`: the batch was full (more events may be waiting).
 */
export async function fanOutEvents(db: Db, now: Date, limit = FAN_OUT_BATCH): Promise<{ created: number; more: boolean }> {
  const events = await db.platformEvent.findMany({
    where: { fannedOutAt: null },
    orderBy: { occurredAt: "asc" },
    take: limit,
    select: { id: true },
  });
  if (events.length === 0) return { created: 0, more: false };
  const more = events.length === limit;
  const pg = providerOfDb(db) === "postgresql";
  try {
    const created = await db.$transaction(async (tx) => {
      const claimed = await tx.platformEvent.updateMany({ where: { id: { in: events.map((e) => e.id) }, fannedOutAt: null }, data: { fannedOutAt: now } });
      if (claimed.count !== events.length) throw new Contended();
      return insertDeliveries(tx, pg, events.map((e) => e.id), now);
    });
    return { created, more };
  } catch (e) {
    if (!(e instanceof Contended)) throw e;
  }
  let created = 0;
  for (const e of events) {
    created += await db.$transaction(async (tx) => {
      const claimed = await tx.platformEvent.updateMany({ where: { id: e.id, fannedOutAt: null }, data: { fannedOutAt: now } });
      if (claimed.count !== 1) return 0;
      return insertDeliveries(tx, pg, [e.id], now);
    });
  }
  return { created, more };
}
