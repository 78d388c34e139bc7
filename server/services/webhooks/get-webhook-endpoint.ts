import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { automationIdField } from "@/server/services/automations/fields";
import { parseInput } from "@/server/services/automations/input";
import { assertCan, findAutomationInWorkspace } from "@/server/services/automations/scope";
import { presentEndpoint, type WebhookEndpointInfo } from "./present";

export const getWebhookEndpointInput = z.object({ automationId: automationIdField });
export type GetWebhookEndpointInput = z.input<typeof getWebhookEndpointInput>;

/** The automation's webhook endpoint (URL, options, whether a secret is set); null before it has one. */
export async function getWebhookEndpoint(actor: Actor, input: GetWebhookEndpointInput, db: Db = getDb()): Promise<WebhookEndpointInfo | null> {
  assertCan(actor, "automations:read");
  const { automationId } = parseInput(getWebhookEndpointInput, input);
  const automation = await findAutomationInWorkspace(db, actor, automationId);
  const row = await db.webhookEndpoint.findFirst({ where: { automationId: automation.id, workspaceId: actor.workspaceId } });
  return row ? presentEndpoint(row) : null;
}
