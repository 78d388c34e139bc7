import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { memberActor } from "@/server/auth/actor";
import { createRun } from "@/server/services/runs/create-run";
import { createConnection } from "@/server/services/connections/create-connection";
import { createOutgoingWebhook } from "@/server/services/outgoing-webhooks/create-outgoing-webhook";
import { getOutgoingWebhook } from "@/server/services/outgoing-webhooks/get-outgoing-webhook";
import { listOutgoingWebhooks } from "@/server/services/outgoing-webhooks/list-outgoing-webhooks";
import { updateOutgoingWebhook } from "@/server/services/outgoing-webhooks/update-outgoing-webhook";
import { deleteOutgoingWebhook } from "@/server/services/outgoing-webhooks/delete-outgoing-webhook";
import { rotateOutgoingSecret } from "@/server/services/outgoing-webhooks/rotate-outgoing-secret";
import { sendTestEvent } from "@/server/services/outgoing-webhooks/send-test-event";
import { listOutgoingAttempts } from "@/server/services/outgoing-webhooks/list-outgoing-attempts";
import { publishVersion } from "@/server/services/versions/publish-version";
import { AppError, type Actor } from "@/server/services/errors";
import { chain, createAutomation, engineEnv, node, setupEngineTest, startServer, stepsOf, trigger, waitForStatus, type EngineTest, type TestServer } from "../engine/helpers";

/**
 * Outgoing webhook endpoints (issue 14 item 3) on real components: services on
 * a migrated database, the outgoing_webhook step in a real engine run, requests
 * to a real HTTP receiver on 127.0.0.1 verified with the `standardwebhooks` package.
 */
let t: EngineTest;
let admin: Actor;
let specialist: Actor;
let other: Actor;
let receiver: TestServer;
/** what the receiver answers next; 200 when none is planned */
let answers: number[] = [];

beforeAll(async () => {
  engineEnv();
  t = await setupEngineTest();
  admin = memberActor(t.ws.adminId, t.ws.workspaceId, "ADMIN");
  specialist = memberActor(t.ws.specialistId, t.ws.workspaceId, "SPECIALIST");
  other = memberActor(t.ws.otherAdminId, t.ws.otherWorkspaceId, "ADMIN");
  receiver = await startServer((_req, res) => {
    const status = answers.shift() ?? 200;
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(status === 200 ? "thanks" : "receiver down");
  });
});
afterAll(async () => {
  await receiver?.close();
  await t?.cleanup();
});
beforeEach(() => {
  answers = [];
  receiver.requests.length = 0;
});

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}
const headersOf = (r: TestServer["requests"][number]) => Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));

describe("outgoing webhook services", () => {
  it("create returns the secret once (sealed at rest); get, list and update never return it", async () => {
    const { webhook, secret } = await createOutgoingWebhook(admin, { name: "CRM", url: `${receiver.url}/crm`, headers: [{ name: "X-Source", value: "switchyard" }] }, t.db);
    expect(secret).toMatch(/^whsec_/);
    const row = await t.db.outgoingWebhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(row.secretEnc).not.toContain(secret.slice(6, 20));
    expect(JSON.stringify(await getOutgoingWebhook(admin, { id: webhook.id }, t.db))).not.toContain(secret);
    expect(JSON.stringify(await listOutgoingWebhooks(specialist, {}, t.db))).not.toContain(secret);
    const updated = await updateOutgoingWebhook(admin, { id: webhook.id, description: "the CRM", timeoutMs: 3000 }, t.db);
    expect(updated).toMatchObject({ description: "the CRM", timeoutMs: 3000, headers: [{ name: "X-Source", value: "switchyard" }] });
    expect(JSON.stringify(updated)).not.toContain(secret);
    const rotated = await rotateOutgoingSecret(admin, { id: webhook.id }, t.db);
    expect(rotated.secret).not.toBe(secret);
    const audit = await t.db.auditLog.findMany({ where: { targetId: webhook.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["outgoing_webhook.created", "outgoing_webhook.updated", "outgoing_webhook.secret_rotated"]);
    expect(JSON.stringify(audit)).not.toContain(rotated.secret);
    await deleteOutgoingWebhook(admin, { id: webhook.id }, t.db);
  });

  it("validation: a clear 400 per field (SSRF refusal, header names, connection refs) and 409 for a taken name; nothing written", async () => {
    const before = await t.db.outgoingWebhook.count();
    const ssrf = await rejection(createOutgoingWebhook(admin, { name: "Meta", url: "http://169.254.169.254/latest/meta-data" }, t.db));
    expect(ssrf.code).toBe("BAD_REQUEST");
    expect(ssrf.details?.issues?.[0]).toMatchObject({ field: "url" });
    expect(ssrf.message).toMatch(/169\.254\.169\.254/);
    const local = await rejection(createOutgoingWebhook(admin, { name: "Local", url: "http://[::1]:8080/x" }, t.db));
    expect(local.message).toMatch(/loopback|public addresses/);
    const scheme = await rejection(createOutgoingWebhook(admin, { name: "Ftp", url: "ftp://example.com/x" }, t.db));
    expect(scheme.message).toContain("only http:// and https://");
    const header = await rejection(createOutgoingWebhook(admin, { name: "H", url: `${receiver.url}/h`, headers: [{ name: "bad header", value: "x" }] }, t.db));
    expect(header.details?.issues?.[0]?.field).toBe("headers.0.name");
    const twice = await rejection(createOutgoingWebhook(admin, { name: "H", url: `${receiver.url}/h`, headers: [{ name: "X-A", value: "1" }, { name: "x-a", value: "2" }] }, t.db));
    expect(twice.message).toContain("used twice");
    const conn = await createConnection(admin, { name: "Vault A", type: "secrets", values: { apiKey: "sk_live_abcdef123456" } }, t.db);
    const noField = await rejection(createOutgoingWebhook(admin, { name: "H", url: `${receiver.url}/h`, headers: [{ name: "X-Key", connectionId: conn.id, field: "missing" }] }, t.db));
    expect(noField.details?.issues?.[0]).toMatchObject({ field: "headers.0.field" });
    expect(noField.message).toContain("has no field \"missing\"");
    // a connection of another workspace is unknown here
    const otherConn = await createConnection(other, { name: "Vault B", type: "secrets", values: { apiKey: "sk_other_123456" } }, t.db);
    const foreign = await rejection(createOutgoingWebhook(admin, { name: "H", url: `${receiver.url}/h`, headers: [{ name: "X-Key", connectionId: otherConn.id, field: "apiKey" }] }, t.db));
    expect(foreign.details?.issues?.[0]).toMatchObject({ field: "headers.0.connectionId" });
    expect(await t.db.outgoingWebhook.count()).toBe(before);

    const { webhook } = await createOutgoingWebhook(admin, { name: "Taken", url: `${receiver.url}/t` }, t.db);
    const dup = await rejection(createOutgoingWebhook(admin, { name: "Taken", url: `${receiver.url}/t2` }, t.db));
    expect(dup.code).toBe("CONFLICT");
    const { webhook: second } = await createOutgoingWebhook(admin, { name: "Second", url: `${receiver.url}/t2` }, t.db);
    expect((await rejection(updateOutgoingWebhook(admin, { id: second.id, name: "Taken" }, t.db))).code).toBe("CONFLICT");
    expect((await rejection(updateOutgoingWebhook(admin, { id: second.id, url: "http://10.1.2.3/x" }, t.db))).details?.issues?.[0]?.field).toBe("url");
    // the same name in another workspace is fine
    await createOutgoingWebhook(other, { name: "Taken", url: `${receiver.url}/o` }, t.db);
    await deleteOutgoingWebhook(admin, { id: webhook.id }, t.db);
    await deleteOutgoingWebhook(admin, { id: second.id }, t.db);
  });

  it("workspace scoping and roles: another workspace's id is 404, specialists read but cannot write or send", async () => {
    const { webhook } = await createOutgoingWebhook(admin, { name: "Scoped", url: `${receiver.url}/s` }, t.db);
    // One call at a time: promises created up front would reject before they are awaited
    // (unhandled rejections on PostgreSQL, where the calls take longer).
    for (const call of [
      () => getOutgoingWebhook(other, { id: webhook.id }, t.db),
      () => updateOutgoingWebhook(other, { id: webhook.id, description: "x" }, t.db),
      () => deleteOutgoingWebhook(other, { id: webhook.id }, t.db),
      () => rotateOutgoingSecret(other, { id: webhook.id }, t.db),
      () => sendTestEvent(other, { id: webhook.id }, t.db),
      () => listOutgoingAttempts(other, { id: webhook.id }, t.db),
    ]) {
      expect((await rejection(call())).code).toBe("NOT_FOUND");
    }
    expect((await listOutgoingWebhooks(other, {}, t.db)).map((w) => w.id)).not.toContain(webhook.id);
    expect((await getOutgoingWebhook(specialist, { id: webhook.id }, t.db)).name).toBe("Scoped");
    for (const call of [
      () => createOutgoingWebhook(specialist, { name: "Nope", url: `${receiver.url}/n` }, t.db),
      () => updateOutgoingWebhook(specialist, { id: webhook.id, description: "x" }, t.db),
      () => deleteOutgoingWebhook(specialist, { id: webhook.id }, t.db),
      () => rotateOutgoingSecret(specialist, { id: webhook.id }, t.db),
      () => sendTestEvent(specialist, { id: webhook.id }, t.db),
    ]) {
      expect((await rejection(call())).code).toBe("FORBIDDEN");
    }
    expect(receiver.requests).toHaveLength(0);
    await deleteOutgoingWebhook(admin, { id: webhook.id }, t.db);
  });

  it("send test event: signed webhook.test with a connection header resolved at send time and masked in the log", async () => {
    const token = "tok_live_9f8e7d6c5b4a";
    const conn = await createConnection(admin, { name: "Partner token", type: "secrets", values: { token } }, t.db);
    const { webhook, secret } = await createOutgoingWebhook(
      admin,
      { name: "Partner", url: `${receiver.url}/partner`, headers: [{ name: "Authorization", connectionId: conn.id, field: "token" }, { name: "X-Plain", value: "visible" }] },
      t.db,
    );
    expect(await t.db.outgoingWebhook.findUniqueOrThrow({ where: { id: webhook.id } }).then((r) => r.headers)).not.toContain(token);
    const r = await sendTestEvent(admin, { id: webhook.id }, t.db);
    expect(r).toMatchObject({ ok: true, statusCode: 200, responseExcerpt: "thanks", error: null });
    const req = receiver.requests[0]!;
    const headers = headersOf(req);
    expect(headers.authorization).toBe(token);
    expect(headers["x-plain"]).toBe("visible");
    expect(headers["webhook-id"]).toBe(r.messageId);
    const payload = new Webhook(secret).verify(req.body, headers) as { type: string; data: { webhook_id: string } };
    expect(payload).toMatchObject({ type: "webhook.test", data: { webhook_id: webhook.id } });
    const logs = await listOutgoingAttempts(admin, { id: webhook.id }, t.db);
    expect(logs.items).toHaveLength(1);
    expect(logs.items[0]).toMatchObject({ source: "test", statusCode: 200, ok: true, eventType: "webhook.test", messageId: r.messageId });
    expect(JSON.stringify(logs)).not.toContain(token);

    // a receiver that is down: the failure is returned and logged, not thrown
    answers = [502];
    const failed = await sendTestEvent(admin, { id: webhook.id }, t.db);
    expect(failed).toMatchObject({ ok: false, statusCode: 502, responseExcerpt: "receiver down" });
    expect(failed.error).toContain("HTTP 502");
    expect((await listOutgoingAttempts(specialist, { id: webhook.id, status: "failed" }, t.db)).items.map((a) => a.statusCode)).toEqual([502]);
    expect((await listOutgoingAttempts(specialist, { id: webhook.id, status: "success" }, t.db)).items.map((a) => a.statusCode)).toEqual([200]);
    expect((await getOutgoingWebhook(admin, { id: webhook.id }, t.db)).lastAttempt).toMatchObject({ statusCode: 502, ok: false, source: "test" });
  });
});

describe("outgoing_webhook step in a real engine run", () => {
  it("signed delivery; a 500 is retried with the same webhook-id; attempt rows carry the run; the connection header is masked in the step record", async () => {
    const apiKey = "sk_engine_5e3d2c1b0a99";
    const conn = await createConnection(admin, { name: "Engine vault", type: "secrets", values: { apiKey } }, t.db);
    const { webhook, secret } = await createOutgoingWebhook(
      admin,
      { name: "Orders sink", url: `${receiver.url}/orders`, headers: [{ name: "X-Api-Key", connectionId: conn.id, field: "apiKey" }] },
      t.db,
    );
    const graph = chain([
      trigger(),
      node("notify", "outgoing_webhook", { webhookId: webhook.id, eventType: "order.paid", body: '{"order": "{{trigger.order_id}}", "total": 42}' }, { retry: { maxAttempts: 3, backoffMs: 10, maxBackoffMs: 20 } }),
    ]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    answers = [500, 200];
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: { order_id: "ord_77" } }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"], 20_000);

    expect(receiver.requests).toHaveLength(2);
    const [first, second] = receiver.requests.map(headersOf);
    expect(first!["webhook-id"]).toBe(second!["webhook-id"]);
    expect(first!["webhook-id"]).toMatch(/^msg_/);
    expect(second!["x-api-key"]).toBe(apiKey);
    const payload = new Webhook(secret).verify(receiver.requests[1]!.body, second!) as { id: string; type: string; data: unknown; workspace_id: string };
    expect(payload).toMatchObject({ id: second!["webhook-id"], type: "order.paid", workspace_id: t.ws.workspaceId, data: { order: "ord_77", total: 42 } });

    const attempts = await t.db.outgoingWebhookAttempt.findMany({ where: { webhookId: webhook.id }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.source, a.runId, a.messageId])).toEqual([
      [1, 500, "automation", runId, first!["webhook-id"]],
      [2, 200, "automation", runId, first!["webhook-id"]],
    ]);
    expect(attempts[0]!.stepKey).toContain(runId);
    expect(attempts[0]!.error).toContain("HTTP 500");

    const steps = (await stepsOf(t.db, runId)).filter((s) => s.nodeId === "notify");
    expect(steps.map((s) => s.status)).toEqual(["FAILED", "SUCCEEDED"]);
    const everything = JSON.stringify({ steps, attempts });
    expect(everything).not.toContain(apiKey);
    const request = JSON.parse(steps[1]!.request ?? "null") as { webhook: string; headers: Record<string, string>; body: { type: string } };
    expect(request.webhook).toBe("Orders sink");
    expect(request.headers["X-Api-Key"]).toContain("••••");
    expect(request.body.type).toBe("order.paid");
    expect(JSON.parse(steps[1]!.response ?? "null")).toMatchObject({ ok: true, status: 200, messageId: first!["webhook-id"] });
  });

  it("a 4xx fails the step without retry; a deleted endpoint fails the run clearly and is a validation problem on publish", async () => {
    const { webhook } = await createOutgoingWebhook(admin, { name: "Strict", url: `${receiver.url}/strict` }, t.db);
    const graph = chain([trigger(), node("send", "outgoing_webhook", { webhookId: webhook.id, eventType: "x.y", body: "{}" }, { retry: { maxAttempts: 3, backoffMs: 10, maxBackoffMs: 20 } })]);
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
    answers = [422];
    const run1 = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const failed = await waitForStatus(t.db, run1.runId, ["FAILED"]);
    expect(receiver.requests).toHaveLength(1);
    expect(failed.error ?? "").toContain("HTTP 422");

    await deleteOutgoingWebhook(admin, { id: webhook.id }, t.db);
    const run2 = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    const gone = await waitForStatus(t.db, run2.runId, ["FAILED"]);
    expect(gone.error ?? "").toContain("no longer exists");

    const draft = await t.db.automation.update({ where: { id: automationId }, data: { status: "PAUSED" } });
    const refused = await rejection(publishVersion(admin, { automationId: draft.id }, t.db));
    expect(refused.code).toBe("UNPROCESSABLE");
    const problems = (refused.details as { problems: Array<{ code: string; message: string; nodeId: string }> }).problems;
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ code: "outgoing_webhook_missing", nodeId: "send" })]));
  });
});
