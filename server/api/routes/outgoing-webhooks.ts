import { z } from "zod";
import { OUTGOING_LOG_STATUSES, OUTGOING_MAX_HEADERS, type OutgoingHeader } from "@/lib/outgoing-webhooks/fields";
import { createOutgoingWebhook } from "@/server/services/outgoing-webhooks/create-outgoing-webhook";
import { listOutgoingWebhooks } from "@/server/services/outgoing-webhooks/list-outgoing-webhooks";
import { getOutgoingWebhook } from "@/server/services/outgoing-webhooks/get-outgoing-webhook";
import { updateOutgoingWebhook } from "@/server/services/outgoing-webhooks/update-outgoing-webhook";
import { deleteOutgoingWebhook } from "@/server/services/outgoing-webhooks/delete-outgoing-webhook";
import { rotateOutgoingSecret } from "@/server/services/outgoing-webhooks/rotate-outgoing-secret";
import { sendTestEvent } from "@/server/services/outgoing-webhooks/send-test-event";
import { listOutgoingAttempts } from "@/server/services/outgoing-webhooks/list-outgoing-attempts";
import { defineOperation } from "../operation";
import { listOf, pageList, pagingQuery } from "../paging";
import {
  outgoingWebhookLogSchema, outgoingWebhookSchema, outgoingWebhookTestResultSchema, outgoingWebhookWithSecretSchema,
  presentOutgoingLog, presentOutgoingWebhook, presentTestResult,
} from "../presenters/outgoing-webhook";
import { idParam } from "./params";

const TAG = "Webhooks";
const webhookParams = z.strictObject({ outgoing_webhook_id: idParam("outgoing_webhook_id") });

const header = z.union(
  [
    z.strictObject({ name: z.string().max(100), value: z.string().max(4_000) }),
    z.strictObject({ name: z.string().max(100), connection_id: z.string().max(64), field: z.string().max(64) }),
  ],
  { error: "a header is { name, value } or { name, connection_id, field }" },
);
const headers = z
  .array(header)
  .max(OUTGOING_MAX_HEADERS)
  .describe("Sent with every request. { name, value } is stored as written; { name, connection_id, field } reads a connection's (secret) field when sending");
const writable = {
  name: z.string().min(1).max(100).describe("Unique in the workspace"),
  url: z.string().min(1).max(2_000).describe("Endpoint URL (https://…); private and internal addresses are refused"),
  headers: headers.optional(),
  description: z.string().max(500).optional(),
  is_active: z.boolean().optional(),
  timeout_ms: z.number().int().min(500).max(30_000).optional().describe("Per-request timeout (500–30,000 ms; default 10,000)"),
};

function toHeaders(rows: z.output<typeof headers> | undefined): OutgoingHeader[] | undefined {
  return rows?.map((h) => ("connection_id" in h ? { name: h.name, connectionId: h.connection_id, field: h.field } : { name: h.name, value: h.value }));
}

export const outgoingWebhookOperations = [
  defineOperation({
    method: "GET",
    path: "/webhooks/outgoing",
    operationId: "listOutgoingWebhooks",
    summary: "List outgoing webhook endpoints with their last delivery (secrets never included)",
    tag: TAG,
    permission: "webhooks:read",
    query: z.strictObject({ ...pagingQuery, is_active: z.enum(["true", "false"]).optional() }),
    success: { status: 200, description: "A page of endpoints", schema: listOf(outgoingWebhookSchema) },
    async handler({ actor, db, query }) {
      const rows = await listOutgoingWebhooks(actor, { active: query.is_active === undefined ? undefined : query.is_active === "true" }, db);
      const { page, next_cursor } = pageList(rows, (w) => w.id, query.limit, query.cursor);
      return { data: page.map(presentOutgoingWebhook), next_cursor };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/webhooks/outgoing",
    operationId: "createOutgoingWebhook",
    summary: "Create an outgoing webhook endpoint; its generated signing secret is returned this once",
    description:
      "Automations post to it with the outgoing_webhook step; POST …/test sends a webhook.test event. Every request is POSTed as { id, type, timestamp, workspace_id, data }, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).",
    tag: TAG,
    permission: "webhooks:write",
    body: z.strictObject(writable),
    // Not idempotent on purpose: a stored replay would keep the signing secret in clear in ApiIdempotency.
    success: { status: 201, description: "The endpoint with its secret", schema: outgoingWebhookWithSecretSchema },
    errors: [409],
    async handler({ actor, db, body }) {
      const r = await createOutgoingWebhook(
        actor,
        { name: body.name, url: body.url, headers: toHeaders(body.headers), description: body.description, active: body.is_active, timeoutMs: body.timeout_ms },
        db,
      );
      return { ...presentOutgoingWebhook(r.webhook), secret: r.secret };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/webhooks/outgoing/{outgoing_webhook_id}",
    operationId: "getOutgoingWebhook",
    summary: "Get an outgoing webhook endpoint (its secret is never returned)",
    tag: TAG,
    permission: "webhooks:read",
    params: webhookParams,
    success: { status: 200, description: "The endpoint", schema: outgoingWebhookSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => presentOutgoingWebhook(await getOutgoingWebhook(actor, { id: params.outgoing_webhook_id }, db)),
  }),
  defineOperation({
    method: "PATCH",
    path: "/webhooks/outgoing/{outgoing_webhook_id}",
    operationId: "updateOutgoingWebhook",
    summary: "Update an outgoing webhook endpoint: name, url, headers (replaces the list), description, is_active, timeout_ms",
    tag: TAG,
    permission: "webhooks:write",
    params: webhookParams,
    body: z.strictObject({ ...writable, name: writable.name.optional(), url: writable.url.optional() }),
    success: { status: 200, description: "The endpoint", schema: outgoingWebhookSchema },
    errors: [404, 409],
    async handler({ actor, db, params, body }) {
      const w = await updateOutgoingWebhook(
        actor,
        { id: params.outgoing_webhook_id, name: body.name, url: body.url, headers: toHeaders(body.headers), description: body.description, active: body.is_active, timeoutMs: body.timeout_ms },
        db,
      );
      return presentOutgoingWebhook(w);
    },
  }),
  defineOperation({
    method: "DELETE",
    path: "/webhooks/outgoing/{outgoing_webhook_id}",
    operationId: "deleteOutgoingWebhook",
    summary: "Delete an outgoing webhook endpoint with its delivery log",
    tag: TAG,
    permission: "webhooks:write",
    params: webhookParams,
    success: { status: 204, description: "Deleted" },
    errors: [404],
    async handler({ actor, db, params }) {
      await deleteOutgoingWebhook(actor, { id: params.outgoing_webhook_id }, db);
    },
  }),
  defineOperation({
    method: "POST",
    path: "/webhooks/outgoing/{outgoing_webhook_id}/test",
    operationId: "testOutgoingWebhook",
    summary: "Send a signed webhook.test event to the endpoint now and return its answer",
    description: "The answer of the endpoint (also a failure: non-2xx, timeout, refused address) is in the body; the attempt is in the delivery log with source test.",
    tag: TAG,
    permission: "webhooks:write",
    params: webhookParams,
    success: { status: 200, description: "What the endpoint answered", schema: outgoingWebhookTestResultSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => presentTestResult(await sendTestEvent(actor, { id: params.outgoing_webhook_id }, db)),
  }),
  defineOperation({
    method: "POST",
    path: "/webhooks/outgoing/{outgoing_webhook_id}/rotate-secret",
    operationId: "rotateOutgoingWebhookSecret",
    summary: "Replace the endpoint's signing secret; the new one is returned this once",
    tag: TAG,
    permission: "webhooks:write",
    params: webhookParams,
    success: { status: 200, description: "The endpoint with its new secret", schema: outgoingWebhookWithSecretSchema },
    errors: [404],
    async handler({ actor, db, params }) {
      const r = await rotateOutgoingSecret(actor, { id: params.outgoing_webhook_id }, db);
      return { ...presentOutgoingWebhook(r.webhook), secret: r.secret };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/webhooks/outgoing/{outgoing_webhook_id}/logs",
    operationId: "listOutgoingWebhookLogs",
    summary: "Delivery log of an outgoing webhook endpoint, newest first: one row per HTTP attempt (tests and automation steps)",
    tag: TAG,
    permission: "webhooks:read",
    params: webhookParams,
    query: z.strictObject({
      ...pagingQuery,
      status: z.enum(OUTGOING_LOG_STATUSES).optional().describe("success: 2xx answers; failed: everything else"),
      source: z.enum(["test", "automation"]).optional(),
      run_id: z.string().max(64).optional(),
    }),
    success: { status: 200, description: "A page of attempts", schema: listOf(outgoingWebhookLogSchema) },
    errors: [404],
    async handler({ actor, db, params, query }) {
      const r = await listOutgoingAttempts(
        actor,
        { id: params.outgoing_webhook_id, status: query.status, source: query.source, runId: query.run_id, limit: query.limit, cursor: query.cursor },
        db,
      );
      return { data: r.items.map(presentOutgoingLog), next_cursor: r.nextCursor };
    },
  }),
];
