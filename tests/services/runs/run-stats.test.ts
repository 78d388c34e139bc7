import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { runStats } from "@/server/services/runs/run-stats";
import { actors, callerFor, insertRun, insertStep, newAutomation, rejection } from "./helpers";
import { offsetSegments, zoneOffsetMinutes } from "@/server/services/runs/stats-buckets";

let t: TestDb;
let ws: TestWorkspace;
let a: ReturnType<typeof actors>;
let autoA: string;
let autoB: string;
const now = new Date("2025-05-10T15:00:00.000Z");
const daysAgo = (d: number, hour = 10) => new Date(Date.UTC(2025, 4, 10 - d, hour));

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "runs-stats");
  a = actors(ws);
  autoA = await newAutomation(t.db, a.admin, "Alpha");
  autoB = await newAutomation(t.db, a.admin, "Beta");
  const other = await newAutomation(t.db, a.other, "Other");
  const w = ws.workspaceId;
  await insertRun(t.db, { automationId: autoA, workspaceId: w, status: "COMPLETED", createdAt: daysAgo(0) });
  await insertRun(t.db, { automationId: autoA, workspaceId: w, status: "COMPLETED", createdAt: daysAgo(0, 1) });
  await insertRun(t.db, { automationId: autoA, workspaceId: w, status: "FAILED", createdAt: daysAgo(1) });
  await insertRun(t.db, { automationId: autoB, workspaceId: w, status: "SKIPPED", createdAt: daysAgo(2) });
  await insertRun(t.db, { automationId: autoB, workspaceId: w, status: "COMPLETED", createdAt: daysAgo(30) }); // outside 7 days
  // 23:30 UTC on May 9 is May 10 in UTC+2
  await insertRun(t.db, { automationId: autoB, workspaceId: w, status: "CANCELLED", createdAt: new Date("2025-05-09T23:30:00.000Z") });
  await insertRun(t.db, { automationId: other, workspaceId: ws.otherWorkspaceId, status: "FAILED", createdAt: daysAgo(0) });
  await t.db.automation.update({ where: { id: autoB }, data: { status: "ACTIVE" } });
});

afterAll(async () => {
  await t?.cleanup();
});

describe("runStats", () => {
  it("counts the workspace's runs by status and per day (UTC)", async () => {
    const stats = await runStats(a.admin, { days: 7 }, t.db, now);
    expect(stats.days).toBe(7);
    expect(stats.perDay).toHaveLength(7);
    expect(stats.perDay[0].date).toBe("2025-05-04");
    expect(stats.perDay[6].date).toBe("2025-05-10");
    expect(stats.from.toISOString()).toBe("2025-05-04T00:00:00.000Z");
    expect(stats.to.toISOString()).toBe("2025-05-11T00:00:00.000Z");
    expect(stats.total).toBe(5);
    expect(stats.byStatus).toMatchObject({ COMPLETED: 2, FAILED: 1, SKIPPED: 1, CANCELLED: 1, RUNNING: 0 });
    expect(stats.perDay[6]).toMatchObject({ total: 2, byStatus: { COMPLETED: 2 } });
    expect(stats.perDay[5]).toMatchObject({ total: 2, byStatus: { FAILED: 1, CANCELLED: 1 } });
    expect(stats.perDay[4]).toMatchObject({ total: 1, byStatus: { SKIPPED: 1 } });
    expect(stats.perDay[0].total).toBe(0);
    expect(stats.automations).toEqual({ total: 2, draft: 1, active: 1, paused: 0, archived: 0 });
    expect(stats.timezone).toBe("UTC");
    expect(stats.successRate).toBeCloseTo(2 / 3, 10);
  });

  it("buckets by the viewer's local day and filters by automation", async () => {
    const local = await runStats(a.admin, { days: 2, utcOffsetMinutes: 120 }, t.db, now);
    expect(local.timezone).toBe("UTC+02:00");
    expect(local.perDay.map((d) => d.date)).toEqual(["2025-05-09", "2025-05-10"]);
    // May 10 local (UTC+2) = May 9 22:00Z .. May 10 22:00Z: both of today's runs + the 23:30Z cancelled one
    expect(local.perDay[1]).toMatchObject({ total: 3, byStatus: { COMPLETED: 2, CANCELLED: 1 } });
    const onlyA = await runStats(a.admin, { automationId: autoA, days: 7 }, t.db, now);
    expect(onlyA.total).toBe(3);
    expect(onlyA.automations).toBeNull();
  });

  it("validates input and hides other workspaces", async () => {
    expect((await rejection(runStats(a.admin, { days: 0 }, t.db, now))).message).toMatch(/days: must be a whole number from 1 to 90/);
    expect((await rejection(runStats(a.other, { automationId: autoA }, t.db, now))).code).toBe("NOT_FOUND");
    expect((await rejection(callerFor(t.db, a.other).runs.stats({ automationId: autoA }))).code).toBe("NOT_FOUND");
    expect((await rejection(callerFor(t.db, a.admin).runs.stats({ days: 365 }))).message).toMatch(/days: at most 90/);
    const viaTrpc = await callerFor(t.db, a.specialist).runs.stats({ days: 3 });
    expect(viaTrpc.perDay).toHaveLength(3);
  });
});

describe("runStats: workspace time zone, percentiles, failing steps", () => {
  let t2: TestDb;
  let ws2: TestWorkspace;
  let b: ReturnType<typeof actors>;
  let shop: string;
  let crm: string;
  // Europe/Berlin: CEST (UTC+2) until 2025-10-26 01:00Z, then CET (UTC+1).
  const now2 = new Date("2025-10-27T12:00:00.000Z");

  beforeAll(async () => {
    t2 = await createTestDb();
    ws2 = await seedTestWorkspace(t2.db, "runs-stats-tz");
    b = actors(ws2);
    await t2.db.workspace.update({ where: { id: ws2.workspaceId }, data: { timezone: "Europe/Berlin" } });
    shop = await newAutomation(t2.db, b.admin, "Shop sync");
    crm = await newAutomation(t2.db, b.admin, "CRM import");
    const w = ws2.workspaceId;
    const run = async (automationId: string, status: string, createdAt: string, durationMs: number | null) => {
      const c = new Date(createdAt);
      return insertRun(t2.db, {
        automationId,
        workspaceId: w,
        status,
        createdAt: c,
        startedAt: durationMs === null ? null : c,
        finishedAt: durationMs === null ? null : new Date(c.getTime() + durationMs),
      });
    };
    // Durations 100..1000 ms over 10 finished runs; p50 = 500 (5th), p95 = 1000 (10th).
    await run(shop, "COMPLETED", "2025-10-27T08:00:00.000Z", 100); // Oct 27
    await run(shop, "COMPLETED", "2025-10-27T08:01:00.000Z", 200);
    await run(shop, "COMPLETED", "2025-10-26T23:30:00.000Z", 300); // 00:30 CET on Oct 27
    await run(shop, "COMPLETED", "2025-10-26T22:30:00.000Z", 400); // 23:30 CET on Oct 26
    const f1 = await run(shop, "FAILED", "2025-10-25T22:30:00.000Z", 500); // 00:30 CEST on Oct 26
    const f2 = await run(shop, "FAILED", "2025-10-25T21:30:00.000Z", 600); // 23:30 CEST on Oct 25
    const f3 = await run(crm, "FAILED", "2025-10-24T10:00:00.000Z", 700); // Oct 24
    await run(crm, "COMPLETED", "2025-10-24T11:00:00.000Z", 800);
    await run(crm, "CANCELLED", "2025-10-23T10:00:00.000Z", 900);
    await run(crm, "SKIPPED", "2025-10-23T11:00:00.000Z", 1000);
    await run(crm, "RUNNING", "2025-10-27T09:00:00.000Z", null); // unfinished: not in the percentiles
    await run(crm, "COMPLETED", "2025-10-20T21:59:00.000Z", 5); // 23:59 CEST Oct 20: outside 7 days
    // Failed steps: "charge" fails twice in f1 (retried) and once in f2; "lookup" once in f3.
    const step = (runId: string, nodeId: string, nodeName: string, error: string, attempt: number, at: string) =>
      insertStep(t2.db, runId, w, { nodeId, nodeName, nodeType: "http_request", status: "FAILED", attempt, error, startedAt: new Date(at), durationMs: 10 });
    await step(f1, "charge", "Charge card", "HTTP 502 from payments", 1, "2025-10-25T22:30:01.000Z");
    await step(f1, "charge", "Charge card", "HTTP 502 from payments", 2, "2025-10-25T22:30:02.000Z");
    await step(f2, "charge", "Charge card", "timeout after 30 s", 1, "2025-10-25T21:30:01.000Z");
    await step(f3, "lookup", "Find contact", "contact not found", 1, "2025-10-24T10:00:01.000Z");
    await insertStep(t2.db, f3, w, { nodeId: "ok", status: "SUCCEEDED", startedAt: new Date("2025-10-24T10:00:00.500Z"), durationMs: 1 });
    // Another workspace's failures never show.
    const other = await newAutomation(t2.db, b.other, "Other");
    const o = await insertRun(t2.db, { automationId: other, workspaceId: ws2.otherWorkspaceId, status: "FAILED", createdAt: new Date("2025-10-27T08:00:00.000Z") });
    await insertStep(t2.db, o, ws2.otherWorkspaceId, { nodeId: "charge", status: "FAILED", error: "x", startedAt: new Date("2025-10-27T08:00:01.000Z") });
  });

  afterAll(async () => {
    await t2?.cleanup();
  });

  it("finds DST transitions of a zone", () => {
    expect(zoneOffsetMinutes("Europe/Berlin", new Date("2025-10-25T12:00:00Z"))).toBe(120);
    expect(zoneOffsetMinutes("Europe/Berlin", new Date("2025-10-27T12:00:00Z"))).toBe(60);
    const segs = offsetSegments({ kind: "zone", name: "Europe/Berlin" }, Date.parse("2025-10-20T22:00:00Z"), Date.parse("2025-10-27T23:00:00Z"));
    expect(segs).toEqual([
      { startMs: Date.parse("2025-10-20T22:00:00Z"), offsetMinutes: 120 },
      { startMs: Date.parse("2025-10-26T01:00:00Z"), offsetMinutes: 60 },
    ]);
    expect(zoneOffsetMinutes("America/St_Johns", new Date("2025-01-10T12:00:00Z"))).toBe(-210);
  });

  it("buckets by local day in the workspace's zone across a DST change", async () => {
    const s = await runStats(b.admin, { days: 7 }, t2.db, now2);
    expect(s.timezone).toBe("Europe/Berlin");
    expect(s.from.toISOString()).toBe("2025-10-20T22:00:00.000Z"); // Oct 21 00:00 CEST
    expect(s.to.toISOString()).toBe("2025-10-27T23:00:00.000Z"); // Oct 28 00:00 CET
    expect(s.perDay.map((d) => [d.date, d.total])).toEqual([
      ["2025-10-21", 0],
      ["2025-10-22", 0],
      ["2025-10-23", 2],
      ["2025-10-24", 2],
      ["2025-10-25", 1],
      ["2025-10-26", 2],
      ["2025-10-27", 4],
    ]);
    expect(s.perDay[6].byStatus).toMatchObject({ COMPLETED: 3, RUNNING: 1 });
    expect(s.perDay[5].byStatus).toMatchObject({ COMPLETED: 1, FAILED: 1 });
    expect(s.perDay[4].byStatus).toMatchObject({ FAILED: 1 });
    expect(s.total).toBe(11);
    expect(s.byStatus).toEqual({ QUEUED: 0, RUNNING: 1, PAUSED: 0, WAITING_FOR_CHILD: 0, COMPLETED: 5, FAILED: 3, SKIPPED: 1, CANCELLED: 1 });
    expect(s.successRate).toBeCloseTo(5 / 8, 10);
  });

  it("computes p50/p95 duration over finished runs (nearest rank)", async () => {
    const s = await runStats(b.admin, { days: 7 }, t2.db, now2);
    expect(s.duration).toEqual({ count: 10, p50Ms: 500, p95Ms: 1000 });
    const shopOnly = await runStats(b.admin, { days: 7, automationId: shop }, t2.db, now2);
    // shop: 100..600 → p50 = 3rd = 300, p95 = 6th = 600
    expect(shopOnly.duration).toEqual({ count: 6, p50Ms: 300, p95Ms: 600 });
    const empty = await runStats(b.admin, { days: 1 }, t2.db, new Date("2025-11-20T12:00:00Z"));
    expect(empty.duration).toEqual({ count: 0, p50Ms: null, p95Ms: null });
    expect(empty.successRate).toBeNull();
    expect(empty.topFailingSteps).toEqual([]);
  });

  it("lists the top failing steps with their most common errors", async () => {
    const s = await runStats(b.admin, { days: 7 }, t2.db, now2);
    expect(s.topFailingSteps).toEqual([
      {
        automationId: shop,
        automationName: "Shop sync",
        nodeId: "charge",
        nodeName: "Charge card",
        nodeType: "http_request",
        failures: 3,
        runs: 2,
        topErrors: [
          { message: "HTTP 502 from payments", count: 2 },
          { message: "timeout after 30 s", count: 1 },
        ],
      },
      { automationId: crm, automationName: "CRM import", nodeId: "lookup", nodeName: "Find contact", nodeType: "http_request", failures: 1, runs: 1, topErrors: [{ message: "contact not found", count: 1 }] },
    ]);
    const crmOnly = await runStats(b.admin, { days: 7, automationId: crm }, t2.db, now2);
    expect(crmOnly.topFailingSteps.map((f) => f.nodeId)).toEqual(["lookup"]);
    // tRPC (real clock: these runs are long past) answers the same shape in the workspace's zone.
    const viaTrpc = await callerFor(t2.db, b.specialist).runs.stats({ days: 90 });
    expect(viaTrpc).toMatchObject({ timezone: "Europe/Berlin", days: 90, duration: { count: 0, p50Ms: null }, topFailingSteps: [] });
  });
});
