import http from "node:http";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { resetEnvForTests } from "@/server/env";
import { memberActor } from "@/server/auth/actor";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createRun } from "@/server/services/runs/create-run";
import { createSubscription } from "@/server/services/webhook-subscriptions/create-subscription";
import { chain, createAutomation, node, setVars, trigger } from "../engine/helpers";
import { startServer, waitFor, type ServerProcess } from "./harness";

/**
 * Platform events (issue 14) across kill -9: runs pause in short delays, then
 * complete or fail, while the server is killed at random moments and restarted,
 * so kills land between a run's state change (the outbox row, written in the
 * transaction of the change) and the delivery of its event: before the fan-out,
 * with deliveries due, leased, sent but not recorded. A real receiver on
 * 127.0.0.1 verifies every delivery with the `standardwebhooks` package.
 * In the end: one PlatformEvent row per state change with an event, each
 * received (at least once: a delivery sent just before a kill is sent again
 * with the same webhook-id), no two event ids for one (run, type), and the
 * receiver's dedupe by webhook-id yields exactly one per state change.
 * A delivery leased by a killed process is retried when its lease runs out
 * (DELIVERY_LEASE_MS, 60 s): the last wait is up to a minute.
 */
const RUNS = 120;
// The server processes and the test process seal and open the subscription's secret with one key.
const ENCRYPTION_KEY = randomBytes(32).toString("base64");

interface Received {
  id: string;
  type: string;
  runId: string;
}

describe("crash: platform events are emitted once per state change and delivered across kill -9", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let server: ServerProcess | undefined;
  let receiver: http.Server;
  let receiverUrl = "";
  let hook: Webhook | undefined;
  const received: Received[] = [];
  let badSignatures = 0;

  beforeAll(async () => {
    process.env.ENCRYPTION_KEY = ENCRYPTION_KEY;
    process.env.HTTP_ALLOWLIST = "127.0.0.1";
    resetEnvForTests();
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "crash-events");
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        try {
          const payload = hook!.verify(body, req.headers as Record<string, string>) as { id: string; type: string; data: { run_id?: string } };
          if (payload.id !== req.headers["webhook-id"]) throw new Error("the body's id is not the webhook-id");
          received.push({ id: payload.id, type: payload.type, runId: payload.data.run_id ?? "" });
          // Answers after up to 300 ms: delivery rounds take a while, so kills also land while deliveries
          // are leased, and after a receipt but before the sender recorded it (sent again after the lease).
          setTimeout(() => res.writeHead(200).end("ok"), Math.floor(Math.random() * 300));
        } catch {
          badSignatures++;
          res.writeHead(400).end("bad signature");
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const addr = receiver.address() as { port: number };
    receiverUrl = `http://127.0.0.1:${addr.port}/events`;
  });
  afterAll(async () => {
    await server?.kill9();
    await new Promise((r) => receiver?.close(r));
    await t?.cleanup();
  });

  it("one event row per state change, each delivered, none emitted twice", async () => {
    const admin = memberActor(ws.adminId, ws.workspaceId, "ADMIN");
    const { secret } = await createSubscription(admin, { url: receiverUrl, events: ["*"] }, t.db);
    hook = new Webhook(secret);

    // Every run pauses once (a 1–2 s delay: run.paused), then completes (run.completed) or fails (run.failed).
    const delay = (s: number) => node("wait", "delay", { mode: "duration", amount: s, unit: "seconds" });
    const ok1 = await createAutomation(t.db, ws.workspaceId, chain([trigger(), delay(1), setVars("after", { y: "2" })]));
    const ok2 = await createAutomation(t.db, ws.workspaceId, chain([trigger(), delay(2), setVars("after", { y: "2" })]));
    const bad = await createAutomation(t.db, ws.workspaceId, chain([trigger(), delay(1), node("end", "stop", { status: "failed", message: "planned failure" })]));
    const plans = [ok1.automationId, ok2.automationId, bad.automationId];
    const runIds: string[] = [];
    const createWave = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const automationId = plans[runIds.length % plans.length]!;
        runIds.push((await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { i: runIds.length } }, t.db)).runId);
      }
    };
    const finished = () => t.db.run.count({ where: { id: { in: runIds }, status: { in: ["COMPLETED", "FAILED"] } } });
    /** events written whose delivery has not succeeded yet: a kill now lands between state change and delivery */
    const undelivered = () => t.db.platformEvent.count({ where: { runId: { in: runIds }, deliveries: { none: { status: "SUCCEEDED" } } } });
    /** deliveries a process has claimed and not finished (a killed process's are retried after their lease) */
    const leased = () => t.db.webhookDelivery.count({ where: { leaseToken: { not: null } } });

    await createWave(RUNS / 2);
    const extra = { ENCRYPTION_KEY, ENGINE_CONCURRENCY: "16" };
    const kills: Array<{ undelivered: number; leased: number }> = [];
    for (let k = 0; k < 8; k++) {
      server = startServer(t.url, extra);
      const srv = server;
      // Wait for the first event of this life (the server is up and runs move), then kill at a random moment.
      const before = await t.db.platformEvent.count();
      await waitFor("new platform events", async () => (await t.db.platformEvent.count()) > before || (await finished()) === runIds.length, 60_000, srv);
      if (k >= 2 && !kills.some((x) => x.undelivered > 0)) {
        // No kill has landed between a state change and its delivery yet (a fast machine delivers
        // everything in between): this life (the second wave's runs just started) is killed as soon
        // as an event waits for delivery while no delivery is leased (a leased one would hold the
        // last life for its 60 s lease; random kills cover that case when they land on it).
        await waitFor("an undelivered event", async () => ((await undelivered()) > 0 && (await leased()) === 0) || (await finished()) === runIds.length, 60_000, srv);
      } else {
        await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 3500)));
      }
      await srv.kill9();
      kills.push({ undelivered: await undelivered(), leased: await leased() });
      if (k === 1) await createWave(RUNS / 2);
      if (k >= 3 && (await finished()) === runIds.length) break;
    }
    expect(kills.filter((k) => k.undelivered > 0).length).toBeGreaterThan(0);

    // The last life: every run finishes and every event is delivered (a delivery leased by a killed process waits for its lease).
    server = startServer(t.url, extra);
    const last = server;
    await waitFor("all runs finished", async () => (await finished()) === runIds.length, 60_000, last);
    await waitFor(
      "every event delivered",
      async () => (await t.db.platformEvent.count({ where: { fannedOutAt: null } })) === 0 && (await t.db.webhookDelivery.count({ where: { status: { not: "SUCCEEDED" } } })) === 0,
      90_000,
      last,
    );
    await last.stop();

    const runs = await t.db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, status: true } });
    const events = await t.db.platformEvent.findMany({ where: { runId: { in: runIds } }, select: { id: true, runId: true, type: true } });
    // One row per state change with an event: each run paused once and finished once.
    const expected = new Set(runs.flatMap((r) => [`${r.id} run.paused`, `${r.id} ${r.status === "COMPLETED" ? "run.completed" : "run.failed"}`]));
    const rows = events.map((e) => `${e.runId} ${e.type}`);
    expect(runs.filter((r) => r.status === "FAILED")).toHaveLength(RUNS / 3);
    expect(new Set(rows).size).toBe(rows.length); // no (run, type) with two event ids
    expect(new Set(rows)).toEqual(expected);
    expect(await t.db.webhookDelivery.count()).toBe(events.length);

    // The receiver: every signature valid, every event id at least once, with its own type and run.
    expect(badSignatures).toBe(0);
    const byId = new Map(events.map((e) => [e.id, `${e.runId} ${e.type}`]));
    for (const r of received) expect(`${r.runId} ${r.type}`).toBe(byId.get(r.id));
    const unique = new Map(received.map((r) => [r.id, r]));
    expect(new Set(unique.keys())).toEqual(new Set(byId.keys()));
    // Receiver-side dedupe by webhook-id: exactly one per state change.
    const deduped = [...unique.values()].map((r) => `${r.runId} ${r.type}`);
    expect(new Set(deduped).size).toBe(deduped.length);
    expect(deduped).toHaveLength(expected.size);
    const resent = received.length - unique.size;
    console.log(
      `platform-events crash: ${kills.length} kills (undelivered events at each kill: ${kills.map((k) => k.undelivered).join(", ")}; ` +
        `leased deliveries: ${kills.map((k) => k.leased).join(", ")}), ${events.length} events, ${received.length} requests received, ${resent} re-sent with the same webhook-id`,
    );
  });
});
