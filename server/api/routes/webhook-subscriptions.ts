import { z } from "zod";
import { PLATFORM_EVENT_TYPES } from "@/lib/platform-events/catalog";
import { createSubscription } from "@/server/services/webhook-subscriptions/create-subscription";
import { listSubscriptions } from "@/server/services/webhook-subscriptions/list-subscriptions";
import { getSubscription } from "@/server/services/webhook-subscriptions/get-subscription";
import { updateSubscription } from "@/server/services/webhook-subscriptions/update-subscription";
import { deleteSubscription } from "@/server/services/webhook-subscriptions/delete-subscription";
import { listDeliveryLogs } from "@/server/services/webhook-subscriptions/list-delivery-logs";
import { listEventTypes } from "@/server/services/webhook-subscriptions/list-event-types";
import { rotateSubscriptionSecret } from "@/server/services/webhook-subscriptions/rotate-subscription-secret";
import { redeliver } from "@/server/services/webhook-subscriptions/redeliver";
import { defineOperation } from "../operation";
import { listOf, pageList, pagingQuery } from "../paging";
import {
  presentDeliveryLog, presentWebhookSubscription, webhookDeliveryLogSchema, webhookEventTypeSchema, webhookSubscriptionCreatedSchema, webhookSubscriptionSchema,
} from "../presenters/webhook-subscription";
import { iso } from "../presenters/common";
import { idParam } from "./params";

const TAG = "Webhooks";
const subscriptionParams = z.strictObject({ subscription_id: idParam("subscription_id") });
const deliveryParams = z.strictObject({ subscription_id: idParam("subscription_id"), delivery_id: idParam("delivery_id") });
const redeliveredSchema = z.object({
  delivery_id: z.string(),
  next_attempt_at: z.string().describe("The delivery is due at once: the delivery loop sends it within about a second"),
});
const events = z.array(z.string().max(100)).min(1).max(50).describe(`Event types (${PLATFORM_EVENT_TYPES.join(", ")}) or ["*"] for all`);
const writable = {
  url: z.string().min(1).max(2_000).describe("Delivery URL (https://…); private and internal addresses are refused"),
  events,
  description: z.string().max(500).optional(),
  is_active: z.boolean().optional(),
};

export const webhookSubscriptionOperations = [
  defineOperation({
    method: "GET",
    path: "/webhooks/events",
    operationId: "listWebhookEventTypes",
    summary: "The platform events a subscription can receive, with the JSON Schema of each payload",
    description: "Every delivery is POSTed as { id, type, timestamp, workspace_id, data }, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).",
    tag: TAG,
    permission: "webhooks:read",
    success: { status: 200, description: "The catalog", schema: z.object({ data: z.array(webhookEventTypeSchema), envelope_schema: z.record(z.string(), z.unknown()) }) },
    async handler() {
      const c = listEventTypes();
      return { data: c.types.map((t) => ({ type: t.type, description: t.description, data_schema: t.dataSchema })), envelope_schema: c.envelope };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/webhooks/subscriptions",
    operationId: "listWebhookSubscriptions",
    summary: "List event subscriptions (secrets never included)",
    tag: TAG,
    permission: "webhooks:read",
    query: z.strictObject({ ...pagingQuery, is_active: z.enum(["true", "false"]).optional() }),
    success: { status: 200, description: "A page of subscriptions", schema: listOf(webhookSubscriptionSchema) },
    async handler({ actor, db, query }) {
      const rows = await listSubscriptions(actor, { active: query.is_active === undefined ? undefined : query.is_active === "true" }, db);
      const { page, next_cursor } = pageList(rows, (s) => s.id, query.limit, query.cursor);
      return { data: page.map(presentWebhookSubscription), next_cursor };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/webhooks/subscriptions",
    operationId: "createWebhookSubscription",
    summary: "Subscribe a URL to platform events; the signing secret is returned this once",
    description: "url and events are required. secret (whsec_ + base64 of 24–64 bytes) is optional: one is generated when omitted.",
    tag: TAG,
    permission: "webhooks:write",
    body: z.strictObject({ ...writable, secret: z.string().max(200).optional() }),
    // Not idempotent on purpose: a stored replay would keep the signing secret in clear in ApiIdempotency.
    success: { status: 201, description: "The subscription with its secret", schema: webhookSubscriptionCreatedSchema },
    async handler({ actor, db, body }) {
      const r = await createSubscription(actor, { url: body.url, events: body.events, description: body.description, active: body.is_active, secret: body.secret }, db);
      return { ...presentWebhookSubscription(r.subscription), secret: r.secret };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/webhooks/subscriptions/{subscription_id}",
    operationId: "getWebhookSubscription",
    summary: "Get an event subscription (its secret is never returned)",
    tag: TAG,
    permission: "webhooks:read",
    params: subscriptionParams,
    success: { status: 200, description: "The subscription", schema: webhookSubscriptionSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => presentWebhookSubscription(await getSubscription(actor, { id: params.subscription_id }, db)),
  }),
  defineOperation({
    method: "PATCH",
    path: "/webhooks/subscriptions/{subscription_id}",
    operationId: "updateWebhookSubscription",
    summary: "Update an event subscription: url, events, description, is_active (true re-enables a disabled one)",
    tag: TAG,
    permission: "webhooks:write",
    params: subscriptionParams,
    body: z.strictObject({ ...writable, url: writable.url.optional(), events: events.optional() }),
    success: { status: 200, description: "The subscription", schema: webhookSubscriptionSchema },
    errors: [404],
    async handler({ actor, db, params, body }) {
      const s = await updateSubscription(actor, { id: params.subscription_id, url: body.url, events: body.events, description: body.description, active: body.is_active }, db);
      return presentWebhookSubscription(s);
    },
  }),
  defineOperation({
    method: "DELETE",
    path: "/webhooks/subscriptions/{subscription_id}",
    operationId: "deleteWebhookSubscription",
    summary: "Delete an event subscription with its deliveries and log",
    tag: TAG,
    permission: "webhooks:write",
    params: subscriptionParams,
    success: { status: 204, description: "Deleted" },
    errors: [404],
    async handler({ actor, db, params }) {
      await deleteSubscription(actor, { id: params.subscription_id }, db);
    },
  }),
  defineOperation({
    method: "GET",
    path: "/webhooks/subscriptions/{subscription_id}/logs",
    operationId: "listWebhookDeliveryLogs",
    summary: "Delivery log of a subscription, newest first: attempt, status code, duration, response excerpt, error, next retry",
    tag: TAG,
    permission: "webhooks:read",
    params: subscriptionParams,
    query: z.strictObject({ ...pagingQuery, event_id: z.string().max(64).optional() }),
    success: { status: 200, description: "A page of attempts", schema: listOf(webhookDeliveryLogSchema) },
    errors: [404],
    async handler({ actor, db, params, query }) {
      const rows = await listDeliveryLogs(actor, { id: params.subscription_id, eventId: query.event_id, limit: 500 }, db);
      const { page, next_cursor } = pageList(rows, (l) => l.id, query.limit, query.cursor);
      return { data: page.map(presentDeliveryLog), next_cursor };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/webhooks/subscriptions/{subscription_id}/rotate-secret",
    operationId: "rotateWebhookSubscriptionSecret",
    summary: "Generate a new signing secret; returned this once",
    description: "Every attempt from now on (retries of earlier events included) is signed with the new secret; the old one is no longer used.",
    tag: TAG,
    permission: "webhooks:write",
    params: subscriptionParams,
    success: { status: 200, description: "The subscription with its new secret", schema: webhookSubscriptionCreatedSchema },
    errors: [404],
    async handler({ actor, db, params }) {
      const r = await rotateSubscriptionSecret(actor, { id: params.subscription_id }, db);
      return { ...presentWebhookSubscription(r.subscription), secret: r.secret };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/webhooks/subscriptions/{subscription_id}/deliveries/{delivery_id}/redeliver",
    operationId: "redeliverWebhookDelivery",
    summary: "Send a delivery again (same webhook-id, so the receiver can deduplicate); its attempts continue numbering",
    description: "delivery_id is the delivery_id of a log entry (GET /webhooks/subscriptions/{subscription_id}/logs). 409 when the subscription is disabled or the event is being delivered right now.",
    tag: TAG,
    permission: "webhooks:write",
    params: deliveryParams,
    success: { status: 202, description: "Queued for delivery", schema: redeliveredSchema },
    errors: [404, 409],
    async handler({ actor, db, params }) {
      const r = await redeliver(actor, { id: params.subscription_id, deliveryId: params.delivery_id }, db);
      return { delivery_id: r.deliveryId, next_attempt_at: iso(r.nextAttemptAt) };
    },
  }),
];
