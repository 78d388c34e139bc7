import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, requestIdFrom, type Logger } from "@/server/log";
import { loggablePath, createIngressServer } from "@/server/runtime/ingress";
import { publishRunResult } from "@/server/runtime/run-results";
import { createRun } from "@/server/services/runs/create-run";
import { publishVersion } from "@/server/services/versions/publish-version";
import { rotateWebhookSecret } from "@/server/services/webhooks/rotate-webhook-secret";
import { rotateWebhookUrl } from "@/server/services/webhooks/rotate-webhook-url";
import { chain, createAutomation, edge, engineEnv, node, setupEngineTest, setVars, trigger, waitForStatus, type EngineTest } from "../engine/helpers";

/**
 * Logs (server/log): JSON lines with level, time, msg and the bound fields;
 * runId on the engine's lines, reqId on the HTTP front's; secrets redacted;
 * LOG_FORMAT=pretty for people. Real engine, real database, real node:http
 * front; the logger writes into an injected destination.
 */
const ROOT = path.resolve(__dirname, "../..");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Line = Record<string, unknown> & { level: string; time: string; msg: string };

function capture(level: "debug" | "info" = "debug"): { logger: Logger; text: () => string; lines: () => Line[] } {
  const chunks: string[] = [];
  const logger = createLogger({ level, format: "json", destination: { write: (s: string) => void chunks.push(s) } });
  const text = () => chunks.join("");
  return { logger, text, lines: () => text().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Line) };
}

describe("logger", () => {
  it("writes one JSON object per line with level, ISO time, msg and the bound fields; disabled levels write nothing", () => {
    const c = capture("info");
    const runLog = c.logger.child({ runId: "run_1" });
    runLog.info({ steps: 3 }, "run executed");
    runLog.debug({ nodeId: "a" }, "step executed");
    expect(runLog.isLevelEnabled("debug")).toBe(false);
    const lines = c.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", msg: "run executed", runId: "run_1", steps: 3 });
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
  });

  it("redacts secret-bearing keys at any depth, in fields and in child bindings", () => {
    const c = capture();
    const secrets = ["Bearer tok-abc-123", "sid=cookie-value", "hunter2-password", "t0k3n-value", "s3cr3t-value", "k3y-value", "deep-refresh", "child-secret"];
    c.logger.info(
      {
        headers: { authorization: secrets[0], cookie: secrets[1], "content-type": "application/json" },
        password: secrets[2],
        token: secrets[3],
        connection: { id: "conn_1", secret: secrets[4] },
        config: { nested: { apiKey: secrets[5] } },
        a: { b: { c: { refreshToken: secrets[6] } } },
      },
      "outgoing call",
    );
    c.logger.child({ credentials: { clientSecret: secrets[7] } }).warn("child line");
    const out = c.text();
    for (const s of secrets) expect(out).not.toContain(s);
    expect(out).toContain("[redacted]");
    // Other fields stay.
    const [first] = c.lines();
    expect(first).toMatchObject({ headers: { "content-type": "application/json", authorization: "[redacted]" }, connection: { id: "conn_1", secret: "[redacted]" } });
  });

  it("request ids: a sane client id is kept, anything else is replaced by a UUID", () => {
    expect(requestIdFrom("abc-123")).toBe("abc-123");
    expect(requestIdFrom("A.b_c-9")).toBe("A.b_c-9");
    expect(requestIdFrom(undefined)).toMatch(UUID);
    expect(requestIdFrom("x".repeat(129))).toMatch(UUID);
    expect(requestIdFrom("has space")).toMatch(UUID);
    expect(requestIdFrom("line\nbreak")).toMatch(UUID);
    expect(requestIdFrom(["a", "b"])).toMatch(UUID);
    expect(loggablePath("/api/hooks/hk_secret123/sub?x=1")).toBe("/api/hooks/:token/sub");
    expect(loggablePath("/approve/tok?y=2")).toBe("/approve/:token");
    expect(loggablePath("/api/v1/automations?cursor=abc")).toBe("/api/v1/automations");
  });
});

describe("engine and HTTP front logs", () => {
  const c = capture("debug");
  let t: EngineTest;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    engineEnv({ ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"), APP_URL: "http://hooks.test" });
    t = await setupEngineTest({ logger: c.logger, onResult: publishRunResult });
    server = createIngressServer({ db: t.db, logger: c.logger, fallback: (_req, res) => void res.writeHead(418).end() });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await t.cleanup();
  });

  it("engine lines of a run carry its runId (run and steps at debug level)", async () => {
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual", triggerData: {} }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    const mine = c.lines().filter((l) => l.runId === runId);
    expect(mine.find((l) => l.msg === "run executed")).toMatchObject({ level: "debug", result: "finished", status: "COMPLETED", steps: 2 });
    expect(mine.filter((l) => l.msg === "step executed").map((l) => l.nodeId)).toEqual(["trigger", "a"]);
  });

  it("echoes a sane x-request-id and logs the request with it as reqId; generates a UUID otherwise", async () => {
    const given = await fetch(`${base}/somewhere?secret=1`, { headers: { "x-request-id": "abc-123" } });
    expect(given.status).toBe(418);
    expect(given.headers.get("x-request-id")).toBe("abc-123");

    const none = await fetch(`${base}/somewhere`);
    const generated = none.headers.get("x-request-id") ?? "";
    expect(generated).toMatch(UUID);

    const long = await fetch(`${base}/somewhere`, { headers: { "x-request-id": "a".repeat(500) } });
    expect(long.headers.get("x-request-id")).toMatch(UUID);
    const spaced = await fetch(`${base}/somewhere`, { headers: { "x-request-id": "abc 123" } });
    expect(spaced.headers.get("x-request-id")).toMatch(UUID);

    // The REST API answers with the front's id too (its error envelope and log lines use it).
    const api = await fetch(`${base}/api/v1/automations`, { headers: { "x-request-id": "abc-123" } });
    expect(api.status).toBe(401);
    expect(api.headers.get("x-request-id")).toBe("abc-123");
    const apiNone = await fetch(`${base}/api/v1/automations`);
    expect(apiNone.headers.get("x-request-id")).toMatch(UUID);

    await expect.poll(() => c.lines().filter((l) => l.msg === "request").length).toBeGreaterThanOrEqual(6);
    const requests = c.lines().filter((l) => l.msg === "request");
    expect(requests.find((l) => l.reqId === "abc-123" && l.path === "/somewhere")).toMatchObject({ level: "debug", method: "GET", status: 418 });
    expect(requests.find((l) => l.reqId === generated)).toMatchObject({ path: "/somewhere", status: 418 });
    expect(requests.find((l) => l.reqId === "abc-123" && l.path === "/api/v1/automations")).toMatchObject({ status: 401 });
    expect(c.text()).not.toContain("a".repeat(129));
    expect(c.text()).not.toContain("secret=1");
  });

  it("a webhook with an Authorization header, a secret header and a password in its body leaves none of them in the logs", async () => {
    const hook = node("trigger", "webhook", { methods: ["POST"], authMode: "header", responseMode: "immediate", sampleData: {} }, undefined, "Webhook");
    const { automationId } = await createAutomation(t.db, t.ws.workspaceId, { nodes: [hook, setVars("a", { seen: "{{trigger.body.user}}" })], edges: [edge("trigger", "a")] }, { publish: false });
    await publishVersion(t.admin, { automationId }, t.db);
    const info = await rotateWebhookUrl(t.admin, { automationId, rotate: false }, t.db);
    const { secret } = await rotateWebhookSecret(t.admin, { automationId, kind: "header" }, t.db);
    const hookPath = new URL(info.url).pathname;
    const token = "tok-e2e-9f8e7d6c5b4a";
    const password = "pw-e2e-correct-horse";

    const res = await fetch(base + hookPath, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-webhook-secret": secret, "x-request-id": "hook-req-1" },
      body: JSON.stringify({ user: "ada", password }),
    });
    expect(res.status).toBe(202);
    const runId = res.headers.get("x-run-id") ?? "";
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    // The REST API with a (wrong) key in the same header.
    expect((await fetch(`${base}/api/v1/automations`, { headers: { authorization: `Bearer sy_${token}` } })).status).toBe(401);
    await expect.poll(() => c.lines().filter((l) => l.runId === runId && l.msg === "run executed").length).toBe(1);

    const out = c.text();
    for (const s of [token, secret, password, hookPath.split("/").pop() ?? "<none>"]) expect(out).not.toContain(s);
    // …while the request and its run are logged (the accepted line links both ids).
    expect(c.lines().find((l) => l.msg === "webhook accepted")).toMatchObject({ reqId: "hook-req-1", runId });
    expect(c.lines().find((l) => l.msg === "request" && l.reqId === "hook-req-1")).toMatchObject({ path: "/api/hooks/:token", status: 202 });
  });
});

describe("LOG_FORMAT", () => {
  function logOnce(format: string): Promise<{ code: number | null; stderr: string }> {
    const script = `import("./server/log/index.ts").then((m) => m.logger().info({ runId: "run_pretty" }, "hello from the logger"));`;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "-e", script], {
        cwd: ROOT,
        env: { ...process.env, LOG_FORMAT: format, LOG_LEVEL: "info", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "switchyard-log-")), APP_SECRET: "log-test-secret-log-test-secret-0123456789" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("exit", (code) => resolve({ code, stderr }));
    });
  }

  it("pretty: human-readable lines, not JSON; json: one JSON object", async () => {
    const [pretty, json] = await Promise.all([logOnce("pretty"), logOnce("json")]);
    expect(pretty.code, pretty.stderr).toBe(0);
    expect(pretty.stderr).toContain("hello from the logger");
    expect(pretty.stderr).toContain("run_pretty");
    expect(pretty.stderr).toMatch(/INFO/);
    expect(() => JSON.parse(pretty.stderr.split("\n")[0])).toThrow();

    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stderr.trim())).toMatchObject({ level: "info", msg: "hello from the logger", runId: "run_pretty" });
  }, 30_000);
});
