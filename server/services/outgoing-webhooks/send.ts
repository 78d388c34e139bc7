import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db";
import type { OutgoingWebhook } from "@/server/db/generated/sqlite/client";
import {
  fatal, StepError, type ConnectionResolver, type HttpClient, type JsonValue, type OutgoingWebhookSendRequest, type OutgoingWebhookSendResult, type OutgoingWebhooks,
} from "@/server/engine/contract";
import { createHttpClient } from "@/server/integrations/http";
import { createConnectionResolver } from "@/server/connections/resolver";
import { openSecret } from "@/server/security/secret-box";
import { signPayload } from "@/server/triggers/webhook/verify";
import { maskSecrets } from "@/server/nodes/secrets";
import { SECRET_MASK } from "@/lib/templates";
import { isConnectionHeader } from "@/lib/outgoing-webhooks/fields";
import { decodeHeaders } from "./headers";

/**
 * The one sender of outgoing webhook requests (test events and outgoing_webhook
 * steps): POST { id, type, timestamp, workspace_id, data } as JSON with the
 * Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature
 * v1 with the endpoint's secret) and the endpoint's headers (connection values
 * resolved now, in this process only), through the SSRF-guarded client without
 * redirects, within the endpoint's timeout. Every HTTP attempt writes one
 * OutgoingWebhookAttempt row (request and response excerpts ≤ 1 KB, secrets masked).
 */
export const EXCERPT_BYTES = 1024;
export const USER_AGENT = "Switchyard-Webhooks/1";

export interface OutgoingSenderOptions {
  http?: HttpClient;
  connections?: ConnectionResolver;
  now?: () => Date;
}

export interface SendOnce {
  webhook: OutgoingWebhook;
  eventType: string;
  data: JsonValue;
  messageId: string;
  source: "test" | "automation";
  runId?: string | null;
  stepKey?: string | null;
  attempt?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

let client: HttpClient | undefined;
/** Reads at most 4 KB of a response (the log keeps 1 KB); a 3xx is an answer, not followed. */
const senderClient = (): HttpClient => (client ??= createHttpClient({ maxBodyBytes: 4 * EXCERPT_BYTES, maxRedirects: 0 }));

export function newMessageId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

export function excerpt(text: string): string {
  const buf = Buffer.from(text, "utf8");
  return buf.length <= EXCERPT_BYTES ? text : buf.subarray(0, EXCERPT_BYTES).toString("utf8");
}

function maskText(text: string, secrets: readonly string[]): string {
  return maskSecrets(text, secrets);
}

function statusError(status: number, host: string): NonNullable<OutgoingWebhookSendResult["error"]> {
  return { message: `${host} answered HTTP ${status}`, code: `HTTP_${status}`, retryable: status >= 500 || status === 429 };
}

/** Resolves the endpoint's headers; connection values are returned in `secrets` for masking. */
async function resolveHeaders(webhook: OutgoingWebhook, connections: ConnectionResolver): Promise<{ headers: Record<string, string>; shown: Record<string, string>; secrets: string[] }> {
  const headers: Record<string, string> = {};
  const shown: Record<string, string> = {};
  const secrets: string[] = [];
  for (const h of decodeHeaders(webhook.headers)) {
    if (!isConnectionHeader(h)) {
      headers[h.name] = h.value;
      shown[h.name] = h.value;
      continue;
    }
    const conn = await connections.byId(webhook.workspaceId, h.connectionId, []);
    const value = conn.values[h.field];
    if (value === undefined) {
      throw fatal(`Header "${h.name}" of outgoing webhook "${webhook.name}" reads field "${h.field}" of connection "${conn.name}", which it does not have; edit the endpoint's headers`, "CONNECTION_FIELD");
    }
    headers[h.name] = value;
    shown[h.name] = `${SECRET_MASK} (connection ${conn.name}.${h.field})`;
    secrets.push(value, ...conn.secrets);
  }
  return { headers, shown, secrets };
}

/** Sends one request and records its attempt; never throws for a failed request (the outcome says why). */
export async function sendOnce(db: Db, o: SendOnce, opts: OutgoingSenderOptions = {}): Promise<OutgoingWebhookSendResult & { attemptId: string }> {
  const now = opts.now?.() ?? new Date();
  const http = opts.http ?? senderClient();
  const w = o.webhook;
  const ts = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({ id: o.messageId, type: o.eventType, timestamp: now.toISOString(), workspace_id: w.workspaceId, data: o.data });
  let secrets: string[] = [];
  let shownHeaders: Record<string, string> = {};
  let outcome: Pick<OutgoingWebhookSendResult, "ok" | "statusCode" | "durationMs" | "responseExcerpt" | "error">;
  const started = performance.now();
  try {
    const resolved = await resolveHeaders(w, opts.connections ?? createConnectionResolver(db));
    secrets = resolved.secrets;
    const std = {
      "webhook-id": o.messageId,
      "webhook-timestamp": String(ts),
      "webhook-signature": signPayload(openSecret(w.secretEnc), o.messageId, ts, body),
    };
    shownHeaders = { "content-type": "application/json", "user-agent": USER_AGENT, ...resolved.shown, ...std };
    const res = await http.request({
      method: "POST",
      url: w.url,
      timeoutMs: Math.min(w.timeoutMs, o.timeoutMs ?? w.timeoutMs),
      body,
      signal: o.signal,
      headers: { "content-type": "application/json", "user-agent": USER_AGENT, ...resolved.headers, ...std },
    });
    const ok = res.status >= 200 && res.status < 300;
    outcome = {
      ok,
      statusCode: res.status,
      durationMs: Math.round(performance.now() - started),
      responseExcerpt: maskText(excerpt(res.body), secrets),
      error: ok ? null : statusError(res.status, new URL(w.url).host),
    };
  } catch (e) {
    const err = e instanceof StepError ? e : null;
    const message = e instanceof Error ? e.message : String(e);
    outcome = {
      ok: false,
      statusCode: null,
      durationMs: Math.round(performance.now() - started),
      responseExcerpt: null,
      // A sealed secret that cannot be opened (ENCRYPTION_KEY changed) is not retryable either.
      error: { message: maskText(err ? message : `cannot send: ${message}`, secrets), code: err?.code ?? "SEND_FAILED", retryable: err?.retryable ?? false },
    };
  }
  const attempt = await db.outgoingWebhookAttempt.create({
    data: {
      workspaceId: w.workspaceId, webhookId: w.id, messageId: o.messageId, eventType: o.eventType, source: o.source,
      runId: o.runId ?? null, stepKey: o.stepKey ?? null, attempt: o.attempt ?? 1, statusCode: outcome.statusCode, durationMs: outcome.durationMs,
      requestExcerpt: maskText(excerpt(body), secrets), responseExcerpt: outcome.responseExcerpt, error: outcome.error?.message ?? null,
    },
  });
  const request = maskSecrets({ method: "POST", url: w.url, headers: shownHeaders, body: JSON.parse(body) as JsonValue }, secrets);
  return { ...outcome, messageId: o.messageId, webhookName: w.name, request, attemptId: attempt.id };
}

/** NodeServices.outgoingWebhooks: the endpoint is looked up in the step's workspace; missing or inactive is a fatal step error. */
export function createOutgoingWebhooks(db: Db, opts: OutgoingSenderOptions = {}): OutgoingWebhooks {
  return {
    async send(r: OutgoingWebhookSendRequest) {
      const webhook = await db.outgoingWebhook.findFirst({ where: { id: r.webhookId, workspaceId: r.workspaceId } });
      if (!webhook) {
        throw fatal("The outgoing webhook this step posts to no longer exists (it was deleted). Choose another endpoint in the step and publish again.", "OUTGOING_WEBHOOK_NOT_FOUND", { webhookId: r.webhookId });
      }
      if (!webhook.active) {
        throw fatal(`Outgoing webhook "${webhook.name}" is inactive; activate it in Settings → Webhooks → Outgoing endpoints`, "OUTGOING_WEBHOOK_INACTIVE", { webhookId: r.webhookId });
      }
      return sendOnce(
        db,
        { webhook, eventType: r.eventType, data: r.data, messageId: r.messageId, source: "automation", runId: r.runId, stepKey: r.stepKey, attempt: r.attempt, timeoutMs: r.timeoutMs, signal: r.signal },
        opts,
      );
    },
  };
}
