import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { subscriptionIdField } from "./fields";
import { presentAttempt, type DeliveryLogEntry } from "./present";
import { findSubscription } from "./scope";

export const listDeliveryLogsInput = z.object({
  id: subscriptionIdField,
  eventId: z.string().max(64).optional(),
  limit: z.number().int().min(1, "limit: 1 to 500").max(500, "limit: 1 to 500").default(100),
});

/** The subscription's delivery attempts, newest first: status code, duration, response excerpt (≤ 1 KB), error, next retry. */
export async function listDeliveryLogs(actor: Actor, input: z.input<typeof listDeliveryLogsInput>, db: Db = getDb()): Promise<DeliveryLogEntry[]> {
  assertCan(actor, "webhooks:read");
  const { id, eventId, limit } = parseInput(listDeliveryLogsInput, input);
  const sub = await findSubscription(db, actor, id);
  const rows = await db.webhookDeliveryAttempt.findMany({
    where: { subscriptionId: sub.id, ...(eventId ? { eventId } : {}) },
    orderBy: [{ createdAt: "desc" }, { attempt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map(presentAttempt);
}
