import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { setAutomationStatus } from "@/server/services/automations/set-automation-status";
import { rotateWebhookUrl } from "@/server/services/webhooks/rotate-webhook-url";
import { rotateWebhookSecret } from "@/server/services/webhooks/rotate-webhook-secret";
import { edge, node, waitForStatus } from "../engine/helpers";
import { post, setupHookTest, type HookTest } from "./webhook-harness";

let t: HookTest;
beforeAll(async () => {
  t = await setupHookTest();
}, 60_000);
afterAll(async () => t?.cleanup());

async function runsOf(automationId: string) {
  return t.db.run.findMany({ where: { automationId }, orderBy: { createdAt: "asc" } });
}

describe("webhook ingress: requests become runs", () => {
  it("answers 202 with the run id and records body, headers (minus secrets), query, method and path", async () => {
    const h = await t.hook({ methods: ["POST", "PUT"] });
    const res = await post(`${h.url}/orders/7?source=shop&tag=a&tag=b`, JSON.stringify({ amount: 42 }), { "x-custom": "yes", authorization: "Bearer nope" });
    expect(res.status).toBe(202);
    const runId = res.json.run_id as string;
    expect(res.headers.get("x-run-id")).toBe(runId);
    const run = await waitForStatus(t.db, runId, ["COMPLETED"]);
    expect(run.triggerType).toBe("webhook");
    expect(run.sourceId).toBe(h.endpointId);
    const data = JSON.parse(run.triggerData);
    expect(data.body).toEqual({ amount: 42 });
    expect(data.query).toEqual({ source: "shop", tag: ["a", "b"] });
    expect(data.method).toBe("POST");
    expect(data.path).toBe("/orders/7");
    expect(data.headers["x-custom"]).toBe("yes");
    expect(data.headers.authorization).toBeUndefined();
  });

  it("parses urlencoded forms and passes other bodies as text", async () => {
    const h = await t.hook();
    const form = await post(h.url, "name=Ada&tag=x&tag=y", { "content-type": "application/x-www-form-urlencoded" });
    const text = await post(h.url, "plain words", { "content-type": "text/plain" });
    const bad = await post(h.url, "{not json", { "content-type": "application/json" });
    expect([form.status, text.status, bad.status]).toEqual([202, 202, 400]);
    expect(bad.json.error).toMatchObject({ code: "BAD_REQUEST" });
    const formRun = await t.db.run.findUniqueOrThrow({ where: { id: form.json.run_id as string } });
    const textRun = await t.db.run.findUniqueOrThrow({ where: { id: text.json.run_id as string } });
    expect(JSON.parse(formRun.triggerData).body).toEqual({ name: "Ada", tag: ["x", "y"] });
    expect(JSON.parse(textRun.triggerData).body).toBe("plain words");
    expect(await runsOf(h.automationId)).toHaveLength(2);
  });

  it("answers 404 with no hint for unknown, paused and unpublished hooks, and 405 for other methods", async () => {
    const unknown = await post(`${t.base}/api/hooks/${"x".repeat(43)}`, "{}");
    const h = await t.hook();
    const wrongMethod = await post(h.url, "{}", {}, "PUT");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    await setAutomationStatus(t.admin, { id: h.automationId, status: "PAUSED" }, t.db);
    const paused = await post(h.url, "{}");
    expect(unknown.status).toBe(404);
    expect(paused.status).toBe(404);
    expect(paused.text).toBe(unknown.text);
    expect(await runsOf(h.automationId)).toHaveLength(0);
    await setAutomationStatus(t.admin, { id: h.automationId, status: "ACTIVE" }, t.db);
    expect((await post(h.url, "{}")).status).toBe(202);

    // A draft-only automation gets a URL in the editor, but it answers 404 until published.
    const draft = await t.db.automation.create({ data: { workspaceId: t.ws.workspaceId, name: "draft", draftGraph: "{}", status: "DRAFT" } });
    const info = await rotateWebhookUrl(t.admin, { automationId: draft.id, rotate: false }, t.db);
    expect(info.active).toBe(false);
    expect((await post(t.base + new URL(info.url).pathname, "{}")).status).toBe(404);
  });

  it("rotating the URL retires the old one at once", async () => {
    const h = await t.hook();
    const info = await rotateWebhookUrl(t.admin, { automationId: h.automationId }, t.db);
    const next = t.base + new URL(info.url).pathname;
    expect(next).not.toBe(h.url);
    expect(new URL(info.url).pathname.split("/").pop()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await post(h.url, "{}")).status).toBe(404);
    expect((await post(next, "{}")).status).toBe(202);
  });

  it("rejects bodies over the limit with 413 and limits the rate per hook with 429 and Retry-After", async () => {
    const small = await t.hook({ maxBodyBytes: 100 });
    expect((await post(small.url, JSON.stringify({ pad: "x".repeat(200) }))).status).toBe(413);
    expect((await post(small.url, JSON.stringify({ pad: "x" }))).status).toBe(202);

    const limited = await t.hook({ rateLimit: 3 });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await post(limited.url, "{}"));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 429, 429]);
    expect(Number(answers[3].headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await runsOf(limited.automationId)).toHaveLength(3);
  });
});

describe("webhook authentication", () => {
  it("header secret: generated on the server, shown once, compared as a whole, not stored in the trigger data", async () => {
    const h = await t.hook({ authMode: "header", headerName: "X-Hook-Key" });
    expect((await post(h.url, "{}", { "x-hook-key": "anything" })).status).toBe(401); // no secret generated yet
    const { secret, endpoint } = await rotateWebhookSecret(t.admin, { automationId: h.automationId, kind: "header" }, t.db);
    expect(endpoint.hasSecret).toBe(true);
    expect(JSON.stringify(endpoint)).not.toContain(secret);
    expect((await post(h.url, "{}")).status).toBe(401);
    expect((await post(h.url, "{}", { "x-hook-key": secret.slice(0, -1) })).status).toBe(401);
    const ok = await post(h.url, "{}", { "x-hook-key": secret });
    expect(ok.status).toBe(202);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: ok.json.run_id as string } });
    expect(run.triggerData).not.toContain(secret);
    expect(JSON.parse(run.triggerData).headers["x-hook-key"]).toBeUndefined();
  });

  it("Standard Webhooks: accepts messages signed by the standardwebhooks library; rejects bad signatures and stale timestamps; dedupes replays", async () => {
    const h = await t.hook({ authMode: "hmac" });
    const { secret } = await rotateWebhookSecret(t.admin, { automationId: h.automationId, kind: "hmac" }, t.db);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const wh = new Webhook(secret);
    const payload = JSON.stringify({ type: "invoice.paid", amount: 12 });
    const signed = (id: string, at: Date, body = payload) => ({
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": wh.sign(id, at, body),
    });

    const ok = await post(h.url, payload, signed("msg_1", new Date()));
    expect(ok.status).toBe(202);
    const data = JSON.parse((await t.db.run.findUniqueOrThrow({ where: { id: ok.json.run_id as string } })).triggerData);
    expect(data.body).toEqual({ type: "invoice.paid", amount: 12 });
    expect(data.headers["webhook-signature"]).toBeUndefined();
    expect(data.headers["webhook-id"]).toBe("msg_1");

    // several signatures, one of them valid (key rotation on the sender's side)
    const multi = signed("msg_2", new Date());
    multi["webhook-signature"] = `v1,${Buffer.alloc(32).toString("base64")} ${multi["webhook-signature"]}`;
    expect((await post(h.url, payload, multi)).status).toBe(202);

    const tampered = await post(h.url, payload.replace("12", "13"), signed("msg_3", new Date()));
    expect(tampered.status).toBe(401);
    const otherKey = new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`);
    const wrongKey = await post(h.url, payload, { ...signed("msg_4", new Date()), "webhook-signature": otherKey.sign("msg_4", new Date(), payload) });
    expect(wrongKey.status).toBe(401);
    const stale = await post(h.url, payload, signed("msg_5", new Date(Date.now() - 6 * 60_000)));
    expect(stale.status).toBe(401);
    expect(stale.json.error).toMatchObject({ code: "UNAUTHORIZED" });
    const future = await post(h.url, payload, signed("msg_6", new Date(Date.now() + 6 * 60_000)));
    expect(future.status).toBe(401);
    expect((await post(h.url, payload)).status).toBe(401);

    // The same message delivered again (a retry, or a replay within the tolerance): same run, no second run.
    const again = await post(h.url, payload, signed("msg_1", new Date()));
    expect(again.status).toBe(202);
    expect(again.json.run_id).toBe(ok.json.run_id);
    expect(again.json.deduplicated).toBe(true);
    const runs = await runsOf(h.automationId);
    expect(runs).toHaveLength(2);
    expect(runs[0].idempotencyKey).toBe(`hook:${h.endpointId}:msg_1`);

    // Rotation: the old secret stops working at once.
    const { secret: rotated } = await rotateWebhookSecret(t.admin, { automationId: h.automationId, kind: "hmac" }, t.db);
    expect(rotated).not.toBe(secret);
    expect((await post(h.url, payload, signed("msg_7", new Date()))).status).toBe(401);
    const wh2 = new Webhook(rotated);
    const now = new Date();
    const fresh = await post(h.url, payload, { "webhook-id": "msg_8", "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": wh2.sign("msg_8", now, payload) });
    expect(fresh.status).toBe(202);
  });

  it("stores secrets encrypted: no clear secret anywhere in the database; specialists cannot generate one", async () => {
    const h = await t.hook({ authMode: "hmac" });
    const { secret } = await rotateWebhookSecret(t.admin, { automationId: h.automationId, kind: "hmac" }, t.db);
    const row = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: h.endpointId } });
    expect(row.secretEnc).toMatch(/^v1\./);
    expect(row.secretEnc).not.toContain(secret.slice(6, 20));
    expect(row.secretSetAt).toBeInstanceOf(Date);
    const dump = JSON.stringify(await t.db.webhookEndpoint.findMany()) + JSON.stringify(await t.db.auditLog.findMany());
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(6));
    const specialist = { ...t.admin, role: "SPECIALIST" as const };
    await expect(rotateWebhookSecret(specialist, { automationId: h.automationId, kind: "hmac" }, t.db)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("wait for the run's result", () => {
  const amountBranch = () => ({
    nodes: [],
    graph: (trigger: ReturnType<typeof node>) => {
      const cond = node("cond", "condition", { match: "all", groups: [{ match: "all", conditions: [{ field: "trigger.body.amount", operator: "gt", value: 10 }] }] }, undefined, "Big?");
      const calc = node("calc", "set_variables", { variables: [{ key: "total", value: "{{trigger.body.amount}}" }, { key: "tier", value: "gold" }] }, undefined, "Calc");
      const answer = node("answer", "respond", {
        status: 201,
        headers: [{ key: "X-Tier", value: "{{vars.tier}}" }],
        bodyType: "json",
        body: '{"total": {{vars.total}}, "tier": "{{vars.tier}}"}',
      }, undefined, "Answer");
      return { nodes: [trigger, cond, calc, answer], edges: [edge("trigger", "cond"), edge("cond", "calc", "true"), edge("calc", "answer")] };
    },
  });

  it("answers with the Respond step's status, headers and body, and records its output", async () => {
    const h = await t.hook({ responseMode: "wait", waitTimeoutMs: 10_000 }, amountBranch());
    const res = await post(h.url, JSON.stringify({ amount: 42 }));
    expect(res.status).toBe(201);
    expect(res.headers.get("x-tier")).toBe("gold");
    expect(res.json).toEqual({ total: 42, tier: "gold" });
    const runId = res.headers.get("x-run-id")!;
    const step = await t.db.stepRun.findFirstOrThrow({ where: { runId, nodeType: "respond" } });
    expect(JSON.parse(step.response!)).toEqual({ status: 201, headers: { "x-tier": "gold" }, body: { total: 42, tier: "gold" } });

    // A repeated delivery (same Idempotency-Key) gets the first run's answer at once, without a second run.
    const first = await post(h.url, JSON.stringify({ amount: 50 }), { "idempotency-key": "delivery-1" });
    const startedAgain = Date.now();
    const repeat = await post(h.url, JSON.stringify({ amount: 50 }), { "idempotency-key": "delivery-1" });
    expect(Date.now() - startedAgain).toBeLessThan(400);
    expect([first.status, repeat.status]).toEqual([201, 201]);
    expect(repeat.json).toEqual({ total: 50, tier: "gold" });
    expect(repeat.headers.get("x-run-id")).toBe(first.headers.get("x-run-id"));
    expect(await t.db.run.count({ where: { automationId: h.automationId } })).toBe(2);

    // No Respond step on the path taken: 200 with a summary.
    const small = await post(h.url, JSON.stringify({ amount: 3 }));
    expect(small.status).toBe(200);
    expect(small.json).toMatchObject({ status: "COMPLETED" });
    expect(small.json.run_id).toBe(small.headers.get("x-run-id"));
  });

  it("answers 202 with the run id when the run takes longer than the timeout", async () => {
    const h = await t.hook(
      { responseMode: "wait", waitTimeoutMs: 300 },
      { nodes: [node("wait", "delay", { mode: "duration", amount: 2, unit: "seconds" }, undefined, "Wait")] },
    );
    const started = Date.now();
    const res = await post(h.url, "{}");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: "RUNNING" });
    await waitForStatus(t.db, res.json.run_id as string, ["COMPLETED"], 10_000);
  });
});

describe("the Next.js route (next dev, plain next start)", () => {
  it("serves the same hooks through app/api/hooks", async () => {
    process.env.DATABASE_URL = t.url;
    const { resetEnvForTests } = await import("@/server/env");
    resetEnvForTests();
    const { handleHookRoute } = await import("@/server/triggers/webhook/web-adapter");
    const h = await t.hook({ methods: ["POST"] });
    const path = new URL(h.url).pathname;
    const ok = await handleHookRoute(new Request(`http://app.test${path}/x?y=1`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"via":"route"}' }));
    expect(ok.status).toBe(202);
    const { run_id } = (await ok.json()) as { run_id: string };
    const run = await waitForStatus(t.db, run_id, ["COMPLETED"]);
    expect(JSON.parse(run.triggerData)).toMatchObject({ body: { via: "route" }, path: "/x", query: { y: "1" } });
    const big = await handleHookRoute(new Request(`http://app.test${path}`, { method: "POST", body: "x".repeat(2_000_000) }));
    expect(big.status).toBe(413);
    expect((await handleHookRoute(new Request(`http://app.test${path}`, { method: "GET" }))).status).toBe(405);
    expect((await handleHookRoute(new Request(`http://app.test/api/hooks/unknown`, { method: "POST" }))).status).toBe(404);
  });
});
