import { z } from "zod";

/**
 * Browser-safe shapes of outgoing webhook endpoints (issue 14 item 3): the
 * services validate with them, the settings form reuses them. A header is a
 * literal `{ name, value }` (stored as written: not for secrets) or a reference
 * `{ name, connectionId, field }` to a stored connection's field, resolved when
 * a request is sent and masked wherever the request is recorded.
 */
export const OUTGOING_MAX_HEADERS = 20;
export const OUTGOING_DEFAULT_TIMEOUT_MS = 10_000;
export const OUTGOING_MAX_TIMEOUT_MS = 30_000;
export const OUTGOING_DEFAULT_EVENT_TYPE = "automation.event";
export const OUTGOING_TEST_EVENT_TYPE = "webhook.test";

const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by the sender itself: a header of the endpoint may not replace them. */
export const RESERVED_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "content-length", "host", "transfer-encoding", "connection"] as const;

export const outgoingIdField = z.string({ error: "id is required" }).min(1, "id is required").max(64, "id: at most 64 characters");
export const outgoingNameField = z.string({ error: "name is required" }).trim().min(1, "name is required").max(100, "name: at most 100 characters");
export const outgoingUrlField = z.string({ error: "url is required" }).trim().min(1, "url is required").max(2_000, "url: at most 2000 characters");
export const outgoingDescriptionField = z.string().max(500, "description: at most 500 characters");
export const outgoingTimeoutField = z
  .number({ error: "timeoutMs: a number of milliseconds" })
  .int("timeoutMs: a whole number of milliseconds")
  .min(500, "timeoutMs: at least 500 ms")
  .max(OUTGOING_MAX_TIMEOUT_MS, `timeoutMs: at most ${OUTGOING_MAX_TIMEOUT_MS} ms`);

const headerName = z
  .string({ error: "name is required" })
  .trim()
  .min(1, "name is required")
  .max(100, "name: at most 100 characters")
  .refine((n) => HEADER_NAME_RE.test(n), "name: not a valid HTTP header name (letters, digits and - only)")
  .refine((n) => !(RESERVED_HEADERS as readonly string[]).includes(n.toLowerCase()), {
    message: `name: set by Switchyard itself (${RESERVED_HEADERS.join(", ")}); choose another header`,
  });

export const literalHeaderSchema = z.strictObject({
  name: headerName,
  value: z.string({ error: "value is required" }).max(4_000, "value: at most 4000 characters"),
});
export const connectionHeaderSchema = z.strictObject({
  name: headerName,
  connectionId: z.string({ error: "connectionId is required" }).trim().min(1, "connectionId is required").max(64),
  field: z.string({ error: "field is required" }).trim().min(1, "field: the connection field whose value is sent").max(64),
});
export const outgoingHeaderSchema = z.union([literalHeaderSchema, connectionHeaderSchema], {
  error: "a header is { name, value } or { name, connectionId, field }",
});
export type OutgoingHeader = z.infer<typeof outgoingHeaderSchema>;

export const outgoingHeadersField = z
  .array(outgoingHeaderSchema)
  .max(OUTGOING_MAX_HEADERS, `headers: at most ${OUTGOING_MAX_HEADERS}`)
  .superRefine((rows, ctx) => {
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const k = row.name.toLowerCase();
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `name: "${row.name}" is used twice` });
      seen.add(k);
    });
  });

export function isConnectionHeader(h: OutgoingHeader): h is z.infer<typeof connectionHeaderSchema> {
  return "connectionId" in h;
}

/** Log filter: a 2xx answer, or anything else (other status, timeout, network error, refusal). */
export const OUTGOING_LOG_STATUSES = ["success", "failed"] as const;
export type OutgoingLogStatus = (typeof OUTGOING_LOG_STATUSES)[number];
