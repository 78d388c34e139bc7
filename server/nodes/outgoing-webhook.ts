import { createHash } from "node:crypto";
import { outgoingWebhookConfigSchema, type OutgoingWebhookConfig } from "@/lib/nodes/catalog/outgoing-webhook";
import { fatal, StepError, type JsonValue, type NodeContext, type NodeExecutor, type NodeResult, type OutgoingWebhooks } from "@/server/engine/contract";
import { optionalText, parseConfig, record, snippet } from "./config";

/**
 * Outgoing webhook: posts { id, type, timestamp, workspace_id, data } to a
 * named endpoint through ctx.services.outgoingWebhooks, which signs it
 * (Standard Webhooks), adds the endpoint's headers (connection values resolved
 * there, masked in the recorded request) and logs every attempt. The webhook-id
 * comes from the step's idempotency key, so every retry of the step (and a
 * re-execution after a crash) carries the same one and the receiver can deduplicate.
 * Non-2xx fails the step: 5xx, 429, timeouts and network errors retryably, the rest fatally.
 */
function config(resolved: unknown): OutgoingWebhookConfig {
  const raw = record(resolved);
  return parseConfig(
    outgoingWebhookConfigSchema,
    { ...raw, webhookId: optionalText(raw.webhookId), eventType: optionalText(raw.eventType), body: optionalText(raw.body) },
    "Outgoing webhook",
  );
}

/** The webhook-id of a step: stable across its attempts. */
export function messageIdFor(idempotencyKey: string): string {
  return `msg_${createHash("sha256").update(idempotencyKey, "utf8").digest("base64url").slice(0, 32)}`;
}

function plan(ctx: NodeContext): { webhookId: string; eventType: string; data: JsonValue } {
  const c = config(ctx.config);
  if (!c.webhookId) throw fatal('"webhookId" is required: choose the outgoing webhook endpoint this step posts to', "CONFIG_INVALID");
  let data: JsonValue;
  try {
    data = JSON.parse(c.body.trim() === "" ? "{}" : c.body) as JsonValue;
  } catch (e) {
    throw fatal(`"body" must be valid JSON after filling in variables (${(e as Error).message}): ${snippet(c.body, 200)}`, "CONFIG_INVALID");
  }
  return { webhookId: c.webhookId, eventType: c.eventType, data };
}

function sender(ctx: NodeContext): OutgoingWebhooks {
  const s = ctx.services.outgoingWebhooks;
  if (!s) throw fatal("Outgoing webhooks are not available in this engine process", "OUTGOING_WEBHOOKS_UNAVAILABLE");
  return s;
}

export const outgoingWebhookExecutor: NodeExecutor = {
  type: "outgoing_webhook",
  version: 1,
  async preview(ctx) {
    const p = plan(ctx);
    return { method: "POST", webhookId: p.webhookId, messageId: messageIdFor(ctx.idempotencyKey), body: { id: messageIdFor(ctx.idempotencyKey), type: p.eventType, data: p.data } };
  },
  async execute(ctx): Promise<NodeResult> {
    const p = plan(ctx);
    const r = await sender(ctx).send({
      workspaceId: ctx.workspaceId,
      webhookId: p.webhookId,
      eventType: p.eventType,
      data: p.data,
      messageId: messageIdFor(ctx.idempotencyKey),
      runId: ctx.runId,
      stepKey: ctx.idempotencyKey,
      attempt: ctx.attempt,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    });
    ctx.recordRequest?.({ webhook: r.webhookName, ...(record(r.request) as Record<string, JsonValue>) });
    if (r.error) {
      const details: JsonValue = { status: r.statusCode, messageId: r.messageId, response: r.responseExcerpt };
      throw new StepError(`Outgoing webhook "${r.webhookName}": ${r.error.message}${r.responseExcerpt?.trim() ? `: ${snippet(r.responseExcerpt, 300)}` : ""}`, r.error.retryable, r.error.code, details);
    }
    return { output: { ok: true, status: r.statusCode, webhook: r.webhookName, messageId: r.messageId, durationMs: r.durationMs, response: r.responseExcerpt } };
  },
};
