import { z } from "zod";
import { hasTemplate } from "../../templates/parse";
import { defineNodeType } from "../field-meta";
import { connectionIdField, isHttpUrlOrTemplate, isJsonOrTemplate, keyValueListSchema } from "./shared";

export const HTTP_AUTH_CONNECTION_TYPES = ["http_bearer", "http_header", "http_basic"] as const;

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;
export const HTTP_MAX_TIMEOUT_MS = 120_000;
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const httpRequestConfigSchema = z
  .object({
    method: z
      .enum(HTTP_METHODS, { error: () => `must be one of: ${HTTP_METHODS.join(", ")}` })
      .default("GET")
      .describe("HTTP method"),
    url: z
      .string()
      .trim()
      .max(4_000, "must be at most 4,000 characters")
      .default("")
      .describe("Required. http(s) URL; may use {{templates}}, e.g. https://api.example.com/orders/{{trigger.order_id}}, and stored secrets, {{connections.<name>.<field>}}"),
    connectionId: connectionIdField("Optional. A stored HTTP connection (bearer token, header or basic auth) whose credentials are added to the request"),
    headers: keyValueListSchema.default([]).describe("Request headers; values may use {{templates}} and {{connections.<name>.<field>}}"),
    query: keyValueListSchema.default([]).describe("Query string parameters added to the URL (values are URL-encoded)"),
    bodyType: z
      .enum(["none", "json", "text"], { error: () => 'must be "none", "json" or "text"' })
      .default("none")
      .describe('"json" sends Content-Type: application/json, "text" sends text/plain'),
    body: z.string().max(1_000_000, "must be at most 1,000,000 characters").default("").describe("Request body; may use {{templates}}"),
    timeoutMs: z
      .number({ error: () => "must be a number" })
      .int("must be a whole number of milliseconds")
      .min(100, "must be at least 100 ms")
      .max(HTTP_MAX_TIMEOUT_MS, "must be at most 120,000 ms (2 minutes)")
      .default(10_000)
      .describe("Give up after this many milliseconds (100–120,000)"),
    failOnHttpError: z
      .boolean({ error: () => "must be true or false" })
      .default(true)
      .describe("Fail the step on 4xx/5xx responses (5xx and 429 are retried per the retry policy); off: continue with the response"),
  })
  .superRefine((config, ctx) => {
    if (!isHttpUrlOrTemplate(config.url)) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "must be an http:// or https:// URL (or a {{template}})" });
    }
    config.headers.forEach((row, i) => {
      if (!hasTemplate(row.key) && !HEADER_NAME_RE.test(row.key)) {
        ctx.addIssue({ code: "custom", path: ["headers", i, "key"], message: `is not a valid header name: "${row.key}"` });
      }
    });
    if (config.bodyType !== "none" && (config.method === "GET" || config.method === "HEAD")) {
      ctx.addIssue({ code: "custom", path: ["bodyType"], message: `must be "none" for ${config.method} requests (use POST, PUT, PATCH or DELETE to send a body)` });
    }
    if (config.bodyType === "json" && !isJsonOrTemplate(config.body)) {
      ctx.addIssue({ code: "custom", path: ["body"], message: "must be valid JSON when body type is json" });
    }
  });
export type HttpRequestConfig = z.infer<typeof httpRequestConfigSchema>;

export const httpRequestNode = defineNodeType({
  type: "http_request",
  version: 1,
  kind: "action",
  category: "Actions",
  label: "HTTP request",
  description: "Call any HTTP API and use its response in later steps.",
  icon: "Globe",
  configSchema: httpRequestConfigSchema,
  defaultConfig: {
    method: "GET",
    url: "",
    connectionId: "",
    headers: [],
    query: [],
    bodyType: "none",
    body: "",
    timeoutMs: 10_000,
    failOnHttpError: true,
  },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: { id: "ord_1001", status: "paid", total: 129.5 },
  },
  summarize(config) {
    return `${config.method} ${config.url || "(no URL)"}`;
  },
  // The request's own timeoutMs (≤ 120 s) bounds the call; the step ceiling only has to exceed it.
  defaultTimeoutMs: 125_000,
  fieldMeta: {
    method: { label: "Method", widget: "select" },
    url: { label: "URL", widget: "url", templated: true, required: true, secrets: true, placeholder: "https://api.example.com/orders" },
    connectionId: { label: "Authentication", widget: "connection", connectionTypes: HTTP_AUTH_CONNECTION_TYPES },
    query: { label: "Query parameters", widget: "keyValue", templated: true, secrets: true },
    headers: { label: "Headers", widget: "keyValue", templated: true, secrets: true },
    bodyType: { label: "Body type", widget: "select", showIf: { field: "method", equals: ["POST", "PUT", "PATCH", "DELETE"] } },
    body: { label: "Body", widget: "json", templated: true, secrets: true, showIf: { field: "bodyType", equals: ["json", "text"] } },
    timeoutMs: { label: "Timeout", widget: "number", unit: "ms", advanced: true },
    failOnHttpError: { label: "Fail on HTTP error status", widget: "switch", advanced: true },
  },
});
