import { z } from "zod";
import { isConnectionHeader } from "@/lib/outgoing-webhooks/fields";
import type { OutgoingAttemptInfo, OutgoingWebhookInfo } from "@/server/services/outgoing-webhooks/present";
import type { TestEventResult } from "@/server/services/outgoing-webhooks/send-test-event";
import { iso, registerSchema } from "./common";

/** REST shapes of outgoing webhook endpoints (seed 003 "Webhooks"): no signing secret, no connection value. */
export const outgoingWebhookHeaderSchema = registerSchema(
  "OutgoingWebhookHeader",
  z
    .object({
      name: z.string(),
      value: z.string().optional().describe("A literal value (stored as written: use a connection for secrets)"),
      connection_id: z.string().optional().describe("The value is this connection's field, read when a request is sent (never returned)"),
      field: z.string().optional(),
    })
    .describe("Either { name, value } or { name, connection_id, field }"),
);

export const outgoingWebhookSchema = registerSchema(
  "OutgoingWebhook",
  z.object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    headers: z.array(outgoingWebhookHeaderSchema),
    description: z.string(),
    is_active: z.boolean(),
    timeout_ms: z.number().int(),
    secret_set_at: z.string().describe("When the signing secret was set (the secret itself is shown only on create and rotate)"),
    last_delivery: z
      .object({ status_code: z.number().int().nullable(), ok: z.boolean(), error: z.string().nullable(), source: z.string(), at: z.string() })
      .nullable()
      .optional()
      .describe("The most recent attempt (lists and get)"),
    created_at: z.string(),
    updated_at: z.string(),
  }),
);

export const outgoingWebhookWithSecretSchema = registerSchema(
  "OutgoingWebhookWithSecret",
  outgoingWebhookSchema.extend({ secret: z.string().describe("whsec_… signing secret: shown this once, store it now") }),
);

export const outgoingWebhookLogSchema = registerSchema(
  "OutgoingWebhookLog",
  z.object({
    id: z.string(),
    webhook_id: z.string(),
    message_id: z.string().describe("The webhook-id header (the same on every attempt of one automation step)"),
    event_type: z.string(),
    source: z.enum(["test", "automation"]),
    run_id: z.string().nullable(),
    step_key: z.string().nullable(),
    attempt: z.number().int(),
    status_code: z.number().int().nullable(),
    ok: z.boolean(),
    duration_ms: z.number().int(),
    request_excerpt: z.string().nullable().describe("First 1 KB of the request body, secrets masked"),
    response_excerpt: z.string().nullable().describe("First 1 KB of the response body"),
    error: z.string().nullable(),
    created_at: z.string(),
  }),
);

export const outgoingWebhookTestResultSchema = registerSchema(
  "OutgoingWebhookTestResult",
  z.object({
    ok: z.boolean().describe("The endpoint answered 2xx"),
    status_code: z.number().int().nullable(),
    duration_ms: z.number().int(),
    message_id: z.string(),
    response_excerpt: z.string().nullable(),
    error: z.string().nullable(),
    log_id: z.string(),
  }),
);

export function presentOutgoingWebhook(w: OutgoingWebhookInfo): z.input<typeof outgoingWebhookSchema> {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    headers: w.headers.map((h) => (isConnectionHeader(h) ? { name: h.name, connection_id: h.connectionId, field: h.field } : { name: h.name, value: h.value })),
    description: w.description,
    is_active: w.active,
    timeout_ms: w.timeoutMs,
    secret_set_at: iso(w.secretSetAt),
    ...(w.lastAttempt === undefined
      ? {}
      : { last_delivery: w.lastAttempt ? { status_code: w.lastAttempt.statusCode, ok: w.lastAttempt.ok, error: w.lastAttempt.error, source: w.lastAttempt.source, at: iso(w.lastAttempt.at) } : null }),
    created_at: iso(w.createdAt),
    updated_at: iso(w.updatedAt),
  };
}

export function presentOutgoingLog(a: OutgoingAttemptInfo): z.input<typeof outgoingWebhookLogSchema> {
  return {
    id: a.id,
    webhook_id: a.webhookId,
    message_id: a.messageId,
    event_type: a.eventType,
    source: a.source === "test" ? "test" : "automation",
    run_id: a.runId,
    step_key: a.stepKey,
    attempt: a.attempt,
    status_code: a.statusCode,
    ok: a.ok,
    duration_ms: a.durationMs,
    request_excerpt: a.requestExcerpt,
    response_excerpt: a.responseExcerpt,
    error: a.error,
    created_at: iso(a.createdAt),
  };
}

export function presentTestResult(r: TestEventResult): z.input<typeof outgoingWebhookTestResultSchema> {
  return {
    ok: r.ok,
    status_code: r.statusCode,
    duration_ms: r.durationMs,
    message_id: r.messageId,
    response_excerpt: r.responseExcerpt,
    error: r.error,
    log_id: r.attemptId,
  };
}
