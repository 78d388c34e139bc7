import type { WebhookDeliveryAttempt, WebhookSubscription } from "@/server/db/generated/sqlite/client";
import { decodeEvents } from "./fields";

/** A subscription as services return it: the secret is never part of it (only when it was set). */
export interface SubscriptionInfo {
  id: string;
  url: string;
  events: string[];
  description: string;
  active: boolean;
  secretSetAt: Date;
  consecutiveFailures: number;
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function presentSubscription(row: WebhookSubscription): SubscriptionInfo {
  return {
    id: row.id,
    url: row.url,
    events: decodeEvents(row.events),
    description: row.description,
    active: row.active,
    secretSetAt: row.secretSetAt,
    consecutiveFailures: row.consecutiveFailures,
    failingSince: row.failingSince,
    disabledAt: row.disabledAt,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface DeliveryLogEntry {
  id: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
  nextRetryAt: Date | null;
  createdAt: Date;
}

export function presentAttempt(a: WebhookDeliveryAttempt): DeliveryLogEntry {
  return {
    id: a.id,
    deliveryId: a.deliveryId,
    eventId: a.eventId,
    eventType: a.eventType,
    attempt: a.attempt,
    statusCode: a.statusCode,
    durationMs: a.durationMs,
    responseExcerpt: a.responseExcerpt,
    error: a.error,
    nextRetryAt: a.nextRetryAt,
    createdAt: a.createdAt,
  };
}
