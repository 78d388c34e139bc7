import { randomBytes } from "node:crypto";
import { Prisma } from "@/server/db/generated/sqlite/client";
import type { Db, Tx } from "@/server/db";
import type { HttpClient } from "@/server/engine/contract";
import { createHttpClient } from "@/server/integrations/http";
import { openSecret } from "@/server/security/secret-box";
import { signPayload } from "@/server/triggers/webhook/verify";
import { parseJson } from "@/server/engine/run-store-sql";
import { disableIfFailing } from "./disable";
import { fanOutEvents } from "./fan-out";
import { DEFAULT_POLICY, RESPONSE_EXCERPT_BYTES, nextRetryAt, type DeliveryPolicy } from "./policy";

/**
 * One pass of the delivery loop, in rounds: fan new outbox events out, then
 * claim due deliveries (status PENDING, nextAttemptAt passed, no live lease)
 * with a lease (one update per round) and send them, signed per Standard
 * Webhooks, through the SSRF-guarded client, DELIVERY_PARALLEL at a time.
 * Outcomes are written in batches: one transaction writes the attempts' new
 * states fenced on the lease token, their log rows and the subscriptions'
 * failure streaks. Rounds repeat while they find work (a backlog, or events
 * arriving meanwhile), for at most DELIVERY_PASS_BUDGET_MS. Figures: README "Webhook deliveries".
 */
export interface DeliveryPassOptions {
  now?: Date;
  policy?: DeliveryPolicy;
  http?: HttpClient;
  /** deliveries claimed per round (DELIVERY_BATCH) */
  batch?: number;
  /** HTTP requests in flight at once (DELIVERY_PARALLEL) */
  parallel?: number;
  /** keep claiming rounds while they find work for at most this long (DELIVERY_PASS_BUDGET_MS) */
  budgetMs?: number;
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

/** A delivery claimed by this pass, with what sending it needs. */
type Claimed = Prisma.WebhookDeliveryGetPayload<{ include: { event: true; subscription: true } }>;

/**
 * Claims up to `limit` due deliveries (status PENDING, nextAttemptAt passed, no
 * live lease, subscription active) with ONE conditional update that sets the
 * lease of all of them under one fresh token, then reads back exactly the rows
 * that carry the token (another process may have taken some meanwhile).
 */
async function claimDue(db: Db, now: Date, policy: DeliveryPolicy, limit: number): Promise<{ token: string; claimed: Claimed[] }> {
  const free = { OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] };
  const due = await db.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now }, ...free, subscription: { active: true } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true },
  });
  const token = randomBytes(12).toString("base64url");
  if (due.length === 0) return { token, claimed: [] };
  const r = await db.webhookDelivery.updateMany({
    where: { id: { in: due.map((d) => d.id) }, status: "PENDING", nextAttemptAt: { lte: now }, ...free },
    data: { leaseToken: token, leaseExpiresAt: new Date(now.getTime() + policy.leaseMs) },
  });
  if (r.count === 0) return { token, claimed: [] };
  const claimed = await db.webhookDelivery.findMany({ where: { leaseToken: token }, include: { event: true, subscription: true }, orderBy: { nextAttemptAt: "asc" } });
  return { token, claimed };
}

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

class LeaseRace extends Error {}

type AttemptRow = Omit<Prisma.WebhookDeliveryAttemptCreateManyInput, "id" | "createdAt"> & { createdAt: Date };
const ATTEMPT_COLUMNS = ["id", "deliveryId", "subscriptionId", "workspaceId", "eventId", "eventType", "attempt", "statusCode", "durationMs", "responseExcerpt", "error", "nextRetryAt", "createdAt"] as const;

/** Log rows in multi-row INSERTs (at most 60 rows, 780 parameters, per statement); ids random like the model's default. */
async function insertAttempts(tx: Tx, rows: AttemptRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 60) {
    const chunk = rows.slice(i, i + 60);
    const values = chunk.map(() => `(${ATTEMPT_COLUMNS.map((c) => (c === "attempt" || c === "statusCode" || c === "durationMs" ? "CAST(? AS INTEGER)" : c === "nextRetryAt" || c === "createdAt" ? "?" : "CAST(? AS TEXT)")).join(", ")})`);
    const params = chunk.flatMap((r) => [
      `c${randomBytes(12).toString("hex")}`, r.deliveryId, r.subscriptionId, r.workspaceId, r.eventId, r.eventType, r.attempt,
      r.statusCode ?? null, r.durationMs, r.responseExcerpt ?? null, r.error ?? null, r.nextRetryAt ?? null, r.createdAt,
    ]);
    const sql = `INSERT INTO "WebhookDeliveryAttempt" (${ATTEMPT_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${values.join(", ")}`;
    await tx.$executeRaw(new Prisma.Sql(sql.split("?"), params));
  }
}

/** One finished attempt, waiting to be written. */
interface Finished {
  d: Claimed;
  outcome: Outcome;
  attempt: number;
  finishedAt: Date;
  retryAt: Date | null;
}

/**
 * Writes the outcomes of finished attempts in ONE transaction: per
 * subscription (in id order: one lock order, no deadlock with a disable) its
 * failure streak, then per delivery its new state fenced on the lease token
 * (a delivery whose lease expired and was taken over by another process is
 * skipped: that process records its own attempt), a delivery whose
 * subscription got disabled fails for good, and one log row per attempt.
 * Returns per delivery id whether its attempt was recorded.
 */
async function recordOutcomes(db: Db, token: string, done: Finished[], policy: DeliveryPolicy): Promise<Set<string>> {
  const bySub = new Map<string, Finished[]>();
  for (const f of done) bySub.set(f.d.subscriptionId, [...(bySub.get(f.d.subscriptionId) ?? []), f]);
  return db.$transaction(async (tx) => {
    const recorded = new Set<string>();
    /** deliveries whose subscription is disabled (now, or by another attempt meanwhile): no retries */
    const noRetry = new Set<string>();
    for (const subId of [...bySub.keys()].sort()) {
      const list = bySub.get(subId)!;
      if (list.every((f) => f.outcome.ok)) {
        // The common case: one write resets the streak for all of this subscription's successes.
        await tx.webhookSubscription.update({ where: { id: subId }, data: { consecutiveFailures: 0, failingSince: null } });
        continue;
      }
      // Failures among them: the streak in the order the attempts finished, the disable check after each failure.
      let failingSince = list[0]!.d.subscription.failingSince;
      let disabled = false;
      for (const f of list) {
        const sub = await tx.webhookSubscription.update({
          where: { id: subId },
          data: f.outcome.ok ? { consecutiveFailures: 0, failingSince: null } : { consecutiveFailures: { increment: 1 }, ...(failingSince ? {} : { failingSince: f.finishedAt }) },
        });
        failingSince = sub.failingSince;
        if (!f.outcome.ok) disabled = disabled || (await disableIfFailing(tx, sub, policy, f.finishedAt)) || !sub.active;
      }
      if (disabled) for (const f of list) if (!f.outcome.ok) noRetry.add(f.d.id);
    }
    const log: AttemptRow[] = [];
    const logRow = (f: Finished, retryAt: Date | null) => {
      recorded.add(f.d.id);
      const { d, outcome } = f;
      log.push({
        deliveryId: d.id, subscriptionId: d.subscriptionId, workspaceId: d.workspaceId, eventId: d.eventId, eventType: d.eventType, attempt: f.attempt,
        statusCode: outcome.statusCode, durationMs: outcome.durationMs, responseExcerpt: outcome.responseExcerpt, error: outcome.error, nextRetryAt: retryAt, createdAt: f.finishedAt,
      });
    };
    // Successes with the same status code: ONE update fenced on the lease token (attempts + 1 = the attempt
    // sent: nobody else can change the row while we hold its lease). deliveredAt is the last of their finish
    // times (they finished within one write interval; each attempt's own time is in its log row).
    const successes = new Map<number, Finished[]>();
    const others: Finished[] = [];
    for (const f of done) {
      if (f.outcome.ok && f.outcome.statusCode !== null) successes.set(f.outcome.statusCode, [...(successes.get(f.outcome.statusCode) ?? []), f]);
      else others.push(f);
    }
    for (const [statusCode, list] of successes) {
      const ids = list.map((f) => f.d.id);
      const owned = await tx.webhookDelivery.findMany({ where: { id: { in: ids }, leaseToken: token }, select: { id: true } });
      const mine = new Set(owned.map((o) => o.id));
      const deliveredAt = new Date(Math.max(...list.map((f) => f.finishedAt.getTime())));
      const r = await tx.webhookDelivery.updateMany({
        where: { id: { in: [...mine] }, leaseToken: token },
        data: { attempts: { increment: 1 }, status: "SUCCEEDED", nextAttemptAt: null, lastStatusCode: statusCode, lastError: null, deliveredAt, leaseToken: null, leaseExpiresAt: null },
      });
      // (PostgreSQL) a lease taken over between the read and the update: roll back, the caller writes one by one.
      if (r.count !== mine.size) throw new LeaseRace();
      for (const f of list) if (mine.has(f.d.id)) logRow(f, null);
    }
    for (const f of others) {
      const { d, outcome, attempt, finishedAt } = f;
      const giveUp = noRetry.has(d.id) && f.retryAt !== null;
      const retryAt = giveUp ? null : f.retryAt;
      const r = await tx.webhookDelivery.updateMany({
        where: { id: d.id, leaseToken: token },
        data: {
          attempts: attempt, status: outcome.ok ? "SUCCEEDED" : retryAt ? "PENDING" : "FAILED", nextAttemptAt: retryAt,
          lastStatusCode: outcome.statusCode, lastError: giveUp ? `${outcome.error ?? "failed"}; the subscription is disabled` : outcome.error,
          deliveredAt: outcome.ok ? finishedAt : null, leaseToken: null, leaseExpiresAt: null,
        },
      });
      // Our lease expired and another process took the delivery over: its attempt is the one recorded.
      if (r.count === 1) logRow(f, retryAt);
    }
    if (log.length) await insertAttempts(tx, log);
    return recorded;
  });
}

/** Deliveries claimed per round of a pass, HTTP requests in flight at once, outcomes written per transaction. */
export const DELIVERY_BATCH = 200;
export const DELIVERY_PARALLEL = 16;
const RECORD_EVERY = 50;
const LEASE_MARGIN_MS = 5_000;
/** A pass keeps claiming while rounds find work, for at most this long (the ticker starts the next one). */
export const DELIVERY_PASS_BUDGET_MS = 5_000;

/**
 * One round: sends the claimed deliveries, DELIVERY_PARALLEL at a time, and
 * writes their outcomes every RECORD_EVERY attempts (one transaction each,
 * never two at once), so a crash mid-round re-sends at most the unwritten ones
 * (same webhook-id) once their lease expires.
 */
async function deliverRound(db: Db, token: string, claims: Claimed[], http: HttpClient, policy: DeliveryPolicy, clock: () => Date, parallel: number, result: DeliveryPassResult): Promise<void> {
  const secrets = new Map<string, string | Error>();
  const bodies = new Map<string, string>();
  let pending: Finished[] = [];
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    writing = writing.then(async () => {
      try {
        let recorded: Set<string>;
        try {
          recorded = await recordOutcomes(db, token, batch, policy);
        } catch (e) {
          if (!(e instanceof LeaseRace)) throw e;
          recorded = new Set();
          for (const f of batch) for (const id of await recordOutcomes(db, token, [f], policy)) recorded.add(id);
        }
        for (const f of batch) {
          if (!recorded.has(f.d.id)) continue;
          result.attempted++;
          if (f.outcome.ok) result.succeeded++;
          else result.failed++;
        }
      } catch (e) {
        writeError ??= e;
      }
    });
  };
  let next = 0;
  // Sending starts only while the lease still covers a whole attempt (a slow receiver can make a round
  // outlast it); the rest is released for the next round rather than left to a lease that runs out.
  const sendBy = Date.now() + policy.leaseMs - policy.timeoutMs - LEASE_MARGIN_MS;
  const worker = async () => {
    for (;;) {
      if (next > 0 && Date.now() > sendBy) return;
      const d = claims[next++];
      if (!d) return;
      let secret = secrets.get(d.subscriptionId);
      if (secret === undefined) {
        try {
          secret = openSecret(d.subscription.secretEnc);
        } catch (e) {
          secret = e instanceof Error ? e : new Error(String(e));
        }
        secrets.set(d.subscriptionId, secret);
      }
      let body = bodies.get(d.eventId);
      if (body === undefined) bodies.set(d.eventId, (body = eventBody(d.event)));
      // A secret that cannot be opened (ENCRYPTION_KEY changed): a failed attempt like any other, with the reason logged.
      const now = clock();
      const outcome: Outcome =
        secret instanceof Error
          ? { ok: false, statusCode: null, durationMs: 0, responseExcerpt: null, error: `cannot sign: ${secret.message}` }
          : await send(http, d.subscription.url, secret, d.event.id, body, policy, now);
      const attempt = d.attempts + 1;
      const finishedAt = new Date(now.getTime() + outcome.durationMs);
      pending.push({ d, outcome, attempt, finishedAt, retryAt: outcome.ok ? null : nextRetryAt(policy, attempt, finishedAt) });
      if (pending.length >= RECORD_EVERY) flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, claims.length) }, worker));
  flush();
  await writing;
  if (writeError) throw writeError;
  const unsent = claims.slice(next).map((d) => d.id);
  if (unsent.length) await db.webhookDelivery.updateMany({ where: { id: { in: unsent }, leaseToken: token }, data: { leaseToken: null, leaseExpiresAt: null } });
}

export async function runDeliveryPass(db: Db, o: DeliveryPassOptions = {}): Promise<DeliveryPassResult> {
  const policy = o.policy ?? DEFAULT_POLICY;
  const http = o.http ?? deliveryClient();
  const batch = o.batch ?? DELIVERY_BATCH;
  const result: DeliveryPassResult = { fannedOut: 0, attempted: 0, succeeded: 0, failed: 0 };
  const started = Date.now();
  for (;;) {
    // A fixed `now` (tests moving time) stays fixed; otherwise each round uses the current time.
    const now = o.now ?? new Date();
    const clock = o.now ? () => now : () => new Date();
    const fan = await fanOutEvents(db, now);
    result.fannedOut += fan.created;
    const { token, claimed } = await claimDue(db, now, policy, batch);
    if (claimed.length) await deliverRound(db, token, claimed, http, policy, clock, o.parallel ?? DELIVERY_PARALLEL, result);
    // Another round while the last one found work (more may have come in meanwhile: events written while
    // this round sent are picked up now, not at the next tick) and time is left. A fixed `now` sees no new
    // work due, so it stops after a round that was not full.
    const found = claimed.length > 0 || fan.created > 0;
    const more = claimed.length === batch || fan.more || (found && !o.now);
    if (!more || Date.now() - started >= (o.budgetMs ?? DELIVERY_PASS_BUDGET_MS)) return result;
  }
}
