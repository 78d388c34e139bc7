import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberActor } from "@/server/auth/actor";
import { createMailer } from "@/server/integrations/mail";
import { createRun } from "@/server/services/runs/create-run";
import { AppError, type Actor } from "@/server/services/errors";
import { createSubscription } from "@/server/services/webhook-subscriptions/create-subscription";
import { runDeliveryPass } from "@/server/services/webhook-subscriptions/deliver";
import { DEFAULT_POLICY } from "@/server/services/webhook-subscriptions/policy";
import {
  getAutomationFailureAlerts,
  setAutomationFailureAlerts,
  setWorkspaceFailureAlerts,
} from "@/server/services/failure-alerts/alert-settings";
import { FailureAlertTicker } from "@/server/services/failure-alerts/ticker";
import { SCAN_OVERLAP_MS } from "@/server/services/failure-alerts/scan";
import { parseClaim } from "@/server/services/failure-alerts/send";
import type { FailureAlertSettingsInput } from "@/lib/failure-alerts/settings";
import { seedTestWorkspace, type TestWorkspace } from "@/server/testing/db";
import { chain, createAutomation, engineEnv, http, setupEngineTest, startServer, trigger, waitFor, waitForStatus, type EngineTest, type TestServer } from "../engine/helpers";

/**
 * Failure alerts (issue 14 item 5 and the digest proof of item 8) on real
 * components: the engine fails runs, a real SMTP server (smtp-server) receives
 * the emails through the mailer, and a real HTTP receiver verifies the
 * subscription channel's deliveries with the `standardwebhooks` package. The
 * scanner/sender is the production FailureAlertTicker; time moves by passing
 * `now` to its pass.
 */
let t: EngineTest;
let smtp: SMTPServer;
let smtpUrl = "";
const mails: Array<{ to: string[]; mail: ParsedMail }> = [];
let receiver: TestServer;
const received: Array<{ body: Record<string, unknown>; raw: string; headers: Record<string, string> }> = [];
const APP_URL = "https://switchyard.test";

beforeAll(async () => {
  engineEnv();
  t = await setupEngineTest();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            mails.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  receiver = await startServer((req, res, body) => {
    received.push({ body: JSON.parse(body) as Record<string, unknown>, raw: body, headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])) });
    res.writeHead(200);
    res.end("ok");
  });
});
afterAll(async () => {
  await receiver?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t?.cleanup();
});

const ticker = (o: { staleMs?: number } = {}) => new FailureAlertTicker({ db: t.db, mailer: createMailer({ db: t.db, smtpUrl, from: "Switchyard <alerts@switchyard.test>" }), appUrl: APP_URL, ...o });
const mailsTo = (addr: string) => mails.filter((m) => m.to.includes(addr));
const later = (ms: number) => new Date(Date.now() + ms);
const on = (channels: FailureAlertSettingsInput["channels"], digestMinutes = 0): FailureAlertSettingsInput => ({ enabled: true, channels, digestMinutes });

async function workspace(prefix: string): Promise<{ ws: TestWorkspace; admin: Actor }> {
  const ws = await seedTestWorkspace(t.db, prefix);
  return { ws, admin: memberActor(ws.adminId, ws.workspaceId, "ADMIN") };
}

/** A FAILED run as the engine leaves it (status, finishedAt, error, one failed step), written directly. */
let seq = 0;
async function failedRun(workspaceId: string, automationId: string, finishedAt: Date, error = "HTTP 503 from the CRM") {
  const run = await t.db.run.create({
    data: { workspaceId, automationId, status: "FAILED", triggerType: "manual", idempotencyKey: `fa-${Date.now()}-${seq++}`, error, errorCode: "HTTP_ERROR", startedAt: finishedAt, finishedAt, stepCount: 2, failedStepCount: 1 },
  });
  await t.db.stepRun.create({
    data: { runId: run.id, workspaceId, nodeId: "call", nodeType: "http_request", nodeName: "Call CRM", status: "FAILED", idempotencyKey: `${run.id}:call:`, error, startedAt: finishedAt, finishedAt },
  });
  return run.id;
}

async function automation(workspaceId: string, name: string) {
  return (await createAutomation(t.db, workspaceId, chain([trigger(), http("call", "http://127.0.0.1:9/down")]), { name })).automationId;
}

describe("failure alerts", () => {
  it("one failure → one in-app notification per admin and one email naming the automation, run, step and error", async () => {
    const { ws, admin } = await workspace("fa-single");
    await setWorkspaceFailureAlerts(admin, { settings: on({ inApp: true, emails: ["Ops@Example.com"], subscriptionIds: [] }) }, t.db);
    const automationId = await automation(ws.workspaceId, "Sync CRM");
    // A real failure: the engine runs it, the HTTP step hits a closed port.
    const { runId } = await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const run = await waitForStatus(t.db, runId, ["FAILED"]);

    const a = ticker();
    const pass = await a.pass();
    expect(pass).toMatchObject({ created: 1, messages: 1, alertsSent: 1 });
    const notes = await t.db.notification.findMany({ where: { workspaceId: ws.workspaceId } });
    expect(notes.map((n) => n.userId)).toEqual([ws.adminId]);
    expect(notes[0]).toMatchObject({ title: "Run failed: Sync CRM", link: `/runs/${runId}`, runId });
    expect(notes[0]!.body).toContain("call");
    const got = mailsTo("ops@example.com");
    expect(got).toHaveLength(1);
    expect(got[0]!.mail.subject).toBe("[Switchyard] Run failed: Sync CRM");
    expect(got[0]!.mail.text).toContain(`${APP_URL}/runs/${runId}`);
    expect(got[0]!.mail.text).toContain(run.error!.slice(0, 40));
    expect(got[0]!.mail.text).toContain("http_request");
    expect(await t.db.failureAlert.findUniqueOrThrow({ where: { runId } })).toMatchObject({ digestId: null, sentAt: expect.any(Date) });

    // Nothing twice: the next pass (re-reading the overlap) sends nothing.
    expect(await a.pass()).toMatchObject({ created: 0, messages: 0 });
    expect(mailsTo("ops@example.com")).toHaveLength(1);
    expect(await t.db.notification.count({ where: { workspaceId: ws.workspaceId } })).toBe(1);
  });

  it("an automation's own settings beat the workspace default; off mutes it; test runs are not alerted", async () => {
    const { ws, admin } = await workspace("fa-override");
    await setWorkspaceFailureAlerts(admin, { settings: on({ inApp: false, emails: ["default@example.com"], subscriptionIds: [] }) }, t.db);
    const custom = await automation(ws.workspaceId, "Custom");
    const muted = await automation(ws.workspaceId, "Muted");
    const plain = await automation(ws.workspaceId, "Plain");
    await setAutomationFailureAlerts(admin, { automationId: custom, settings: on({ inApp: false, emails: ["team@example.com"], subscriptionIds: [] }) }, t.db);
    const off = await setAutomationFailureAlerts(admin, { automationId: muted, settings: { enabled: false } }, t.db);
    expect(off.effective).toBeNull();
    expect((await getAutomationFailureAlerts(admin, { automationId: plain }, t.db)).effective?.channels.emails).toEqual(["default@example.com"]);

    const now = new Date();
    const customRun = await failedRun(ws.workspaceId, custom, now);
    await failedRun(ws.workspaceId, muted, now);
    const plainRun = await failedRun(ws.workspaceId, plain, now);
    const testRun = await failedRun(ws.workspaceId, plain, now);
    await t.db.run.update({ where: { id: testRun }, data: { isTest: true } });

    await ticker().pass(later(1_000));
    expect(mailsTo("team@example.com").map((m) => m.mail.text)).toEqual([expect.stringContaining(customRun)]);
    expect(mailsTo("default@example.com").map((m) => m.mail.text)).toEqual([expect.stringContaining(plainRun)]);
    expect(await t.db.failureAlert.count({ where: { workspaceId: ws.workspaceId } })).toBe(2);

    // Back to the workspace default: the next failure of "Custom" goes to the default list.
    await setAutomationFailureAlerts(admin, { automationId: custom, settings: null }, t.db);
    const again = await failedRun(ws.workspaceId, custom, new Date());
    await ticker().pass(later(1_000));
    expect(mailsTo("default@example.com").map((m) => m.mail.text)).toEqual([expect.stringContaining(plainRun), expect.stringContaining(again)]);
  });

  it("digest: 20 failures in one window → exactly one email, one notification per admin and one alert.digest delivery (chosen subscription only) listing all 20", async () => {
    const { ws, admin } = await workspace("fa-digest");
    const chosen = await createSubscription(admin, { url: `${receiver.url}/chosen`, events: ["run.completed"] }, t.db);
    await createSubscription(admin, { url: `${receiver.url}/everything`, events: ["*"] }, t.db);
    await setWorkspaceFailureAlerts(admin, { settings: on({ inApp: true, emails: ["digest@example.com"], subscriptionIds: [chosen.subscription.id] }, 5) }, t.db);
    const first = await automation(ws.workspaceId, "Import orders");
    const second = await automation(ws.workspaceId, "Send invoices");
    // The window is played in the past (alerts turned on 7 minutes ago), so the digest goes out at the real time and its signature is fresh.
    const start = new Date(Date.now() - 6 * 60_000);
    await t.db.failureAlertCursor.update({ where: { workspaceId: ws.workspaceId }, data: { scannedTo: new Date(start.getTime() - 60_000) } });
    const runIds: string[] = [];
    for (let i = 0; i < 20; i++) runIds.push(await failedRun(ws.workspaceId, i < 12 ? first : second, new Date(start.getTime() + i * 100), `failure number ${i}`));
    const at = (ms: number) => new Date(start.getTime() + ms);

    const a = ticker();
    // Inside the window: collected, nothing sent.
    expect(await a.pass(at(10_000))).toMatchObject({ created: 20, messages: 0 });
    expect(await a.pass(at(4 * 60_000))).toMatchObject({ created: 0, messages: 0 });
    expect(mailsTo("digest@example.com")).toHaveLength(0);
    // The window (5 min from the first failure) has passed: one digest.
    expect(await a.pass()).toMatchObject({ messages: 1, digests: 1, alertsSent: 20 });
    expect(await a.pass(later(6 * 60_000))).toMatchObject({ messages: 0 });

    const got = mailsTo("digest@example.com");
    expect(got).toHaveLength(1);
    expect(got[0]!.mail.subject).toBe("[Switchyard] Failure digest: 20 failed runs in 2 automations");
    for (const id of runIds) expect(got[0]!.mail.text).toContain(id);
    expect(got[0]!.mail.text).toContain("Import orders: 12");
    expect(got[0]!.mail.text).toContain("Send invoices: 8");

    const notes = await t.db.notification.findMany({ where: { workspaceId: ws.workspaceId } });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.title).toBe("Failure digest: 20 failed runs in 2 automations");
    for (const id of runIds) expect(notes[0]!.body).toContain(id);

    const alerts = await t.db.failureAlert.findMany({ where: { workspaceId: ws.workspaceId } });
    const digestIds = new Set(alerts.map((x) => x.digestId));
    expect(digestIds.size).toBe(1);
    expect([...digestIds][0]).toMatch(/^fad_/);
    expect(alerts.every((x) => x.sentAt !== null)).toBe(true);
    expect((await t.db.failureAlertCursor.findUniqueOrThrow({ where: { workspaceId: ws.workspaceId } })).lastDigestAt).not.toBeNull();

    // The subscription channel: only the chosen subscription, signed per Standard Webhooks.
    received.length = 0;
    await runDeliveryPass(t.db, { policy: { ...DEFAULT_POLICY, timeoutMs: 2_000 } });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers["webhook-id"]).toMatch(/^evt_fa_fad_/);
    const payload = new Webhook(chosen.secret).verify(received[0]!.raw, received[0]!.headers) as { type: string; data: { total: number; failures: Array<{ run_id: string }>; automations: Array<{ count: number }> } };
    expect(payload.type).toBe("alert.digest");
    expect(payload.data.total).toBe(20);
    expect(payload.data.failures.map((f) => f.run_id)).toEqual(runIds);
    expect(payload.data.automations.map((x) => x.count)).toEqual([12, 8]);
  });

  it("a single alert reaches the chosen subscription as alert.run_failed; a '*' subscription receives nothing", async () => {
    const { ws, admin } = await workspace("fa-sub");
    const chosen = await createSubscription(admin, { url: `${receiver.url}/chosen`, events: ["automation.published"] }, t.db);
    await createSubscription(admin, { url: `${receiver.url}/all`, events: ["*"] }, t.db);
    await setWorkspaceFailureAlerts(admin, { settings: on({ inApp: false, emails: [], subscriptionIds: [chosen.subscription.id] }) }, t.db);
    const automationId = await automation(ws.workspaceId, "Webhook out");
    const runId = await failedRun(ws.workspaceId, automationId, new Date(), "boom");
    await ticker().pass(later(1_000));
    received.length = 0;
    await runDeliveryPass(t.db, { now: later(2_000), policy: { ...DEFAULT_POLICY, timeoutMs: 2_000 } });
    expect(received.map((r) => r.body.type)).toEqual(["alert.run_failed"]);
    const payload = new Webhook(chosen.secret).verify(received[0]!.raw, received[0]!.headers) as { data: Record<string, unknown> };
    expect(payload.data).toMatchObject({ run_id: runId, automation_id: automationId, automation_name: "Webhook out", error: "boom", failed_step: { node_id: "call", name: "Call CRM", type: "http_request" }, run_url: `${APP_URL}/runs/${runId}` });
  });

  it("two scanners at the same time never send an alert twice (per failure and digest)", async () => {
    const { ws, admin } = await workspace("fa-race");
    await setWorkspaceFailureAlerts(admin, { settings: on({ inApp: true, emails: ["race@example.com"], subscriptionIds: [] }) }, t.db);
    const automationId = await automation(ws.workspaceId, "Racy");
    const runIds: string[] = [];
    for (let i = 0; i < 10; i++) runIds.push(await failedRun(ws.workspaceId, automationId, new Date()));
    const a = ticker();
    const b = ticker();
    for (let i = 0; i < 3; i++) await Promise.all([a.pass(later(1_000)), b.pass(later(1_000))]);
    expect(await t.db.failureAlert.count({ where: { workspaceId: ws.workspaceId } })).toBe(10);
    expect(mailsTo("race@example.com")).toHaveLength(10);
    expect(new Set(mailsTo("race@example.com").map((m) => runIds.find((id) => m.mail.text?.includes(id)))).size).toBe(10);
    expect(await t.db.notification.count({ where: { workspaceId: ws.workspaceId } })).toBe(10);

    // Digest mode: both passes race for the same window; one digest.
    await setWorkspaceFailureAlerts(admin, { settings: on({ inApp: false, emails: ["race-digest@example.com"], subscriptionIds: [] }, 5) }, t.db);
    for (let i = 0; i < 8; i++) await failedRun(ws.workspaceId, automationId, new Date());
    await Promise.all([a.pass(later(1_000)), b.pass(later(1_000))]);
    await Promise.all([a.pass(later(6 * 60_000)), b.pass(later(6 * 60_000))]);
    await Promise.all([a.pass(later(7 * 60_000)), b.pass(later(7 * 60_000))]);
    expect(mailsTo("race-digest@example.com")).toHaveLength(1);
    expect(mailsTo("race-digest@example.com")[0]!.mail.subject).toContain("8 failed runs");
  });

  it("durable: failures while no scanner runs are alerted when one starts again", async () => {
    const { ws, admin } = await workspace("fa-restart");
    await setWorkspaceFailureAlerts(admin, { settings: on({ inApp: false, emails: ["restart@example.com"], subscriptionIds: [] }) }, t.db);
    const automationId = await automation(ws.workspaceId, "Nightly");
    const first = ticker();
    first.start();
    await first.pass();
    await first.stop();
    // Stopped (as after a crash or a deploy): runs fail meanwhile, through the engine too.
    const direct = await failedRun(ws.workspaceId, automationId, new Date());
    const { runId } = await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["FAILED"]);
    expect(mailsTo("restart@example.com")).toHaveLength(0);

    const second = new FailureAlertTicker({ db: t.db, mailer: createMailer({ db: t.db, smtpUrl }), appUrl: APP_URL, periodMs: 50 });
    second.start();
    try {
      await waitFor("both alerts sent", async () => mailsTo("restart@example.com").length >= 2);
    } finally {
      await second.stop();
    }
    const texts = mailsTo("restart@example.com").map((m) => m.mail.text ?? "");
    expect(texts.some((x) => x.includes(direct))).toBe(true);
    expect(texts.some((x) => x.includes(runId))).toBe(true);
    expect(texts).toHaveLength(2);
  });

  it("a failure committed late (finishedAt before the cursor, inside the overlap) is alerted once; older than the overlap it is not", async () => {
    const { ws, admin } = await workspace("fa-late");
    await setWorkspaceFailureAlerts(admin, { settings: on({ inApp: true, emails: [], subscriptionIds: [] }) }, t.db);
    const automationId = await automation(ws.workspaceId, "Late");
    const base = new Date(Date.now() + 2_000);
    await failedRun(ws.workspaceId, automationId, base);
    const a = ticker();
    expect(await a.pass(later(3_000))).toMatchObject({ created: 1 });
    const cursor = await t.db.failureAlertCursor.findUniqueOrThrow({ where: { workspaceId: ws.workspaceId } });
    expect(cursor.scannedTo.getTime()).toBe(base.getTime());
    // Committed after the scan, but finished 30 s before the newest failure read: inside the overlap.
    const late = await failedRun(ws.workspaceId, automationId, new Date(base.getTime() - 30_000));
    // Finished before the overlap: out of reach (documented bound of how late a commit may land).
    const tooLate = await failedRun(ws.workspaceId, automationId, new Date(base.getTime() - SCAN_OVERLAP_MS - 5_000));
    expect(await a.pass(later(4_000))).toMatchObject({ created: 1, messages: 1 });
    expect(await a.pass(later(5_000))).toMatchObject({ created: 0, messages: 0 });
    expect(await t.db.failureAlert.count({ where: { runId: late } })).toBe(1);
    expect(await t.db.failureAlert.count({ where: { runId: tooLate } })).toBe(0);
    expect(await t.db.notification.count({ where: { workspaceId: ws.workspaceId } })).toBe(2);
  });

  it("a claim left by a sender that died is taken over once stale, with the same message id (the email is not sent twice)", async () => {
    const { ws, admin } = await workspace("fa-stale");
    await setWorkspaceFailureAlerts(admin, { settings: on({ inApp: true, emails: ["stale@example.com"], subscriptionIds: [] }) }, t.db);
    const automationId = await automation(ws.workspaceId, "Crashy");
    const runId = await failedRun(ws.workspaceId, automationId, new Date());
    const a = ticker();
    await a.pass(later(1_000));
    expect(mailsTo("stale@example.com")).toHaveLength(1);
    // As if the sender had died after sending but before recording it: the claim is back, sentAt null.
    const alert = await t.db.failureAlert.findUniqueOrThrow({ where: { runId } });
    const old = new Date(Date.now() - 10 * 60_000);
    await t.db.failureAlert.update({ where: { id: alert.id }, data: { sentAt: null, digestId: `claim:${old.getTime()}:1:${alert.id}` } });
    expect(await a.pass(later(2_000))).toMatchObject({ messages: 1 });
    expect(mailsTo("stale@example.com")).toHaveLength(1);
    expect(await t.db.notification.count({ where: { workspaceId: ws.workspaceId } })).toBe(1);
    expect(await t.db.failureAlert.findUniqueOrThrow({ where: { runId } })).toMatchObject({ digestId: null, sentAt: expect.any(Date) });
    expect(parseClaim(`claim:${old.getTime()}:1:${alert.id}`)).toMatchObject({ attempt: 1, messageId: alert.id });
  });

  it("settings are validated: a channel is required, digest minutes 0 or 5–1440, subscriptions of this workspace only; specialists cannot change them", async () => {
    const { ws, admin } = await workspace("fa-valid");
    const err = async (p: Promise<unknown>) => (await p.catch((e: unknown) => e)) as AppError;
    expect((await err(setWorkspaceFailureAlerts(admin, { settings: on({ inApp: false, emails: [], subscriptionIds: [] }) }, t.db))).message).toMatch(/choose at least one channel/);
    expect((await err(setWorkspaceFailureAlerts(admin, { settings: on({ inApp: true }, 3) }, t.db))).message).toMatch(/digestMinutes: 0 .* or 5 to 1440/);
    expect((await err(setWorkspaceFailureAlerts(admin, { settings: on({ emails: ["not-an-email"] }) }, t.db))).message).toMatch(/not a valid email/);
    const other = await workspace("fa-valid-other");
    const foreign = await createSubscription(other.admin, { url: `${receiver.url}/x`, events: ["*"] }, t.db);
    const e = await err(setWorkspaceFailureAlerts(admin, { settings: on({ subscriptionIds: [foreign.subscription.id] }) }, t.db));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toContain("unknown event subscription");
    const specialist = memberActor(ws.specialistId, ws.workspaceId, "SPECIALIST");
    expect((await err(setWorkspaceFailureAlerts(specialist, { settings: null }, t.db))).code).toBe("FORBIDDEN");
    const automationId = await automation(ws.workspaceId, "Guarded");
    expect((await err(setAutomationFailureAlerts(specialist, { automationId, settings: null }, t.db))).code).toBe("FORBIDDEN");
    expect((await err(setAutomationFailureAlerts(other.admin, { automationId, settings: null }, t.db))).code).toBe("NOT_FOUND");
    expect(await getAutomationFailureAlerts(specialist, { automationId }, t.db)).toMatchObject({ settings: null, workspaceDefault: null, effective: null });
  });
});
