import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { incomingInclude, listedWhere, toIncoming, type IncomingWebhookInfo } from "./incoming";

export const listIncomingWebhooksInput = z.object({
  /** also read when each URL last started a run (one indexed query per webhook: the settings table, not REST pages) */
  withLastRequest: z.boolean().default(false),
});

/** Incoming webhooks of the workspace (see incoming.ts), newest first; secrets never included. */
export async function listIncomingWebhooks(actor: Actor, input: z.input<typeof listIncomingWebhooksInput> = {}, db: Db = getDb()): Promise<IncomingWebhookInfo[]> {
  assertCan(actor, "webhooks:read");
  const { withLastRequest } = parseInput(listIncomingWebhooksInput, input);
  const rows = await db.webhookEndpoint.findMany({ where: listedWhere(actor), include: incomingInclude, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  const list = rows.map(toIncoming);
  if (withLastRequest) {
    await Promise.all(
      list.map(async (w) => {
        // (automationId, createdAt) index, newest first: the first webhook run is the last request that started one.
        const last = await db.run.findFirst({
          where: { automationId: w.automation.id, workspaceId: actor.workspaceId, triggerType: "webhook", sourceId: w.id },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          select: { createdAt: true },
        });
        w.lastRequestAt = last?.createdAt ?? null;
      }),
    );
  }
  return list;
}
