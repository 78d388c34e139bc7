import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { subscriptionIdField } from "./fields";
import { presentSubscription, type SubscriptionInfo } from "./present";
import { findSubscription } from "./scope";

export const getSubscriptionInput = z.object({ id: subscriptionIdField });

export async function getSubscription(actor: Actor, input: z.input<typeof getSubscriptionInput>, db: Db = getDb()): Promise<SubscriptionInfo> {
  assertCan(actor, "webhooks:read");
  const { id } = parseInput(getSubscriptionInput, input);
  return presentSubscription(await findSubscription(db, actor, id));
}
