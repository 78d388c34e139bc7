import { z } from "zod";
import { createIncomingWebhook } from "@/server/services/webhooks/create-incoming-webhook";
import { deleteIncomingWebhook } from "@/server/services/webhooks/delete-incoming-webhook";
import { getIncomingWebhook } from "@/server/services/webhooks/get-incoming-webhook";
import { incomingOptionsFields, type IncomingOptions } from "@/server/services/webhooks/incoming";
import { listIncomingWebhooks } from "@/server/services/webhooks/list-incoming-webhooks";
import { rotateIncomingSecret, rotateIncomingUrl } from "@/server/services/webhooks/rotate-incoming-webhook";
import { updateIncomingWebhook } from "@/server/services/webhooks/update-incoming-webhook";
import { defineOperation } from "../operation";
import { listOf, pageList, pagingQuery } from "../paging";
import { incomingWebhookSchema, incomingWebhookSecretSchema, presentIncomingWebhook } from "../presenters/incoming-webhook";
import { idParam } from "./params";

const TAG = "Webhooks";
const webhookParams = z.strictObject({ webhook_id: idParam("webhook_id") });

/** snake_case option fields, validated by the Webhook trigger node's own schema (lib/nodes/catalog/webhook.ts). */
const options = {
  methods: incomingOptionsFields.methods,
  auth_mode: incomingOptionsFields.authMode,
  header_name: incomingOptionsFields.headerName,
  response_mode: incomingOptionsFields.responseMode,
  wait_timeout_ms: incomingOptionsFields.waitTimeoutMs,
  rate_limit: incomingOptionsFields.rateLimit,
  max_body_bytes: incomingOptionsFields.maxBodyBytes,
};
type OptionsBody = { [K in keyof typeof options]?: z.output<(typeof options)[K]> };

const toOptions = (b: OptionsBody): IncomingOptions => ({
  methods: b.methods,
  authMode: b.auth_mode,
  headerName: b.header_name,
  responseMode: b.response_mode,
  waitTimeoutMs: b.wait_timeout_ms,
  rateLimit: b.rate_limit,
  maxBodyBytes: b.max_body_bytes,
});

const MODEL =
  "An incoming webhook is the Webhook trigger of one automation: its options live in the automation's draft trigger node (the canvas shows the same), " +
  "and apply to the URL when the automation is published (pending_publish until then); the URL starts runs while the automation is active (active: true).";

export const incomingWebhookOperations = [
  defineOperation({
    method: "GET",
    path: "/webhooks/incoming",
    operationId: "listIncomingWebhooks",
    summary: "List incoming webhooks: the workspace's webhook-triggered automations with their URL and options (secrets never included)",
    description: MODEL,
    tag: TAG,
    permission: "webhooks:read",
    query: z.strictObject({ ...pagingQuery }),
    success: { status: 200, description: "A page of incoming webhooks, newest first", schema: listOf(incomingWebhookSchema) },
    async handler({ actor, db, query }) {
      const rows = await listIncomingWebhooks(actor, {}, db);
      const { page, next_cursor } = pageList(rows, (w) => w.id, query.limit, query.cursor);
      return { data: page.map(presentIncomingWebhook), next_cursor };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/webhooks/incoming",
    operationId: "createIncomingWebhook",
    summary: "Make an automation webhook-triggered: its draft trigger becomes a Webhook trigger with these options, and it gets a URL",
    description:
      `${MODEL} The draft's current trigger (manual, schedule or event) is replaced, its connections kept; the URL is created at once but answers 404 ` +
      "until the draft is published and the automation active (POST /automations/{automation_id}/enable does both). 409 when the automation already has an " +
      "incoming webhook (in its draft or published version). With auth_mode header or hmac, create the secret with POST /webhooks/incoming/{webhook_id}/rotate-secret.",
    tag: TAG,
    permission: "webhooks:write",
    body: z.strictObject({ automation_id: idParam("automation_id"), ...options }),
    // Not idempotent: a second create answers 409 anyway.
    success: { status: 201, description: "The incoming webhook", schema: incomingWebhookSchema },
    errors: [404, 409],
    async handler({ actor, db, body }) {
      return presentIncomingWebhook(await createIncomingWebhook(actor, { automationId: body.automation_id, ...toOptions(body) }, db));
    },
  }),
  defineOperation({
    method: "GET",
    path: "/webhooks/incoming/{webhook_id}",
    operationId: "getIncomingWebhook",
    summary: "Get an incoming webhook (its secret is never returned)",
    tag: TAG,
    permission: "webhooks:read",
    params: webhookParams,
    success: { status: 200, description: "The incoming webhook", schema: incomingWebhookSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => presentIncomingWebhook(await getIncomingWebhook(actor, { id: params.webhook_id }, db)),
  }),
  defineOperation({
    method: "PATCH",
    path: "/webhooks/incoming/{webhook_id}",
    operationId: "updateIncomingWebhook",
    summary: "Change an incoming webhook's options (in the automation's draft; they apply with the next publish)",
    description:
      "Edits the draft's Webhook trigger node, as the canvas does (a concurrent editor save is detected: 409, retry). pending_publish is true until the automation " +
      "is published (POST /automations/{automation_id}/publish or /enable). 409 when the draft's trigger is no longer a webhook.",
    tag: TAG,
    permission: "webhooks:write",
    params: webhookParams,
    body: z.strictObject(options),
    success: { status: 200, description: "The incoming webhook", schema: incomingWebhookSchema },
    errors: [404, 409],
    handler: async ({ actor, db, params, body }) => presentIncomingWebhook(await updateIncomingWebhook(actor, { id: params.webhook_id, ...toOptions(body) }, db)),
  }),
  defineOperation({
    method: "DELETE",
    path: "/webhooks/incoming/{webhook_id}",
    operationId: "deleteIncomingWebhook",
    summary: "Delete an incoming webhook that is not published: the draft's trigger goes back to Manual; the URL and secret are deleted",
    description:
      "409 while the published version is started by this webhook (deleting its URL would break the published version): set another trigger " +
      "(PATCH /automations/{automation_id} with trigger_type, or the canvas) and publish it; the URL stops working then and the webhook leaves this list.",
    tag: TAG,
    permission: "webhooks:write",
    params: webhookParams,
    success: { status: 204, description: "Deleted" },
    errors: [404, 409],
    async handler({ actor, db, params }) {
      await deleteIncomingWebhook(actor, { id: params.webhook_id }, db);
    },
  }),
  defineOperation({
    method: "POST",
    path: "/webhooks/incoming/{webhook_id}/rotate-secret",
    operationId: "rotateIncomingWebhookSecret",
    summary: "Generate a new secret for the webhook; returned this once, the old one stops working at once",
    description: 'kind defaults to the auth mode: hmac → a Standard Webhooks whsec_ signing secret, header → a random shared header secret. Required when auth_mode is "none".',
    tag: TAG,
    permission: "webhooks:write",
    params: webhookParams,
    body: z.strictObject({ kind: z.enum(["header", "hmac"]).optional().describe("header: a shared header secret; hmac: a whsec_ signing secret") }),
    success: { status: 200, description: "The webhook with its new secret", schema: incomingWebhookSecretSchema },
    errors: [404],
    async handler({ actor, db, params, body }) {
      const r = await rotateIncomingSecret(actor, { id: params.webhook_id, kind: body.kind }, db);
      return { ...presentIncomingWebhook(r.webhook), secret: r.secret };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/webhooks/incoming/{webhook_id}/rotate-url",
    operationId: "rotateIncomingWebhookUrl",
    summary: "Give the webhook a new URL; the old one answers 404 at once",
    tag: TAG,
    permission: "webhooks:write",
    params: webhookParams,
    success: { status: 200, description: "The webhook with its new url", schema: incomingWebhookSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => presentIncomingWebhook(await rotateIncomingUrl(actor, { id: params.webhook_id }, db)),
  }),
];
