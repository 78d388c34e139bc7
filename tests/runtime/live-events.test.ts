import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerOf } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { startEngineThread, type EngineHost } from "@/server/runtime/engine-host";
import { createIngressServer } from "@/server/runtime/ingress";
import { openLiveStreamCount } from "@/server/runtime/live";
import { flushRunChangesNow, noteRunChange, runChangeStats, subscribeRunChanges, type LiveEvent } from "@/server/runtime/run-changes";
import { encodeRunChanges, RUN_CHANGES_CHANNEL, stopListeningForRunChanges } from "@/server/runtime/run-changes-pg";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { createRun } from "@/server/services/runs/create-run";
import { getRunOverlay } from "@/server/services/runs/run-overlay";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { AuthClient, useTestEnv } from "../auth/auth-client";
import { chain, createAutomation, http, setVars, startServer, trigger, waitFor, waitForStatus, type TestServer } from "../engine/helpers";

/**
 * Live updates end to end, as `npm start` runs them: the node:http front
 * (createIngressServer) serves /api/live to a signed-in member (the real
 * Auth.js cookie), the engine executes runs on its worker thread and posts its
 * coalesced run changes to the main thread, where the change bus publishes
 * them to the streams of the run's workspace only.
 */

interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

class SseClient {
  frames: SseFrame[] = [];
  status = 0;
  closed = false;
  private readonly abort = new AbortController();
  private buffer = "";

  static async open(base: string, path: string, cookie: string | null, headers: Record<string, string> = {}): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(`${base}${path}`, { headers: { ...(cookie ? { cookie } : {}), accept: "text/event-stream", ...headers }, signal: c.abort.signal });
    c.status = res.status;
    c.contentType = res.headers.get("content-type");
    if (res.status !== 200 || !res.body) {
      c.body = await res.text();
      c.closed = true;
      return c;
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          c.push(decoder.decode(value, { stream: true }));
        }
      } catch {
        // aborted
      }
      c.closed = true;
    })();
    return c;
  }

  contentType: string | null = null;
  body = "";

  private push(text: string): void {
    this.buffer += text;
    for (;;) {
      const end = this.buffer.indexOf("\n\n");
      if (end < 0) return;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const f: SseFrame = {};
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) f.comment = line.slice(1).trim();
        else if (line.startsWith("id: ")) f.id = line.slice(4);
        else if (line.startsWith("event: ")) f.event = line.slice(7);
        else if (line.startsWith("data: ")) f.data = line.slice(6);
      }
      this.frames.push(f);
    }
  }

  /** Data frames (the notices), parsed. */
  notices(): Array<{ type: string; id?: string; runId?: string; status?: string; automationId?: string; updatedAt?: string }> {
    return this.frames.filter((f) => f.data !== undefined && f.event === undefined).map((f) => JSON.parse(f.data!) as never);
  }

  lastId(): string | undefined {
    return [...this.frames].reverse().find((f) => f.id !== undefined)?.id;
  }

  close(): void {
    this.abort.abort();
  }
}

describe("live run updates (/api/live, server-sent events)", () => {
  let t: TestDb;
  let a: TestWorkspace;
  let b: TestWorkspace;
  let adminA: AuthClient;
  let adminB: AuthClient;
  let host: EngineHost | null = null;
  let server: Server;
  let base: string;
  let slow: TestServer;
  const clients: SseClient[] = [];

  const open = async (path: string, who: AuthClient | null, headers: Record<string, string> = {}) => {
    const c = await SseClient.open(base, path, who ? who.cookieHeader() : null, headers);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await createTestDb();
    useTestEnv(t.url);
    a = await seedTestWorkspace(t.db, "live-a");
    b = await seedTestWorkspace(t.db, "live-b");
    const { handlers } = await import("@/server/auth");
    adminA = new AuthClient(handlers);
    adminB = new AuthClient(handlers);
    await adminA.signIn(a.adminEmail, a.password);
    await adminB.signIn(b.adminEmail, b.password);
    slow = await startServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 400));
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    // The thread reads its configuration when it starts: one run at a time, wake-ups only (no fast ticker).
    process.env.ENGINE_TICK_MS = "60000";
    process.env.ENGINE_LEASE_MS = "30000";
    process.env.ENGINE_CONCURRENCY = "1";
    process.env.HTTP_ALLOWLIST = "127.0.0.1";
    process.env.LOG_LEVEL = "error";
    resetEnvForTests();
    host = await startEngineThread();
    server = createIngressServer({ db: t.db, fallback: (_req, res) => void res.writeHead(404).end(), live: { heartbeatMs: 300, maxStreamsPerMember: 4 } });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await host?.stop();
    await stopListeningForRunChanges();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await slow?.close();
    await t?.cleanup();
  });

  it("refuses unauthenticated (401), bad (400) and foreign (404) requests", async () => {
    const anon = await open("/api/live", null);
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body)).toEqual({ error: { code: "UNAUTHORIZED", message: "Sign in to continue" } });

    const forged = await SseClient.open(base, "/api/live", "authjs.session-token=not-a-token");
    expect(forged.status).toBe(401);

    const both = await open("/api/live?runId=x&automationId=y", adminA);
    expect(both.status).toBe(400);
    expect(both.body).toContain("Pass runId or automationId, not both");

    // A run of workspace B is not found from workspace A's session.
    const { automationId } = await createAutomation(t.db, b.workspaceId, chain([trigger()]), { name: "B's" });
    const run = await t.db.run.create({ data: { workspaceId: b.workspaceId, automationId, status: "COMPLETED", triggerType: "manual", idempotencyKey: "foreign" } });
    const foreign = await open(`/api/live?runId=${run.id}`, adminA);
    expect(foreign.status).toBe(404);
    const foreignAutomation = await open(`/api/live?automationId=${automationId}`, adminA);
    expect(foreignAutomation.status).toBe(404);
  });

  it("streams a run's creation, status changes and step commits in order, to its own workspace only", async () => {
    const wsA = await open("/api/live", adminA);
    const wsB = await open("/api/live", adminB);
    expect(wsA.status).toBe(200);
    expect(wsA.contentType).toBe("text/event-stream; charset=utf-8");

    const blocker = await createAutomation(t.db, a.workspaceId, chain([trigger(), http("wait", `${slow.url}/slow`)]), { name: "Blocker" });
    const target = await createAutomation(t.db, a.workspaceId, chain([trigger(), setVars("v", { x: "1" }), http("call", `${slow.url}/call`)]), { name: "Target" });
    const byAutomation = await open(`/api/live?automationId=${target.automationId}`, adminA);

    // One engine slot: the blocker runs, the target waits in QUEUED long enough to be seen there.
    const first = await createRun({ workspaceId: a.workspaceId, automationId: blocker.automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, first.runId, ["RUNNING"]);
    const { runId } = await createRun({ workspaceId: a.workspaceId, automationId: target.automationId, triggerType: "manual" }, t.db);
    const one = await open(`/api/live?runId=${runId}`, adminA);
    expect(one.status).toBe(200);

    await waitForStatus(t.db, runId, ["COMPLETED"]);
    await waitFor("the final notice on the run's stream", async () => one.notices().some((n) => n.type === "run" && n.status === "COMPLETED"), 10_000);
    await waitFor("the final notice on the workspace stream", async () => wsA.notices().some((n) => n.id === runId && n.status === "COMPLETED"), 10_000);

    // The workspace stream: the new run arrives (QUEUED), then its status changes; list streams carry no step notices.
    const forRun = wsA.notices().filter((n) => n.id === runId);
    const statuses = forRun.map((n) => n.status);
    expect(statuses[0]).toBe("QUEUED");
    expect(statuses).toContain("RUNNING");
    expect(statuses.at(-1)).toBe("COMPLETED");
    expect(statuses.indexOf("RUNNING")).toBeLessThan(statuses.lastIndexOf("COMPLETED"));
    expect(wsA.notices().every((n) => n.type === "run")).toBe(true);
    for (const n of forRun) {
      expect(n).toEqual({ type: "run", id: runId, status: expect.any(String), automationId: target.automationId, updatedAt: expect.any(String) });
      expect(Number.isNaN(Date.parse(n.updatedAt!))).toBe(false);
    }
    expect(wsA.notices().some((n) => n.id === first.runId)).toBe(true);

    // The automation's stream: only its runs.
    await waitFor("the automation stream's final notice", async () => byAutomation.notices().some((n) => n.status === "COMPLETED"), 10_000);
    expect(new Set(byAutomation.notices().map((n) => n.automationId))).toEqual(new Set([target.automationId]));

    // The run's stream (opened while QUEUED): RUNNING, then step commits, the last steps before COMPLETED.
    const seen = one.notices();
    expect(seen.every((n) => n.id === runId || n.runId === runId)).toBe(true);
    // (the creation notice may still arrive just after the stream opened: QUEUED, only first)
    const kinds = seen.map((n) => (n.type === "run" ? n.status : "steps"));
    while (kinds[0] === "QUEUED") kinds.shift();
    expect(kinds[0]).toBe("RUNNING");
    expect(kinds).not.toContain("QUEUED");
    expect(kinds.at(-1)).toBe("COMPLETED");
    expect(kinds.at(-2)).toBe("steps");
    expect(kinds.filter((k) => k === "steps").length).toBeGreaterThanOrEqual(2); // trigger + set_variables, then the RUNNING row of the slow call, then its result
    // Every data frame has an event id (Last-Event-ID on reconnect).
    expect(one.frames.filter((f) => f.data !== undefined).every((f) => /^[0-9a-f]+-\d+$/.test(f.id ?? ""))).toBe(true);

    // What the canvas reads on each notice: per-node statuses and the path taken, no payloads.
    const overlay = await getRunOverlay({ userId: a.adminId, workspaceId: a.workspaceId, role: "ADMIN" }, runId, t.db);
    expect(overlay).toMatchObject({ id: runId, status: "COMPLETED", error: null });
    expect(overlay.nodes.map((n) => [n.nodeId, n.status, n.handles])).toEqual([
      ["trigger", "SUCCEEDED", ["next"]],
      ["v", "SUCCEEDED", ["next"]],
      ["call", "SUCCEEDED", ["next"]],
    ]);
    expect(JSON.stringify(overlay)).not.toContain("request");
    await expect(getRunOverlay({ userId: b.adminId, workspaceId: b.workspaceId, role: "ADMIN" }, runId, t.db)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Workspace B heard nothing but comments (heartbeats).
    await new Promise((r) => setTimeout(r, 400));
    expect(wsB.notices()).toEqual([]);
    expect(wsB.frames.some((f) => f.comment === "heartbeat")).toBe(true);
  });

  it("announces a queued run cancelled on the web side", async () => {
    const stream = await open("/api/live", adminA);
    const blocker = await createAutomation(t.db, a.workspaceId, chain([trigger(), http("wait", `${slow.url}/slow`)]), { name: "Blocker 2" });
    const other = await createAutomation(t.db, a.workspaceId, chain([trigger()]), { name: "Cancelled" });
    const first = await createRun({ workspaceId: a.workspaceId, automationId: blocker.automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, first.runId, ["RUNNING"]);
    const { runId } = await createRun({ workspaceId: a.workspaceId, automationId: other.automationId, triggerType: "manual" }, t.db);
    await cancelRun({ userId: a.adminId, workspaceId: a.workspaceId, role: "ADMIN" }, runId, t.db);
    await waitFor("the cancel notice", async () => stream.notices().some((n) => n.id === runId && n.status === "CANCELLED"), 10_000);
    await waitForStatus(t.db, first.runId, ["COMPLETED"]);
  });

  it("sends heartbeats, replays after Last-Event-ID and asks for a refetch when it cannot", async () => {
    // Free A's stream slots; B's stream keeps the bus publishing (and buffering) while A is away.
    for (const c of clients.splice(0)) c.close();
    await waitFor("streams to close", async () => openLiveStreamCount() === 0, 5_000);
    await open("/api/live", adminB);
    const first = await open("/api/live", adminA);
    await waitFor("a heartbeat", async () => first.frames.some((f) => f.comment === "heartbeat"), 5_000);
    // The stream pins the client's Last-Event-ID at connect time.
    const pinned = first.lastId();
    expect(pinned).toMatch(/^[0-9a-f]+-\d+$/);
    first.close();

    // Missed while disconnected: replayed on reconnect.
    const { automationId } = await createAutomation(t.db, a.workspaceId, chain([trigger()]), { name: "Missed" });
    const { runId } = await createRun({ workspaceId: a.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    await flushRunChangesNow();
    const again = await open("/api/live", adminA, { "last-event-id": pinned! });
    await waitFor("the replayed notices", async () => again.notices().some((n) => n.id === runId && n.status === "COMPLETED"), 5_000);
    expect(again.frames.some((f) => f.event === "reset")).toBe(false);

    const unknown = await open("/api/live", adminA, { "last-event-id": "0000-5" });
    await waitFor("the reset event", async () => unknown.frames.some((f) => f.event === "reset"), 5_000);
  });

  it("limits open streams per member and frees them when the client goes away", async () => {
    for (const c of clients) c.close();
    await waitFor("streams to close", async () => openLiveStreamCount() === 0, 5_000);
    const four = await Promise.all([1, 2, 3, 4].map(() => open("/api/live", adminB)));
    expect(four.map((c) => c.status)).toEqual([200, 200, 200, 200]);
    const fifth = await open("/api/live", adminB);
    expect(fifth.status).toBe(429);
    // Another member is not affected.
    expect((await open("/api/live", adminA)).status).toBe(200);
    four[0].close();
    await waitFor("the aborted stream to be released", async () => openLiveStreamCount() === 4, 5_000);
    expect((await open("/api/live", adminB)).status).toBe(200);
  });

  it("coalesces a run's changes within 50 ms into one notice each, with no database read when the hint is complete", async () => {
    const events: LiveEvent[] = [];
    const off = subscribeRunChanges("ws-coalesce", (e) => events.push(e));
    try {
      const before = runChangeStats();
      for (let i = 0; i < 200; i++) noteRunChange({ runId: "run-c", workspaceId: "ws-coalesce", automationId: "auto-c", steps: true, status: i < 199 ? "RUNNING" : "COMPLETED" });
      await flushRunChangesNow();
      expect(events.map((e) => e.notice)).toEqual([
        { type: "steps", runId: "run-c" },
        { type: "run", id: "run-c", status: "COMPLETED", automationId: "auto-c", updatedAt: expect.any(String) },
      ]);
      const after = runChangeStats();
      expect(after.hints - before.hints).toBe(200);
      expect(after.lookups).toBe(before.lookups);
      expect(after.flushes - before.flushes).toBe(1);
    } finally {
      off();
    }
  });

  it("hears run changes from other processes through PostgreSQL NOTIFY (SQLite: none, documented)", async () => {
    const stream = await open("/api/live", adminA);
    const { automationId } = await createAutomation(t.db, a.workspaceId, chain([trigger()]), { name: "Elsewhere" });
    const run = await t.db.run.create({ data: { workspaceId: a.workspaceId, automationId, status: "RUNNING", triggerType: "manual", idempotencyKey: "elsewhere" } });
    const [payload] = encodeRunChanges([{ runId: run.id, workspaceId: a.workspaceId, automationId, status: "RUNNING", steps: true }]);
    if (providerOf(t.url) === "postgresql") {
      // What a standalone worker sends (forwardRunChangesToPostgres), from another connection.
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      await c.query("SELECT pg_notify($1, $2)", [RUN_CHANGES_CHANNEL, payload]);
      await c.end();
      await waitFor("the notice from another process", async () => stream.notices().some((n) => n.id === run.id && n.status === "RUNNING"), 5_000);
    } else {
      // No cross-process channel on SQLite: only this process's changes are published.
      await new Promise((r) => setTimeout(r, 300));
      expect(stream.notices().some((n) => n.id === run.id)).toBe(false);
    }
  });
});
