import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { runStats } from "@/server/services/runs/run-stats";
import { actors, callerFor, insertRun, newAutomation, rejection } from "./helpers";

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
  });

  it("buckets by the viewer's local day and filters by automation", async () => {
    const local = await runStats(a.admin, { days: 2, utcOffsetMinutes: 120 }, t.db, now);
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
