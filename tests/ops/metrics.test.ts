import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { createOpsFront, type OpsOptions } from "@/server/ops/http";
import type { Readiness } from "@/server/ops/probes";
import { startEngineThread, type EngineHost } from "@/server/runtime/engine-host";
import { createIngressServer } from "@/server/runtime/ingress";
import { createRun } from "@/server/services/runs/create-run";
import { createTestDb, seedTestWorkspace, type TestDb } from "@/server/testing/db";
import {
  chain, createAutomation, engineEnv, http, setupEngineTest, setVars, startServer, trigger, waitFor, waitForStatus, type EngineTest, type TestServer,
} from "../engine/helpers";

/**
 * /api/metrics through the production front's handler (server/runtime/ingress.ts
 * with server/ops's `before` hook, as scripts/serve.ts mounts it) on 127.0.0.1:
 * bearer token, Prometheus text, and the counters after real runs — executed
 * by an in-process engine, by the engine thread of `npm start` (its metrics
 * travel to the main thread), and by a standalone worker on METRICS_PORT.
 */
const TOKEN = "metrics-test-token-0123456789abcdef";
const ROOT = path.resolve(__dirname, "../..");

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function front(db: Db, o: OpsOptions = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server = createIngressServer({ db, before: createOpsFront(o), fallback: (_req, res) => void res.writeHead(418).end() });
  const url = await listen(server);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const scrape = async (base: string, pathname = "/api/metrics"): Promise<string> => {
  const res = await fetch(`${base}${pathname}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
};

/** The value of one sample (`name{labels}`, labels in any order); undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (.+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have: Record<string, string> = {};
    for (const pair of (m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) have[pair[1]] = pair[2];
    if (Object.keys(have).length !== Object.keys(labels).length) continue;
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

function setToken(token: string | undefined): void {
  if (token === undefined) delete process.env.METRICS_TOKEN;
  else process.env.METRICS_TOKEN = token;
  resetEnvForTests();
}

describe("metrics: in-process engine", () => {
  let t: EngineTest;
  let target: TestServer;
  let f: Awaited<ReturnType<typeof front>>;
  const trig = `ops_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    engineEnv();
    setToken(undefined);
    t = await setupEngineTest();
    target = await startServer((req, res) => {
      res.writeHead(req.url === "/fail" ? 500 : 200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    f = await front(t.db, { metricsDb: async () => t.db });
  });

  afterAll(async () => {
    await f.close();
    await target.close();
    await t.cleanup();
    setToken(undefined);
  });

  it("answers 404 while METRICS_TOKEN is unset, even with a bearer token", async () => {
    const res = await fetch(`${f.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("switchyard_");
  });

  it("answers 401 without the right bearer token (missing, wrong, other scheme)", async () => {
    setToken(TOKEN);
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, "Bearer ", `Basic ${Buffer.from(`u:${TOKEN}`).toString("base64")}`, TOKEN]) {
      const res = await fetch(`${f.url}/api/metrics`, { headers: authorization === undefined ? {} : { authorization } });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await res.text()).not.toContain("switchyard_runs");
    }
  });

  it("serves Prometheus text with every metric family to the right token", async () => {
    setToken(TOKEN);
    const res = await fetch(`${f.url}/api/metrics`, { headers: { authorization: `bearer  ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    for (const name of [
      "switchyard_runs_started_total",
      "switchyard_runs_finished_total",
      "switchyard_step_duration_seconds",
      "switchyard_runs_due",
      "switchyard_lease_takeovers_total",
      "switchyard_crash_loop_failures_total",
      "switchyard_webhook_requests_total",
      "switchyard_http_request_duration_seconds",
      "process_resident_memory_bytes",
      "process_cpu_seconds_total",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
  });

  it("counts runs started and finished by status and trigger, and step durations by node type", async () => {
    const ok = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" }), http("call", `${target.url}/ok`)]));
    const bad = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), http("call", `${target.url}/fail`)]));
    const ids = [
      (await createRun({ workspaceId: t.ws.workspaceId, automationId: ok.automationId, triggerType: trig }, t.db)).runId,
      (await createRun({ workspaceId: t.ws.workspaceId, automationId: ok.automationId, triggerType: trig }, t.db)).runId,
      (await createRun({ workspaceId: t.ws.workspaceId, automationId: bad.automationId, triggerType: trig }, t.db)).runId,
    ];
    const runs = await Promise.all(ids.map((id) => waitForStatus(t.db, id, ["COMPLETED", "FAILED"])));
    expect(runs.map((r) => r.status)).toEqual(["COMPLETED", "COMPLETED", "FAILED"]);

    const text = await scrape(f.url);
    expect(sample(text, "switchyard_runs_started_total", { trigger: trig })).toBe(3);
    expect(sample(text, "switchyard_runs_finished_total", { status: "COMPLETED", trigger: trig })).toBe(2);
    expect(sample(text, "switchyard_runs_finished_total", { status: "FAILED", trigger: trig })).toBe(1);
    // Only this file's runs executed http_request steps in this process.
    expect(sample(text, "switchyard_step_duration_seconds_count", { node_type: "http_request", status: "SUCCEEDED" })).toBe(2);
    expect(sample(text, "switchyard_step_duration_seconds_count", { node_type: "http_request", status: "FAILED" })).toBe(1);
    expect(sample(text, "switchyard_step_duration_seconds_count", { node_type: "set_variables", status: "SUCCEEDED" })).toBe(2);
    expect(sample(text, "switchyard_step_duration_seconds_bucket", { node_type: "http_request", status: "SUCCEEDED", le: "+Inf" })).toBe(2);
    // The sum is the steps' recorded durations (ms → s).
    const steps = await t.db.stepRun.findMany({ where: { runId: { in: ids.slice(0, 2) }, nodeType: "http_request" }, select: { durationMs: true } });
    const seconds = steps.reduce((s, r) => s + (r.durationMs ?? 0), 0) / 1000;
    expect(sample(text, "switchyard_step_duration_seconds_sum", { node_type: "http_request", status: "SUCCEEDED" })).toBeCloseTo(seconds, 6);
  });

  it("counts webhook requests by status and HTTP request durations by route group", async () => {
    for (let i = 0; i < 2; i++) expect((await fetch(`${f.url}/api/hooks/no-such-token-${i}`, { method: "POST", body: "{}" })).status).toBe(404);
    expect((await fetch(`${f.url}/somewhere`)).status).toBe(418);
    const text = await scrape(f.url);
    expect(sample(text, "switchyard_webhook_requests_total", { status: "404" })).toBe(2);
    expect(sample(text, "switchyard_http_request_duration_seconds_count", { route: "webhooks", method: "POST", status_class: "4xx" })).toBe(2);
    expect(sample(text, "switchyard_http_request_duration_seconds_count", { route: "pages", method: "GET", status_class: "4xx" })).toBe(1);
    expect(sample(text, "switchyard_http_request_duration_seconds_count", { route: "metrics", method: "GET", status_class: "2xx" })).toBeGreaterThanOrEqual(2);
    // The token never becomes a label (paths are grouped).
    expect(text).not.toContain("no-such-token");
  });

  it("measures the due-run backlog at scrape time; counts lease takeovers and crash-loop failures", async () => {
    await t.rt.dispose();
    const a = await createAutomation(t.db, t.ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
    const queued = [];
    for (let i = 0; i < 3; i++) queued.push((await createRun({ workspaceId: t.ws.workspaceId, automationId: a.automationId, triggerType: trig }, t.db)).runId);
    let text = await scrape(f.url);
    expect(sample(text, "switchyard_runs_due", { kind: "queued" })).toBe(3);
    expect(sample(text, "switchyard_runs_due", { kind: "timer" })).toBe(0);
    const takeoversBefore = sample(text, "switchyard_lease_takeovers_total") ?? 0;
    const loopsBefore = sample(text, "switchyard_crash_loop_failures_total") ?? 0;

    // A worker claims a run and dies (its 1 ms lease expires), twice in a row: the second claim is a takeover,
    // and an engine allowing 2 consecutive takeovers fails the run with CRASH_LOOP at the next one.
    const victim = queued[0];
    const store = t.rt.store;
    expect(await store.claim({ runId: victim }, "dead-1", randomUUID(), 1, new Date())).not.toBeNull();
    await new Promise((r) => setTimeout(r, 10));
    expect((await store.claim({ runId: victim }, "dead-2", randomUUID(), 1, new Date()))?.prevStatus).toBe("RUNNING");
    await new Promise((r) => setTimeout(r, 10));
    text = await scrape(f.url);
    expect(sample(text, "switchyard_runs_due", { kind: "queued" })).toBe(2);
    expect(sample(text, "switchyard_runs_due", { kind: "timer" })).toBe(1);

    await t.restart({ maxClaims: 2 });
    const failed = await waitForStatus(t.db, victim, ["FAILED", "COMPLETED"]);
    expect(failed).toMatchObject({ status: "FAILED", errorCode: "CRASH_LOOP" });
    for (const id of queued.slice(1)) await waitForStatus(t.db, id, ["COMPLETED"]);
    text = await scrape(f.url);
    expect(sample(text, "switchyard_lease_takeovers_total")).toBe(takeoversBefore + 2);
    expect(sample(text, "switchyard_crash_loop_failures_total")).toBe(loopsBefore + 1);
    expect(sample(text, "switchyard_runs_finished_total", { status: "FAILED", trigger: trig })).toBe(2);
    expect(sample(text, "switchyard_runs_due", { kind: "queued" })).toBe(0);
    expect(sample(text, "switchyard_runs_due", { kind: "timer" })).toBe(0);
  });
});

describe("metrics: engine thread (npm start)", () => {
  let t: TestDb;
  let host: EngineHost | null = null;
  let f: Awaited<ReturnType<typeof front>>;
  const trig = `thread_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    t = await createTestDb();
    // The thread and the default probe dependencies read the environment.
    process.env.DATABASE_URL = t.url;
    process.env.ENGINE_TICK_MS = "100";
    process.env.LOG_LEVEL = "error";
    setToken(TOKEN);
    host = await startEngineThread();
    // Defaults, as in scripts/serve.ts: the process-wide database and the engine thread's reports.
    f = await front(t.db);
  }, 60_000);

  afterAll(async () => {
    await host?.stop();
    await f.close();
    await t.cleanup();
    setToken(undefined);
  });

  it("the thread's counters reach the main thread's /api/metrics, and its status /api/ready; they stay after it stops", async () => {
    // Steps counted earlier in this process (the in-process engine above) are part of the sum.
    const stepsBefore = sample(await scrape(f.url), "switchyard_step_duration_seconds_count", { node_type: "set_variables", status: "SUCCEEDED" }) ?? 0;
    const ws = await seedTestWorkspace(t.db, "thread-metrics");
    const { automationId } = await createAutomation(t.db, ws.workspaceId, chain([trigger(), setVars("a", { x: "1" }), setVars("b", { y: "2" })]));
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: trig }, t.db)).runId);
    for (const id of ids) await waitForStatus(t.db, id, ["COMPLETED"]);
    // Reports arrive about once a second.
    const text = await waitFor("the thread's metrics", async () => {
      const s = await scrape(f.url);
      return sample(s, "switchyard_runs_finished_total", { status: "COMPLETED", trigger: trig }) === 4 ? s : null;
    }, 10_000, 100);
    expect(sample(text, "switchyard_runs_started_total", { trigger: trig })).toBe(4);
    expect(sample(text, "switchyard_step_duration_seconds_count", { node_type: "set_variables", status: "SUCCEEDED" })).toBe(stepsBefore + 8);

    const res = await fetch(`${f.url}/api/ready`);
    const body = (await res.json()) as Readiness;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.checks.find((c) => c.name === "dispatcher")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^claiming runs/) });
    expect(body.checks.find((c) => c.name === "ticker")).toMatchObject({ status: "ok" });

    await host!.stop();
    host = null;
    const after = await fetch(`${f.url}/api/ready`);
    const down = (await after.json()) as Readiness;
    expect(after.status).toBe(503);
    expect(down.checks.find((c) => c.name === "dispatcher")).toMatchObject({ status: "fail", detail: "the engine thread is stopping or has stopped" });
    // Counters never go back: the stopped thread's last report stays in the totals.
    expect(sample(await scrape(f.url), "switchyard_runs_finished_total", { status: "COMPLETED", trigger: trig })).toBe(4);
  });
});

describe("metrics: standalone worker on METRICS_PORT", () => {
  let t: TestDb;
  let worker: ChildProcess | null = null;

  beforeAll(async () => {
    t = await createTestDb();
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null) worker.kill("SIGKILL");
    await t.cleanup();
  });

  it("serves /metrics (token), /health and /ready; counts the runs it executes; exits 0 on SIGTERM", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.url, METRICS_PORT: String(port), METRICS_TOKEN: TOKEN, ENGINE_TICK_MS: "100", LOG_LEVEL: "error", NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker = child;
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    await waitFor("the worker's listener", async () => out.includes(`worker probes and metrics on port ${port}`), 60_000, 100);
    const base = `http://127.0.0.1:${port}`;

    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    const ready = await fetch(`${base}/ready`);
    const body = (await ready.json()) as Readiness;
    expect(ready.status, JSON.stringify(body)).toBe(200);
    expect(body.checks.find((c) => c.name === "dispatcher")?.status).toBe("ok");

    const ws = await seedTestWorkspace(t.db, "worker-metrics");
    const { automationId } = await createAutomation(t.db, ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
    const trig = `worker_${randomUUID().slice(0, 8)}`;
    const { runId } = await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: trig }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"], 30_000);
    const text = await scrape(base, "/metrics");
    expect(sample(text, "switchyard_runs_finished_total", { status: "COMPLETED", trigger: trig })).toBe(1);
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 120_000);
});
