import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db";
import type { HttpClient } from "@/server/engine/contract";
import { createHttpClient } from "@/server/integrations/http";
import { openSecret } from "@/server/security/secret-box";
import { signPayload } from "@/server/triggers/webhook/verify";
import { parseJson } from "@/server/engine/run-store-sql";
import { disableIfFailing } from "./disable";
import { fanOutEvents } from "./fan-out";
import { DEFAULT_POLICY, RESPONSE_EXCERPT_BYTES, nextRetryAt, type DeliveryPolicy } from "./policy";

/**
 * One pass of the delivery loop: fan new outbox events out, then claim due
 * deliveries (status PENDING, nextAttemptAt passed, no live lease) with a lease
 * and send them, signed per Standard Webhooks, through the SSRF-guarded client.
 * Each attempt's outcome, its log row and the subscription's failure streak
 * are written in one transaction fenced on the lease token.
 */
export interface DeliveryPassOptions {
  now?: Date;
  policy?: DeliveryPolicy;
  http?: HttpClient;
  /** deliveries claimed per pass, sent this many at a time */
  batch?: number;
}

export interface DeliveryPassResult {
  fannedOut: number;
  attempted: number;
  succeeded: number;
  failed: number;
}

/** Deliveries read at most this much of a response (the log keeps 1 KB); redirects are not followed (a 3xx is a failure). */
let client: HttpClient | undefined;
const deliveryClient = (): HttpClient => (client ??= createHttpClient({ maxBodyBytes: 4 * RESPONSE_EXCERPT_BYTES, maxRedirects: 0 }));

export function eventBody(e: { id: string; type: string; workspaceId: string; runId: string | null; automationId: string | null; data: string; occurredAt: Date }): string {
  const stored = parseJson(e.data, {});
  const data = typeof stored === "object" && stored !== null && !Array.isArray(stored) ? stored : {};
  const fromRun = e.type.startsWith("run.") ? { run_id: e.runId, automation_id: e.automationId } : {};
  return JSON.stringify({ id: e.id, type: e.type, timestamp: e.occurredAt.toISOString(), workspace_id: e.workspaceId, data: { ...fromRun, ...data } });
}

function excerpt(body: string): string {
  const buf = Buffer.from(body, "utf8");
  return buf.length <= RESPONSE_EXCERPT_BYTES ? body : buf.subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8");
}

async function claimDue(db: Db, now: Date, policy: DeliveryPolicy, limit: number): Promise<Array<{ id: string; token: string }>> {
  const due = await db.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now }, OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }], subscription: { active: true } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true, nextAttemptAt: true },
  });
  const claimed: Array<{ id: string; token: string }> = [];
  for (const d of due) {
    const token = randomBytes(12).toString("base64url");
    const r = await db.webhookDelivery.updateMany({
      where: { id: d.id, status: "PENDING", nextAttemptAt: d.nextAttemptAt, OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] },
      data: { leaseToken: token, leaseExpiresAt: new Date(now.getTime() + policy.leaseMs) },
    });
    if (r.count === 1) claimed.push({ id: d.id, token });
  }
  return claimed;
}

class LeaseLost extends Error {}

type Outcome = { ok: boolean; statusCode: number | null; durationMs: number; responseExcerpt: string | null; error: string | null };

async function send(http: HttpClient, url: string, secret: string, eventId: string, body: string, policy: DeliveryPolicy, now: Date): Promise<Outcome> {
  const ts = Math.floor(now.getTime() / 1000);
  const started = performance.now();
  try {
    const res = await http.request({
      method: "POST",
      url,
      timeoutMs: policy.timeoutMs,
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "Switchyard-Webhooks/1",
        "webhook-id": eventId,
        "webhook-timestamp": String(ts),
        "webhook-signature": signPayload(secret, eventId, ts, body),
      },
    });
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, durationMs: Math.round(performance.now() - started), responseExcerpt: excerpt(res.body), error: ok ? null : `the receiver answered HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, statusCode: null, durationMs: Math.round(performance.now() - started), responseExcerpt: null, error: e instanceof Error ? e.message : String(e) };
  }
}

async function attemptOne(db: Db, claim: { id: string; token: string }, http: HttpClient, policy: DeliveryPolicy, now: Date): Promise<boolean | null> {
  const d = await db.webhookDelivery.findUnique({ where: { id: claim.id }, include: { event: true, subscription: true } });
  if (!d || d.leaseToken !== claim.token) return null;
  let outcome: Outcome;
  try {
    outcome = await send(http, d.subscription.url, openSecret(d.subscription.secretEnc), d.event.id, eventBody(d.event), policy, now);
  } catch (e) {
    // The secret cannot be opened (ENCRYPTION_KEY changed): a failed attempt like any other, with the reason logged.
    outcome = { ok: false, statusCode: null, durationMs: 0, responseExcerpt: null, error: `cannot sign: ${e instanceof Error ? e.message : String(e)}` };
  }
  const attempt = d.attempts + 1;
  const finishedAt = new Date(now.getTime() + outcome.durationMs);
  const retryAt = outcome.ok ? null : nextRetryAt(policy, attempt, finishedAt);
  try {
    await db.$transaction(async (tx) => {
      // The subscription row first: attempts of one subscription queue up here (one lock order, no deadlock with a disable).
      const sub = await tx.webhookSubscription.update({
        where: { id: d.subscriptionId },
        data: outcome.ok
          ? { consecutiveFailures: 0, failingSince: null }
          : { consecutiveFailures: { increment: 1 }, ...(d.subscription.failingSince ? {} : { failingSince: finishedAt }) },
      });
      const r = await tx.webhookDelivery.updateMany({
        where: { id: d.id, leaseToken: claim.token },
        data: {
          attempts: attempt, status: outcome.ok ? "SUCCEEDED" : retryAt ? "PENDING" : "FAILED", nextAttemptAt: retryAt,
          lastStatusCode: outcome.statusCode, lastError: outcome.error, deliveredAt: outcome.ok ? finishedAt : null, leaseToken: null, leaseExpiresAt: null,
        },
      });
      if (r.count !== 1) throw new LeaseLost();
      let next = retryAt;
      if (!outcome.ok) {
        const disabled = (await disableIfFailing(tx, sub, policy, finishedAt)) || !sub.active;
        // No retries for a disabled subscription (also when another attempt disabled it meanwhile).
        if (disabled && next) {
          next = null;
          await tx.webhookDelivery.update({ where: { id: d.id }, data: { status: "FAILED", nextAttemptAt: null, lastError: `${outcome.error ?? "failed"}; the subscription is disabled` } });
        }
      }
      await tx.webhookDeliveryAttempt.create({
        data: {
          deliveryId: d.id, subscriptionId: d.subscriptionId, workspaceId: d.workspaceId, eventId: d.eventId, eventType: d.eventType, attempt,
          statusCode: outcome.statusCode, durationMs: outcome.durationMs, responseExcerpt: outcome.responseExcerpt, error: outcome.error, nextRetryAt: next, createdAt: finishedAt,
        },
      });
    });
  } catch (e) {
    // Our lease expired and another process took the delivery over: its attempt is the one recorded.
    if (e instanceof LeaseLost) return null;
    throw e;
  }
  return outcome.ok;
}

export async function runDeliveryPass(db: Db, o: DeliveryPassOptions = {}): Promise<DeliveryPassResult> {
  const now = o.now ?? new Date();
  const policy = o.policy ?? DEFAULT_POLICY;
  const http = o.http ?? deliveryClient();
  const fannedOut = await fanOutEvents(db, now);
  const claims = await claimDue(db, now, policy, o.batch ?? 50);
  const result: DeliveryPassResult = { fannedOut, attempted: 0, succeeded: 0, failed: 0 };
  const parallel = 8;
  for (let i = 0; i < claims.length; i += parallel) {
    const outcomes = await Promise.all(claims.slice(i, i + parallel).map((c) => attemptOne(db, c, http, policy, now)));
    for (const ok of outcomes) {
      if (ok === null) continue;
      result.attempted++;
      if (ok) result.succeeded++;
      else result.failed++;
    }
  }
  return result;
}
