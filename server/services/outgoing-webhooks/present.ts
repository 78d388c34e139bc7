import type { OutgoingWebhook, OutgoingWebhookAttempt } from "@/server/db/generated/sqlite/client";
import type { OutgoingHeader } from "@/lib/outgoing-webhooks/fields";
import { decodeHeaders } from "./headers";

/** The last attempt of an endpoint, for the list's "last delivery" column. */
export interface OutgoingLastAttempt {
  statusCode: number | null;
  ok: boolean;
  error: string | null;
  source: string;
  at: Date;
}

/** An endpoint as services return it: never its signing secret, never a connection's value (only the reference). */
export interface OutgoingWebhookInfo {
  id: string;
  name: string;
  url: string;
  headers: OutgoingHeader[];
  description: string;
  active: boolean;
  timeoutMs: number;
  secretSetAt: Date;
  createdAt: Date;
  updatedAt: Date;
  lastAttempt?: OutgoingLastAttempt | null;
}

export const isSuccess = (statusCode: number | null): boolean => statusCode !== null && statusCode >= 200 && statusCode < 300;

export function presentOutgoingWebhook(row: OutgoingWebhook, last?: OutgoingWebhookAttempt | null): OutgoingWebhookInfo {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    headers: decodeHeaders(row.headers),
    description: row.description,
    active: row.active,
    timeoutMs: row.timeoutMs,
    secretSetAt: row.secretSetAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(last === undefined ? {} : { lastAttempt: last ? { statusCode: last.statusCode, ok: isSuccess(last.statusCode), error: last.error, source: last.source, at: last.createdAt } : null }),
  };
}

/** One HTTP attempt of the endpoint's delivery log (excerpts ≤ 1 KB, secrets masked). */
export interface OutgoingAttemptInfo {
  id: string;
  webhookId: string;
  messageId: string;
  eventType: string;
  source: string;
  runId: string | null;
  stepKey: string | null;
  attempt: number;
  statusCode: number | null;
  ok: boolean;
  durationMs: number;
  requestExcerpt: string | null;
  responseExcerpt: string | null;
  error: string | null;
  createdAt: Date;
}

export function presentOutgoingAttempt(a: OutgoingWebhookAttempt): OutgoingAttemptInfo {
  return {
    id: a.id,
    webhookId: a.webhookId,
    messageId: a.messageId,
    eventType: a.eventType,
    source: a.source,
    runId: a.runId,
    stepKey: a.stepKey,
    attempt: a.attempt,
    statusCode: a.statusCode,
    ok: isSuccess(a.statusCode),
    durationMs: a.durationMs,
    requestExcerpt: a.requestExcerpt,
    responseExcerpt: a.responseExcerpt,
    error: a.error,
    createdAt: a.createdAt,
  };
}
