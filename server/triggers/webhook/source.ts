import { webhookConfigSchema } from "@/lib/nodes/catalog/webhook";
import type { Tx, TriggerSource, TriggerSyncInput } from "../contract";
import { invalidateWebhookEndpoints } from "./endpoint-cache";
import { newHookToken } from "./tokens";

/** The endpoint options a webhook trigger node configures (copied onto the WebhookEndpoint row). */
export function endpointOptions(config: unknown) {
  const parsed = webhookConfigSchema.safeParse(config ?? {});
  const c = parsed.success ? parsed.data : webhookConfigSchema.parse({});
  return {
    methods: JSON.stringify(c.methods),
    authMode: c.authMode,
    headerName: c.authMode === "header" ? c.headerName.toLowerCase() : null,
    responseMode: c.responseMode,
    waitTimeoutMs: c.waitTimeoutMs,
    rateLimit: c.rateLimit,
    maxBodyBytes: c.maxBodyBytes,
  };
}

/** The automation's endpoint row, created (inactive) with a fresh token when missing. */
export async function ensureEndpoint(tx: Tx, automationId: string, workspaceId: string) {
  const existing = await tx.webhookEndpoint.findUnique({ where: { automationId } });
  if (existing) return existing;
  return tx.webhookEndpoint.create({ data: { automationId, workspaceId, token: newHookToken(), active: false } });
}

/**
 * Webhook trigger source: one WebhookEndpoint per automation, created on first
 * publish (or earlier, when an admin asks for the URL in the editor). Its URL
 * token stays the same across publishes and pauses until rotated; deactivation
 * keeps the row but the ingress answers 404.
 */
export const webhookSource: TriggerSource = {
  type: "webhook",
  async sync(tx: Tx, input: TriggerSyncInput) {
    const endpoint = await ensureEndpoint(tx, input.automationId, input.workspaceId);
    await tx.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { ...endpointOptions(input.node?.config), active: input.active },
    });
    invalidateWebhookEndpoints();
  },
  async deactivate(tx: Tx, automationId: string) {
    const r = await tx.webhookEndpoint.updateMany({ where: { automationId, active: true }, data: { active: false } });
    if (r.count > 0) invalidateWebhookEndpoints();
  },
};
