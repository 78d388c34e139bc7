import { z } from "zod";
import type { DeliveryLogEntry, SubscriptionInfo } from "@/server/services/webhook-subscriptions/present";
import { iso, isoOrNull, registerSchema } from "./common";

/** REST shape of an event subscription (seed 003 "Webhooks"): the signing secret is never part of it. */
export const webhookSubscriptionSchema = registerSchema(
  "WebhookSubscription",
  z.object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()).describe('Subscribed event types, or ["*"] for all'),
    description: z.string(),
    is_active: z.boolean(),
    secret_set_at: z.string().describe("When the signing secret was set (the secret itself is shown only on create)"),
    consecutive_failures: z.number().int(),
    failing_since: z.string().nullable(),
    disabled_at: z.string().nullable(),
    disabled_reason: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  }),
);

export const webhookSubscriptionCreatedSchema = registerSchema(
  "WebhookSubscriptionCreated",
  webhookSubscriptionSchema.extend({ secret: z.string().describe("whsec_… signing secret: shown this once, store it now") }),
);

export const webhookDeliveryLogSchema = registerSchema(
  "WebhookDeliveryLog",
  z.object({
    id: z.string(),
    delivery_id: z.string(),
    event_id: z.string().describe("The webhook-id header (the same on every attempt)"),
    event_type: z.string(),
    attempt: z.number().int(),
    status_code: z.number().int().nullable(),
    duration_ms: z.number().int(),
    response_excerpt: z.string().nullable().describe("First 1 KB of the response body"),
    error: z.string().nullable(),
    next_retry_at: z.string().nullable(),
    created_at: z.string(),
  }),
);

export const webhookEventTypeSchema = registerSchema(
  "WebhookEventType",
  z.object({ type: z.string(), description: z.string(), data_schema: z.record(z.string(), z.unknown()).describe("JSON Schema of the event's data") }),
);

export function presentWebhookSubscription(s: SubscriptionInfo): z.input<typeof webhookSubscriptionSchema> {
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    description: s.description,
    is_active: s.active,
    secret_set_at: iso(s.secretSetAt),
    consecutive_failures: s.consecutiveFailures,
    failing_since: isoOrNull(s.failingSince),
    disabled_at: isoOrNull(s.disabledAt),
    disabled_reason: s.disabledReason,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
}

export function presentDeliveryLog(l: DeliveryLogEntry): z.input<typeof webhookDeliveryLogSchema> {
  return {
    id: l.id,
    delivery_id: l.deliveryId,
    event_id: l.eventId,
    event_type: l.eventType,
    attempt: l.attempt,
    status_code: l.statusCode,
    duration_ms: l.durationMs,
    response_excerpt: l.responseExcerpt,
    error: l.error,
    next_retry_at: isoOrNull(l.nextRetryAt),
    created_at: iso(l.createdAt),
  };
}
