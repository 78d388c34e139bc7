import { z } from "zod";
import { defineNodeType } from "../field-meta";

export const WEBHOOK_METHODS = ["POST", "PUT", "PATCH", "DELETE", "GET"] as const;
export const WEBHOOK_AUTH_MODES = ["none", "header", "hmac"] as const;
export const WEBHOOK_RESPONSE_MODES = ["immediate", "wait"] as const;
export type WebhookAuthMode = (typeof WEBHOOK_AUTH_MODES)[number];
export type WebhookResponseMode = (typeof WEBHOOK_RESPONSE_MODES)[number];
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

export const webhookConfigSchema = z.object({
  methods: z
    .array(z.enum(WEBHOOK_METHODS, { error: () => `must be one of: ${WEBHOOK_METHODS.join(", ")}` }))
    .min(1, "must accept at least one method")
    .default(["POST"])
    .describe("HTTP methods the URL accepts; other methods are answered 405"),
  authMode: z
    .enum(WEBHOOK_AUTH_MODES, { error: () => 'must be "none", "header" or "hmac"' })
    .default("none")
    .describe('"none": anyone with the URL; "header": a shared secret in a request header; "hmac": Standard Webhooks signatures (webhook-id, webhook-timestamp, webhook-signature)'),
  headerName: z
    .string()
    .trim()
    .regex(HEADER_NAME_RE, "must be a valid HTTP header name (letters, digits and - _ . ! # $ % & ' * + ^ ` | ~)")
    .default("x-webhook-secret")
    .describe("Header that carries the shared secret (auth mode header)"),
  responseMode: z
    .enum(WEBHOOK_RESPONSE_MODES, { error: () => 'must be "immediate" or "wait"' })
    .default("immediate")
    .describe('"immediate": answer 202 with the run id at once; "wait": answer when the run finishes (a Respond step sets status and body)'),
  waitTimeoutMs: z
    .number({ error: () => "must be a number" })
    .int("must be a whole number of milliseconds")
    .min(100, "must be at least 100 ms")
    .max(30_000, "must be at most 30,000 ms")
    .default(10_000)
    .describe("Wait mode: answer 202 with the run id when the run takes longer than this"),
  rateLimit: z
    .number({ error: () => "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1 request per minute")
    .max(1_000_000, "must be at most 1,000,000 requests per minute")
    .default(60_000)
    .describe("Requests per minute accepted before 429"),
  maxBodyBytes: z
    .number({ error: () => "must be a number" })
    .int("must be a whole number of bytes")
    .min(1, "must be at least 1 byte")
    .max(1_048_576, "must be at most 1,048,576 bytes (1 MiB)")
    .default(1_048_576)
    .describe("Largest accepted body; larger bodies are answered 413"),
  sampleData: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Example trigger data for test runs from the editor and the variable picker: { body, headers, query, method, path }"),
});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const webhookNode = defineNodeType({
  type: "webhook",
  version: 1,
  kind: "trigger",
  pure: true,
  category: "Triggers",
  label: "Webhook",
  description: "Start the automation when another system calls its unique URL.",
  icon: "Webhook",
  configSchema: webhookConfigSchema,
  defaultConfig: {
    methods: ["POST"],
    authMode: "none",
    headerName: "x-webhook-secret",
    responseMode: "immediate",
    waitTimeoutMs: 10_000,
    rateLimit: 60_000,
    maxBodyBytes: 1_048_576,
    sampleData: { body: { amount: 42, email: "ada@example.com" }, headers: { "content-type": "application/json" }, query: {}, method: "POST", path: "" },
  },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: {
    body: { amount: 42, email: "ada@example.com" },
    headers: { "content-type": "application/json", "user-agent": "curl/8.5.0" },
    query: { source: "shop" },
    method: "POST",
    path: "",
  },
  summarize(config) {
    const auth = config.authMode === "none" ? "no auth" : config.authMode === "header" ? "header secret" : "signed (HMAC)";
    return `${config.methods.join(", ")} · ${auth} · ${config.responseMode === "wait" ? "waits for the result" : "answers at once"}`;
  },
  defaultTimeoutMs: 5_000,
  fieldMeta: {
    methods: { label: "Accepted methods", widget: "multiselect" },
    authMode: { label: "Authentication", widget: "select" },
    headerName: { label: "Secret header", showIf: { field: "authMode", equals: ["header"] } },
    responseMode: { label: "Response", widget: "select" },
    waitTimeoutMs: { label: "Wait at most", widget: "number", unit: "ms", showIf: { field: "responseMode", equals: ["wait"] } },
    rateLimit: { label: "Rate limit", widget: "number", unit: "per minute", advanced: true },
    maxBodyBytes: { label: "Body size limit", widget: "number", unit: "bytes", advanced: true },
    sampleData: { label: "Sample data", widget: "json", raw: true },
  },
});
