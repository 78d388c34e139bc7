import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { resetEnvForTests } from "@/server/env";
import { memberActor } from "@/server/auth/actor";
import { createRun } from "@/server/services/runs/create-run";
import { publishVersion } from "@/server/services/versions/publish-version";
import { setAutomationStatus } from "@/server/services/automations/set-automation-status";
import { createSubscription } from "@/server/services/webhook-subscriptions/create-subscription";
import { getSubscription } from "@/server/services/webhook-subscriptions/get-subscription";
import { listSubscriptions } from "@/server/services/webhook-subscriptions/list-subscriptions";
import { updateSubscription } from "@/server/services/webhook-subscriptions/update-subscription";
import { listDeliveryLogs } from "@/server/services/webhook-subscriptions/list-delivery-logs";
import { redeliver } from "@/server/services/webhook-subscriptions/redeliver";
import { rotateSubscriptionSecret } from "@/server/services/webhook-subscriptions/rotate-subscription-secret";
import { runDeliveryPass } from "@/server/services/webhook-subscriptions/deliver";
import { DEFAULT_POLICY, type DeliveryPolicy } from "@/server/services/webhook-subscriptions/policy";
import { AppError, type Actor } from "@/server/services/errors";
import { decideApproval } from "@/server/services/approvals/decide-approval";
import { pruneDeliveredEvents, pruneOutgoingAttempts, EVENT_RETENTION_MS } from "@/server/services/webhook-subscriptions/prune";
import { fireScheduleNow } from "@/server/triggers/schedule/fire";
import { runControlFor } from "@/server/engine/run-store-control";
import { approvalGraph, startPaused } from "../approvals/helpers";
import { scheduledAutomation } from "../triggers/schedule-helpers";
import { chain, createAutomation, engineEnv, http, setVars, setupEngineTest, startServer, trigger, waitForStatus, type EngineTest, type TestServer } from "../engine/helpers";

/**
 * Outgoing webhooks (issue 14) on real components: the engine runs automations,
 * the outbox rows come from its run store, deliveries go through the
 * SSRF-guarded client to a real HTTP receiver on 127.0.0.1 that verifies them
 * with the `standardwebhooks` package. Time is moved by passing `now` to the
 * delivery pass (no real backoff waits).
 */
let t: EngineTest;
let admin: Actor;
let receiver: TestServer;
/** what the receiver answers next for an event type: a status, or "hang" (never answers); 200 when none is planned */
let answers: Record<string, Array<number | "hang">> = {};
const received: Array<{ id: string; type: string; body: Record<string, unknown>; headers: Record<string, string> }> = [];

beforeAll(async () => {
  engineEnv();
  t = await setupEngineTest();
  admin = memberActor(t.ws.adminId, t.ws.workspaceId, "ADMIN");
  receiver = await startServer((req, res, body) => {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const next = answers[String(parsed.type)]?.shift() ?? 200;
    if (next === "hang") return;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    if (next === 200) received.push({ id: headers["webhook-id"] ?? "", type: String(parsed.type), body: parsed, headers });
    res.writeHead(next, { "content-type": "text/plain" });
    res.end(next === 200 ? "ok" : "x".repeat(3000));
  });
});
afterAll(async () => {
  await receiver?.close();
  await t?.cleanup();
});
beforeEach(async () => {
  // Each test starts with no active subscription and an empty receiver.
  await t.db.webhookSubscription.updateMany({ data: { active: false } });
  await t.db.platformEvent.updateMany({ where: { fannedOutAt: null }, data: { fannedOutAt: new Date() } });
  answers = {};
  received.length = 0;
  receiver.requests.length = 0;
});

const fast = (o: Partial<DeliveryPolicy> = {}): DeliveryPolicy => ({ ...DEFAULT_POLICY, timeoutMs: 2_000, ...o });
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

async function subscribe(events: string[]) {
  return createSubscription(admin, { url: `${receiver.url}/hook`, events }, t.db);
}

function verify(secret: string, r: (typeof received)[number]): unknown {
  return new Webhook(secret).verify(JSON.stringify(r.body), r.headers);
}

describe("event subscriptions", () => {
  it("a run completed by the engine produces exactly one signed run.completed delivery; the secret is shown only once", async () => {
    const { subscription, secret } = await subscribe(["run.completed"]);
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await getSubscription(admin, { id: subscription.id }, t.db))).not.toContain(secret);
    expect(JSON.stringify(await listSubscriptions(admin, {}, t.db))).not.toContain(secret);
    const row = await t.db.webhookSubscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(row.secretEnc).not.toContain(secret.slice(6, 20));

    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("v", { a: "1" })]));
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    const events = await t.db.platformEvent.findMany({ where: { runId } });
    expect(events.map((e) => e.type)).toEqual(["run.completed"]);

    const pass = await runDeliveryPass(t.db, { policy: fast() });
    expect(pass).toMatchObject({ fannedOut: 1, attempted: 1, succeeded: 1 });
    expect(await runDeliveryPass(t.db, { policy: fast() })).toMatchObject({ attempted: 0 });
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.id).toBe(events[0]!.id);
    const payload = verify(secret, got) as { type: string; data: Record<string, unknown>; workspace_id: string };
    expect(payload.type).toBe("run.completed");
    expect(payload.workspace_id).toBe(t.ws.workspaceId);
    expect(payload.data).toMatchObject({ run_id: runId, automation_id: automationId, status: "COMPLETED", previous_status: "RUNNING", error: null });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(JSON.stringify(got.body), got.headers)).toThrow();

    // A new secret signs from now on; the old one is never shown again.
    const rotated = await rotateSubscriptionSecret(admin, { id: subscription.id }, t.db);
    expect(rotated.secret).not.toBe(secret);
    await redeliver(admin, { id: subscription.id, eventId: got.id }, t.db);
    await runDeliveryPass(t.db, { policy: fast() });
    expect(received).toHaveLength(2);
    expect(received[1]!.id).toBe(got.id);
    expect(verify(rotated.secret, received[1]!)).toBeTruthy();
  });

  it("an event type nobody subscribes to writes no event row (another workspace's runs neither)", async () => {
    await subscribe(["run.completed"]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), http("call", "http://127.0.0.1:9/down")]));
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["FAILED"]);
    const other = await createAutomation(t.db, t.ws.otherWorkspaceId, chain([trigger(), setVars("v", { a: "1" })]));
    const otherRun = await createRun({ workspaceId: t.ws.otherWorkspaceId, automationId: other.automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, otherRun.runId, ["COMPLETED"]);
    expect(await t.db.platformEvent.count({ where: { runId: { in: [runId, otherRun.runId] } } })).toBe(0);
  });

  it("a receiver answering 500 then 200: retried after the backoff with the same webhook-id; the log has both attempts", async () => {
    const { subscription, secret } = await subscribe(["automation.enabled", "automation.disabled", "automation.published"]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("v", { a: "1" })]), { publish: false });
    await t.db.automation.update({ where: { id: automationId }, data: { status: "PAUSED" } });
    await publishVersion(admin, { automationId }, t.db);
    await setAutomationStatus(admin, { id: automationId, status: "ACTIVE" }, t.db);
    await setAutomationStatus(admin, { id: automationId, status: "PAUSED" }, t.db);

    answers = { "automation.published": [500, 200] };
    const now = new Date();
    expect(await runDeliveryPass(t.db, { now, policy: fast() })).toMatchObject({ fannedOut: 3, attempted: 3, succeeded: 2, failed: 1 });
    const types = received.map((r) => r.type).sort();
    expect(types).toEqual(["automation.disabled", "automation.enabled"]);
    const failedOnce = await t.db.webhookDelivery.findFirstOrThrow({ where: { subscriptionId: subscription.id, status: "PENDING" } });
    expect(failedOnce.eventType).toBe("automation.published");
    expect(failedOnce.nextAttemptAt!.getTime() - now.getTime()).toBeGreaterThanOrEqual(30_000);

    expect(await runDeliveryPass(t.db, { now: at(now, 10_000), policy: fast() })).toMatchObject({ attempted: 0 });
    expect(await runDeliveryPass(t.db, { now: at(now, 40_000), policy: fast() })).toMatchObject({ attempted: 1, succeeded: 1 });
    const published = received.filter((r) => r.type === "automation.published");
    expect(published).toHaveLength(1);
    const firstTry = receiver.requests.filter((r) => r.body.includes('"automation.published"'));
    expect(firstTry).toHaveLength(2);
    expect(firstTry[0]!.headers["webhook-id"]).toBe(firstTry[1]!.headers["webhook-id"]);
    expect(firstTry[0]!.body).toBe(firstTry[1]!.body);
    const payload = verify(secret, published[0]!) as { data: { automation_id: string; version: number } };
    expect(payload.data).toMatchObject({ automation_id: automationId, version: 1 });

    const logs = await listDeliveryLogs(admin, { id: subscription.id, eventId: failedOnce.eventId }, t.db);
    expect(logs.map((l) => [l.attempt, l.statusCode])).toEqual([[2, 200], [1, 500]]);
    expect(logs[1]!.responseExcerpt!.length).toBe(1024);
    expect(logs[1]!.nextRetryAt).not.toBeNull();
    expect(logs[0]!.nextRetryAt).toBeNull();
    expect(logs[1]!.error).toContain("500");
  });

  it("a receiver that does not answer in time is a failed attempt, retried later", async () => {
    const { subscription } = await subscribe(["automation.enabled"]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger()]));
    await t.db.automation.update({ where: { id: automationId }, data: { status: "PAUSED" } });
    answers = { "automation.enabled": ["hang"] };
    await setAutomationStatus(admin, { id: automationId, status: "ACTIVE" }, t.db);
    const r = await runDeliveryPass(t.db, { policy: fast({ timeoutMs: 300 }) });
    expect(r).toMatchObject({ attempted: 1, failed: 1 });
    const [log] = await listDeliveryLogs(admin, { id: subscription.id }, t.db);
    expect(log!.statusCode).toBeNull();
    expect(log!.error).toMatch(/timed out after 300 ms/);
    expect(log!.nextRetryAt).not.toBeNull();
    expect((await t.db.webhookSubscription.findUniqueOrThrow({ where: { id: subscription.id } })).consecutiveFailures).toBe(1);
  });

  it("a subscription that keeps failing is disabled after the threshold and the workspace admins are notified", async () => {
    const { subscription } = await subscribe(["automation.enabled", "automation.disabled"]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger()]));
    await setAutomationStatus(admin, { id: automationId, status: "PAUSED" }, t.db);
    await setAutomationStatus(admin, { id: automationId, status: "ACTIVE" }, t.db);
    answers = { "automation.enabled": Array<number>(10).fill(503), "automation.disabled": Array<number>(10).fill(503) };
    const policy = fast({ retryDelaysMs: [1_000, 1_000, 1_000, 1_000], disableAfterFailures: 3, disableMinFailingMs: 60_000 });
    const now = new Date();
    await runDeliveryPass(t.db, { now, policy });
    await runDeliveryPass(t.db, { now: at(now, 2_000), policy });
    // 4 failures, but the streak is seconds old: still active.
    let sub = await t.db.webhookSubscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(sub.consecutiveFailures).toBe(4);
    expect(sub.active).toBe(true);
    await runDeliveryPass(t.db, { now: at(now, 70_000), policy });
    sub = await t.db.webhookSubscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(sub.active).toBe(false);
    expect(sub.disabledReason).toMatch(/consecutive failed deliveries/);
    expect(await t.db.webhookDelivery.count({ where: { subscriptionId: subscription.id, status: "PENDING" } })).toBe(0);
    const notes = await t.db.notification.findMany({ where: { workspaceId: t.ws.workspaceId, title: "Event subscription disabled" } });
    expect(notes.map((n) => n.userId)).toEqual([t.ws.adminId]);
    // Settings → Webhooks opens this subscription's delivery log from the link.
    expect(notes[0]!.link).toBe(`/settings?tab=webhooks&subscription=${subscription.id}`);
    // Re-enabling clears the streak.
    const again = await updateSubscription(admin, { id: subscription.id, active: true }, t.db);
    expect(again).toMatchObject({ active: true, consecutiveFailures: 0, disabledAt: null });
  });

  it("SSRF: a private address is refused at create time (400 naming the field) and at delivery time", async () => {
    const err = await createSubscription(admin, { url: "http://10.1.2.3/hook", events: ["*"] }, t.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("BAD_REQUEST");
    expect((err as AppError).message).toMatch(/url: 10\.1\.2\.3 is a private network address/);
    const bad = await createSubscription(admin, { url: "ftp://example.com/x", events: ["run.nope"] }, t.db).catch((e: unknown) => e);
    expect((bad as AppError).code).toBe("BAD_REQUEST");
    expect((bad as AppError).message).toContain("unknown event type run.nope");

    const { subscription } = await subscribe(["automation.enabled"]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger()]));
    await t.db.automation.update({ where: { id: automationId }, data: { status: "PAUSED" } });
    await setAutomationStatus(admin, { id: automationId, status: "ACTIVE" }, t.db);
    process.env.HTTP_ALLOWLIST = "";
    resetEnvForTests();
    try {
      const r = await runDeliveryPass(t.db, { policy: fast() });
      expect(r).toMatchObject({ attempted: 1, failed: 1 });
    } finally {
      engineEnv();
    }
    expect(receiver.requests).toHaveLength(0);
    const [log] = await listDeliveryLogs(admin, { id: subscription.id }, t.db);
    expect(log!.error).toMatch(/loopback/);
  });

  it("approval.requested, run.paused and approval.decided from the approval flow; schedule.failed from a fire that could not start its run", async () => {
    const { secret } = await subscribe(["approval.requested", "approval.decided", "run.paused", "schedule.failed"]);
    const { runId, automationId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: t.ws.adminEmail, approverRoles: [] }));
    const request = await t.db.approvalRequest.findFirstOrThrow({ where: { runId } });
    await decideApproval(admin, { id: request.id, decision: "approve", comment: "ok" }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    const { schedule } = await scheduledAutomation(t.db, t.ws.workspaceId, {});
    await t.db.automation.updateMany({ where: { id: schedule!.automationId! }, data: { status: "PAUSED" } });
    await fireScheduleNow(t.db, schedule!, new Date(), null);

    await runDeliveryPass(t.db, { policy: fast() });
    const byType = new Map(received.map((r) => [r.type, verify(secret, r) as { data: Record<string, unknown> }]));
    expect([...byType.keys()].sort()).toEqual(["approval.decided", "approval.requested", "run.paused", "schedule.failed"]);
    expect(byType.get("approval.requested")!.data).toMatchObject({ approval_id: request.id, run_id: runId, automation_id: automationId, outcome: null });
    expect(byType.get("approval.decided")!.data).toMatchObject({ approval_id: request.id, outcome: "approved" });
    expect(byType.get("run.paused")!.data).toMatchObject({ run_id: runId, status: "PAUSED", wait_kind: "external" });
    expect(byType.get("schedule.failed")!.data).toMatchObject({ schedule_id: schedule!.id, status: "SKIPPED", runs_started: 0 });
  });

  it("a paused run cancelled through the engine's API emits run.cancelled in the cancel's transaction", async () => {
    await subscribe(["run.cancelled"]);
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: t.ws.adminEmail, approverRoles: [] }));
    expect(await t.db.platformEvent.count({ where: { runId } })).toBe(0);
    expect((await runControlFor(t.db).cancel(runId, t.ws.workspaceId, `user:${t.ws.adminId}`)).kind).toBe("cancelled");
    const [event] = await t.db.platformEvent.findMany({ where: { runId } });
    expect(event?.type).toBe("run.cancelled");
    expect(JSON.parse(event!.data)).toMatchObject({ status: "CANCELLED", previous_status: "PAUSED", error_code: "CANCELLED" });
  });

  it("delivered events are pruned after the retention; events with a pending delivery are kept", async () => {
    await subscribe(["automation.enabled", "automation.disabled"]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger()]));
    answers = { "automation.disabled": [500] };
    await setAutomationStatus(admin, { id: automationId, status: "PAUSED" }, t.db);
    await setAutomationStatus(admin, { id: automationId, status: "ACTIVE" }, t.db);
    await runDeliveryPass(t.db, { policy: fast() });
    const events = await t.db.platformEvent.findMany({ where: { automationId } });
    expect(events).toHaveLength(2);
    const old = new Date(Date.now() - EVENT_RETENTION_MS - 60_000);
    await t.db.platformEvent.updateMany({ where: { automationId }, data: { occurredAt: old } });
    expect(await pruneDeliveredEvents(t.db, new Date())).toBe(1);
    const left = await t.db.platformEvent.findMany({ where: { automationId } });
    expect(left.map((e) => e.type)).toEqual(["automation.disabled"]);
    expect(await t.db.webhookDeliveryAttempt.count({ where: { eventId: { in: events.map((e) => e.id) } } })).toBe(1);
  });

  it("the outgoing endpoints' delivery log follows the same retention", async () => {
    const now = new Date();
    const row = (webhookId: string, createdAt: Date) => ({
      workspaceId: t.ws.workspaceId, webhookId, messageId: `msg_${webhookId}_${createdAt.getTime()}`, eventType: "webhook.test", source: "test", durationMs: 3, statusCode: 200, createdAt,
    });
    const old = new Date(now.getTime() - EVENT_RETENTION_MS - 60_000);
    const recent = new Date(now.getTime() - EVENT_RETENTION_MS + 60_000);
    await t.db.outgoingWebhookAttempt.createMany({ data: [row("ow_a", old), row("ow_b", old), row("ow_a", recent), row("ow_b", now)] });
    expect(await pruneOutgoingAttempts(t.db, now)).toBe(2);
    const left = await t.db.outgoingWebhookAttempt.findMany({ where: { webhookId: { in: ["ow_a", "ow_b"] } }, orderBy: { createdAt: "asc" } });
    expect(left.map((a) => a.createdAt.getTime())).toEqual([recent.getTime(), now.getTime()]);
    expect(await pruneOutgoingAttempts(t.db, now)).toBe(0);
  });
});
