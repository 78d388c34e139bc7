import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { outgoingIdField } from "@/lib/outgoing-webhooks/fields";
import { presentOutgoingWebhook, type OutgoingWebhookInfo } from "./present";
import { findOutgoingWebhook } from "./scope";

export const getOutgoingWebhookInput = z.object({ id: outgoingIdField });

export async function getOutgoingWebhook(actor: Actor, input: z.input<typeof getOutgoingWebhookInput>, db: Db = getDb()): Promise<OutgoingWebhookInfo> {
  assertCan(actor, "webhooks:read");
  const { id } = parseInput(getOutgoingWebhookInput, input);
  const row = await findOutgoingWebhook(db, actor, id);
  const last = await db.outgoingWebhookAttempt.findFirst({ where: { webhookId: row.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return presentOutgoingWebhook(row, last);
}
