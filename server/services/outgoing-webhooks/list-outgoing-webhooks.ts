import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { presentOutgoingWebhook, type OutgoingWebhookInfo } from "./present";

export const listOutgoingWebhooksInput = z.object({ active: z.boolean().optional() }).default({});

/** The workspace's outgoing webhook endpoints by name, each with its last attempt (never a secret). */
export async function listOutgoingWebhooks(actor: Actor, input: z.input<typeof listOutgoingWebhooksInput> = {}, db: Db = getDb()): Promise<OutgoingWebhookInfo[]> {
  assertCan(actor, "webhooks:read");
  const { active } = parseInput(listOutgoingWebhooksInput, input);
  const rows = await db.outgoingWebhook.findMany({
    where: { workspaceId: actor.workspaceId, ...(active === undefined ? {} : { active }) },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 500,
  });
  const last = await Promise.all(
    rows.map((r) => db.outgoingWebhookAttempt.findFirst({ where: { webhookId: r.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })),
  );
  return rows.map((r, i) => presentOutgoingWebhook(r, last[i] ?? null));
}
