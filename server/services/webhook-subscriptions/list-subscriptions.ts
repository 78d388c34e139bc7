import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { presentSubscription, type SubscriptionInfo } from "./present";

export const listSubscriptionsInput = z.object({ active: z.boolean().optional() }).default({});

/** The workspace's subscriptions, newest first (never a secret). */
export async function listSubscriptions(actor: Actor, input: z.input<typeof listSubscriptionsInput> = {}, db: Db = getDb()): Promise<SubscriptionInfo[]> {
  assertCan(actor, "webhooks:read");
  const { active } = parseInput(listSubscriptionsInput, input);
  const rows = await db.webhookSubscription.findMany({
    where: { workspaceId: actor.workspaceId, ...(active === undefined ? {} : { active }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
  });
  return rows.map(presentSubscription);
}
