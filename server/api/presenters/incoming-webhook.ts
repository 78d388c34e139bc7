import { z } from "zod";
import type { IncomingWebhookInfo } from "@/server/services/webhooks/incoming";
import { iso, isoOrNull, registerSchema } from "./common";

/** REST shape of an incoming webhook (seed 003 "Webhooks"): the automation's webhook trigger; the secret is never part of it. */
export const incomingWebhookSchema = registerSchema(
  "IncomingWebhook",
  z.object({
    id: z.string().describe("The webhook endpoint's id"),
    url: z.string().describe("The URL to call: /api/hooks/<token>"),
    methods: z.array(z.string()).describe("Accepted HTTP methods; others are answered 405"),
    auth_mode: z.enum(["none", "header", "hmac"]).describe('"none", "header" (shared secret in header_name) or "hmac" (Standard Webhooks signature)'),
    header_name: z.string().nullable().describe("Header carrying the shared secret (auth_mode header)"),
    response_mode: z.enum(["immediate", "wait"]).describe('"immediate": 202 with the run id; "wait": the run\'s answer, up to wait_timeout_ms'),
    wait_timeout_ms: z.number().int(),
    rate_limit: z.number().int().describe("Requests per minute before 429"),
    max_body_bytes: z.number().int().describe("Largest accepted body (413 above)"),
    active: z.boolean().describe("The URL starts runs now: the automation is active and its published trigger is this webhook"),
    pending_publish: z.boolean().describe("The draft's webhook options differ from the published ones; they apply with the next publish"),
    secret_set: z.boolean().describe("Whether a secret is set (the secret itself is shown only by rotate-secret)"),
    secret_set_at: z.string().nullable(),
    rotated_at: z.string().nullable().describe("When the URL was last rotated"),
    automation: z.object({ id: z.string(), name: z.string(), status: z.enum(["draft", "active", "paused", "archived"]) }),
    created_at: z.string(),
  }),
);

export const incomingWebhookSecretSchema = registerSchema(
  "IncomingWebhookWithSecret",
  incomingWebhookSchema.extend({ secret: z.string().describe("The new secret (whsec_… for hmac): shown this once, store it now") }),
);

export function presentIncomingWebhook(w: IncomingWebhookInfo): z.input<typeof incomingWebhookSchema> {
  return {
    id: w.id,
    url: w.url,
    methods: w.methods,
    auth_mode: w.authMode as "none" | "header" | "hmac",
    header_name: w.headerName,
    response_mode: w.responseMode as "immediate" | "wait",
    wait_timeout_ms: w.waitTimeoutMs,
    rate_limit: w.rateLimit,
    max_body_bytes: w.maxBodyBytes,
    active: w.active,
    pending_publish: w.pendingPublish,
    secret_set: w.hasSecret,
    secret_set_at: isoOrNull(w.secretSetAt),
    rotated_at: isoOrNull(w.rotatedAt),
    automation: { id: w.automation.id, name: w.automation.name, status: w.automation.status.toLowerCase() as "draft" | "active" | "paused" | "archived" },
    created_at: iso(w.createdAt),
  };
}
