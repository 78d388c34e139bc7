import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db";
import type { Mailer } from "@/server/engine/contract";
import { errorText, logger } from "@/server/log";
import { effectiveAlerts, loadWorkspaceAlerts, type FailureAlertSettings } from "./settings";
import { sendAlertMessage } from "./channels";
import { DIGEST_LIST_LIMIT, digestMessage, singleMessage, type FailureItem } from "./message";

/**
 * The sending half of failure alerts: FailureAlert rows with sentAt null.
 *
 * A message (one alert alone, or a digest of a window's alerts) is claimed
 * before anything is sent: a conditional update writes a claim token into
 * digestId (`claim:<ms>:<attempt>:<message id>`) on rows that are unsent and
 * unclaimed, so of two processes exactly one sends it. Once sent, its rows get
 * sentAt and digestId = the digest's id (null for an alert sent alone). A
 * claim older than CLAIM_STALE_MS (its process died, or the email failed) is
 * taken over with the same message id: every channel is idempotent per message
 * id (./channels), so nothing that already went out goes out twice. After
 * MAX_SEND_ATTEMPTS the message is given up (logged) and marked sent.
 *
 * Digest windows: the alerts of one settings group (the workspace default, or
 * one automation with its own settings) are sent together once the oldest of
 * them failed digestMinutes ago: at most one message per group and window.
 */
export const CLAIM_STALE_MS = 3 * 60_000;
export const MAX_SEND_ATTEMPTS = 5;
const PENDING_LIMIT = 10_000;
const CHUNK = 500;

export interface SendOptions {
  mailer: Mailer;
  appUrl: string;
  now?: Date;
  staleMs?: number;
}

export interface SendResult {
  messages: number;
  digests: number;
  /** alerts those messages carried */
  alertsSent: number;
  dropped: number;
  failed: number;
}

interface Claim {
  token: string;
  at: number;
  attempt: number;
  messageId: string;
}

const claimToken = (at: Date, attempt: number, messageId: string) => `claim:${at.getTime()}:${attempt}:${messageId}`;
const isDigestId = (messageId: string) => messageId.startsWith("fad_");

export function parseClaim(token: string | null): Claim | null {
  const m = token ? /^claim:(\d+):(\d+):(.+)$/.exec(token) : null;
  return m && token ? { token, at: Number(m[1]), attempt: Number(m[2]), messageId: m[3]! } : null;
}

type Settings = Awaited<ReturnType<typeof loadWorkspaceAlerts>>;

/** The group of an automation's alerts: its own settings, or the workspace default's. */
const groupOf = (cfg: Settings, automationId: string) => (cfg.automations.get(automationId) ? `a:${automationId}` : "ws");
const settingsOf = (cfg: Settings, automationId: string): FailureAlertSettings | null => effectiveAlerts(cfg.automations.get(automationId) ?? null, cfg.workspace);

async function markSent(db: Db, token: string, messageId: string | null, now: Date): Promise<number> {
  const r = await db.failureAlert.updateMany({ where: { digestId: token, sentAt: null }, data: { sentAt: now, digestId: messageId } });
  return r.count;
}

async function failureItems(db: Db, rows: Array<{ id: string; runId: string; automationId: string; error: string | null; failedAt: Date }>): Promise<FailureItem[]> {
  const [automations, steps] = await Promise.all([
    db.automation.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.automationId))] } }, select: { id: true, name: true } }),
    db.stepRun.findMany({
      where: { runId: { in: rows.map((r) => r.runId) }, status: "FAILED" },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      select: { runId: true, nodeId: true, nodeName: true, nodeType: true },
    }),
  ]);
  const names = new Map(automations.map((a) => [a.id, a.name]));
  const failedStep = new Map<string, { nodeId: string; name: string; type: string }>();
  for (const s of steps) if (!failedStep.has(s.runId)) failedStep.set(s.runId, { nodeId: s.nodeId, name: s.nodeName, type: s.nodeType });
  return rows.map((r) => ({
    alertId: r.id,
    runId: r.runId,
    automationId: r.automationId,
    automationName: names.get(r.automationId) ?? "(deleted automation)",
    error: r.error,
    failedStep: failedStep.get(r.runId) ?? null,
    failedAt: r.failedAt,
  }));
}

/** Sends the message of a claim we hold; on failure the claim stays (taken over once stale). */
async function deliverClaim(db: Db, workspaceId: string, cfg: Settings, claim: Claim, o: SendOptions & { now: Date }, result: SendResult): Promise<void> {
  const digest = isDigestId(claim.messageId);
  const rows = await db.failureAlert.findMany({
    where: { digestId: claim.token, sentAt: null },
    orderBy: [{ failedAt: "asc" }, { id: "asc" }],
    take: digest ? DIGEST_LIST_LIMIT : 1,
    select: { id: true, runId: true, automationId: true, error: true, failedAt: true },
  });
  const first = rows[0];
  if (!first) return;
  const settings = settingsOf(cfg, first.automationId);
  if (!settings) {
    // Turned off since: nothing to send.
    result.dropped += await markSent(db, claim.token, null, o.now);
    return;
  }
  const items = await failureItems(db, rows);
  let message;
  if (digest) {
    const [total, counts, last] = await Promise.all([
      db.failureAlert.count({ where: { digestId: claim.token } }),
      db.failureAlert.groupBy({ by: ["automationId"], where: { digestId: claim.token }, _count: { _all: true } }),
      db.failureAlert.findFirst({ where: { digestId: claim.token }, orderBy: { failedAt: "desc" }, select: { failedAt: true } }),
    ]);
    const names = new Map(items.map((i) => [i.automationId, i.automationName]));
    const missing = counts.filter((c) => !names.has(c.automationId)).map((c) => c.automationId);
    if (missing.length) for (const a of await db.automation.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } })) names.set(a.id, a.name);
    const perAutomation = counts
      .map((c) => ({ automationId: c.automationId, automationName: names.get(c.automationId) ?? "(deleted automation)", count: c._count._all }))
      .sort((a, b) => b.count - a.count || a.automationName.localeCompare(b.automationName));
    message = digestMessage(
      { id: claim.messageId, windowMinutes: settings.digestMinutes, total, perAutomation, items, firstFailedAt: first.failedAt, lastFailedAt: last?.failedAt ?? first.failedAt },
      o.appUrl,
    );
  } else {
    message = singleMessage(items[0]!, o.appUrl);
  }
  try {
    await sendAlertMessage(db, o.mailer, workspaceId, settings, message, o.now);
  } catch (err) {
    result.failed++;
    logger().warn({ workspaceId, message: claim.messageId, attempt: claim.attempt, error: errorText(err) }, "failure alert not sent; retried later");
    return;
  }
  const n = await markSent(db, claim.token, digest ? claim.messageId : null, o.now);
  result.messages++;
  result.alertsSent += n;
  if (digest) {
    result.digests++;
    await db.failureAlertCursor.updateMany({ where: { workspaceId }, data: { lastDigestAt: o.now } });
  }
}

/** Claims older than the stale limit: their sender died or failed; sent again under the same message id. */
async function takeOverStale(db: Db, workspaceId: string, cfg: Settings, o: SendOptions & { now: Date }, result: SendResult): Promise<void> {
  const staleMs = o.staleMs ?? CLAIM_STALE_MS;
  const tokens = await db.failureAlert.findMany({
    where: { workspaceId, sentAt: null, digestId: { startsWith: "claim:" } },
    distinct: ["digestId"],
    select: { digestId: true },
    take: 100,
  });
  for (const t of tokens) {
    const old = parseClaim(t.digestId);
    if (!old || o.now.getTime() - old.at < staleMs) continue;
    const next: Claim = { token: claimToken(o.now, old.attempt + 1, old.messageId), at: o.now.getTime(), attempt: old.attempt + 1, messageId: old.messageId };
    const r = await db.failureAlert.updateMany({ where: { workspaceId, digestId: old.token, sentAt: null }, data: { digestId: next.token } });
    if (r.count === 0) continue;
    if (next.attempt > MAX_SEND_ATTEMPTS) {
      logger().error({ workspaceId, message: old.messageId, attempts: old.attempt }, "failure alert given up after repeated send failures");
      result.dropped += await markSent(db, next.token, isDigestId(old.messageId) ? old.messageId : null, o.now);
      continue;
    }
    await deliverClaim(db, workspaceId, cfg, next, o, result);
  }
}

async function sendWorkspace(db: Db, workspaceId: string, o: SendOptions & { now: Date }, result: SendResult): Promise<void> {
  const cfg = await loadWorkspaceAlerts(db, workspaceId);
  await takeOverStale(db, workspaceId, cfg, o, result);
  const pending = await db.failureAlert.findMany({
    where: { workspaceId, sentAt: null, digestId: null },
    orderBy: [{ failedAt: "asc" }, { id: "asc" }],
    take: PENDING_LIMIT,
    select: { id: true, automationId: true, failedAt: true },
  });
  const groups = new Map<string, typeof pending>();
  for (const p of pending) {
    const key = groupOf(cfg, p.automationId);
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  const custom = [...cfg.automations.entries()].filter(([, s]) => s !== null).map(([id]) => id);
  for (const [key, list] of groups) {
    const settings = settingsOf(cfg, list[0]!.automationId);
    if (!settings) {
      // Off (or muted) by now: these failures are not announced.
      for (let i = 0; i < list.length; i += CHUNK) {
        const r = await db.failureAlert.updateMany({ where: { id: { in: list.slice(i, i + CHUNK).map((p) => p.id) }, sentAt: null, digestId: null }, data: { sentAt: o.now } });
        result.dropped += r.count;
      }
      continue;
    }
    if (settings.digestMinutes === 0) {
      for (const p of list) {
        const claim: Claim = { token: claimToken(o.now, 1, p.id), at: o.now.getTime(), attempt: 1, messageId: p.id };
        const r = await db.failureAlert.updateMany({ where: { id: p.id, sentAt: null, digestId: null }, data: { digestId: claim.token } });
        if (r.count === 1) await deliverClaim(db, workspaceId, cfg, claim, o, result);
      }
      continue;
    }
    // A digest window opens with the group's oldest unsent failure and closes digestMinutes later.
    if (list[0]!.failedAt.getTime() + settings.digestMinutes * 60_000 > o.now.getTime()) continue;
    const messageId = `fad_${o.now.getTime().toString(36)}${randomBytes(6).toString("hex")}`;
    const claim: Claim = { token: claimToken(o.now, 1, messageId), at: o.now.getTime(), attempt: 1, messageId };
    const r = await db.failureAlert.updateMany({
      where: { workspaceId, sentAt: null, digestId: null, failedAt: { lte: o.now }, automationId: key === "ws" ? { notIn: custom } : key.slice(2) },
      data: { digestId: claim.token },
    });
    if (r.count > 0) await deliverClaim(db, workspaceId, cfg, claim, o, result);
  }
}

/** One send pass over every workspace with unsent alerts. */
export async function sendDueAlerts(db: Db, o: SendOptions): Promise<SendResult> {
  const now = o.now ?? new Date();
  const result: SendResult = { messages: 0, digests: 0, alertsSent: 0, dropped: 0, failed: 0 };
  const workspaces = await db.failureAlert.findMany({ where: { sentAt: null }, distinct: ["workspaceId"], select: { workspaceId: true } });
  for (const w of workspaces) await sendWorkspace(db, w.workspaceId, { ...o, now }, result);
  return result;
}
