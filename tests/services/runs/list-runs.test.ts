import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { listRuns, type RunListItem } from "@/server/services/runs/list-runs";
import { actors, callerFor, insertRun, newAutomation, rejection } from "./helpers";

let t: TestDb;
let ws: TestWorkspace;
let a: ReturnType<typeof actors>;
let autoA: string;
let autoB: string;
let otherAuto: string;
const base = new Date("2025-03-01T12:00:00.000Z");
const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "runs-list");
  a = actors(ws);
  autoA = await newAutomation(t.db, a.admin, "Alpha");
  autoB = await newAutomation(t.db, a.admin, "Beta");
  otherAuto = await newAutomation(t.db, a.other, "Other workspace");
  const w = ws.workspaceId;
  ids.a1 = await insertRun(t.db, { automationId: autoA, workspaceId: w, status: "COMPLETED", createdAt: at(0), startedAt: at(0), finishedAt: new Date(at(0).getTime() + 1500) });
  ids.a2 = await insertRun(t.db, { automationId: autoA, workspaceId: w, status: "FAILED", createdAt: at(10), error: "HTTP 500 from api.example.com" });
  ids.a3 = await insertRun(t.db, { automationId: autoA, workspaceId: w, status: "SKIPPED", createdAt: at(20), isTest: true });
  ids.b1 = await insertRun(t.db, { automationId: autoB, workspaceId: w, status: "RUNNING", createdAt: at(30), triggerType: "webhook", startedAt: at(30) });
  // three runs with the same createdAt: keyset pagination must break the tie by id
  ids.b2 = await insertRun(t.db, { automationId: autoB, workspaceId: w, status: "COMPLETED", createdAt: at(40), triggerType: "webhook" });
  ids.b3 = await insertRun(t.db, { automationId: autoB, workspaceId: w, status: "COMPLETED", createdAt: at(40), triggerType: "webhook" });
  ids.b4 = await insertRun(t.db, { automationId: autoB, workspaceId: w, status: "PAUSED", createdAt: at(40), triggerType: "schedule" });
  ids.o1 = await insertRun(t.db, { automationId: otherAuto, workspaceId: ws.otherWorkspaceId, createdAt: at(50) });
});

afterAll(async () => {
  await t?.cleanup();
});

const idsOf = (items: RunListItem[]) => items.map((r) => r.id);

describe("listRuns", () => {
  it("lists the workspace's runs newest first, never another workspace's", async () => {
    const page = await listRuns(a.admin, {}, t.db);
    expect(page.items).toHaveLength(7);
    expect(page.nextCursor).toBeNull();
    expect(idsOf(page.items)).not.toContain(ids.o1);
    const times = page.items.map((r) => r.createdAt.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(page.items[page.items.length - 1].id).toBe(ids.a1);

    const other = await listRuns(a.other, {}, t.db);
    expect(idsOf(other.items)).toEqual([ids.o1]);
  });

  it("returns only list columns with the automation name and a computed duration", async () => {
    const page = await listRuns(a.admin, { automationId: autoA }, t.db);
    const first = page.items.find((r) => r.id === ids.a1);
    expect(first).toMatchObject({ automationName: "Alpha", status: "COMPLETED", durationMs: 1500, isTest: false, triggerType: "manual" });
    const failed = page.items.find((r) => r.id === ids.a2);
    expect(failed).toMatchObject({ status: "FAILED", error: "HTTP 500 from api.example.com", durationMs: null });
    for (const item of page.items) {
      expect(item).not.toHaveProperty("state");
      expect(item).not.toHaveProperty("triggerData");
      expect(item).not.toHaveProperty("graphSnapshot");
    }
  });

  it("filters by automation, status list, trigger type, test flag and date range", async () => {
    expect(idsOf((await listRuns(a.admin, { automationId: autoA }, t.db)).items)).toEqual([ids.a3, ids.a2, ids.a1]);
    expect(new Set(idsOf((await listRuns(a.admin, { status: ["FAILED", "PAUSED"] }, t.db)).items))).toEqual(new Set([ids.a2, ids.b4]));
    expect(idsOf((await listRuns(a.admin, { triggerType: "schedule" }, t.db)).items)).toEqual([ids.b4]);
    expect(idsOf((await listRuns(a.admin, { isTest: true }, t.db)).items)).toEqual([ids.a3]);
    expect((await listRuns(a.admin, { isTest: false }, t.db)).items).toHaveLength(6);
    expect(idsOf((await listRuns(a.admin, { from: at(10), to: at(30) }, t.db)).items)).toEqual([ids.b1, ids.a3, ids.a2]);
    expect(
      idsOf((await listRuns(a.admin, { automationId: autoB, status: ["COMPLETED"], triggerType: "webhook" }, t.db)).items).sort(),
    ).toEqual([ids.b2, ids.b3].sort());
  });

  it("paginates with a keyset cursor without duplicates or gaps, even on equal timestamps", async () => {
    const all = idsOf((await listRuns(a.admin, { limit: 100 }, t.db)).items);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listRuns(a.admin, { limit: 2, cursor }, t.db);
      seen.push(...idsOf(page.items));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(7);
  });

  it("rejects bad input with specific messages", async () => {
    const badCursor = await rejection(listRuns(a.admin, { cursor: "not-a-cursor" }, t.db));
    expect(badCursor.code).toBe("BAD_REQUEST");
    expect(badCursor.message).toMatch(/cursor/);
    const badLimit = await rejection(listRuns(a.admin, { limit: 101 }, t.db));
    expect(badLimit.message).toMatch(/limit: must be a whole number from 1 to 100/);
    const badRange = await rejection(listRuns(a.admin, { from: at(30), to: at(10) }, t.db));
    expect(badRange.message).toMatch(/from: must not be later than to/);
  });

  it("answers NOT_FOUND for another workspace's automation id", async () => {
    const err = await rejection(listRuns(a.admin, { automationId: otherAuto }, t.db));
    expect(err.code).toBe("NOT_FOUND");
  });

  it("works through tRPC for members (specialists read), with zod messages", async () => {
    const page = await callerFor(t.db, a.specialist).runs.list({ automationId: autoB, limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const tooMany = await rejection(callerFor(t.db, a.specialist).runs.list({ limit: 500 }));
    expect(tooMany.code).toBe("BAD_REQUEST");
    expect(tooMany.message).toMatch(/limit: at most 100/);
    const badStatus = await rejection(callerFor(t.db, a.admin).runs.list({ status: ["DONE" as "COMPLETED"] }));
    expect(badStatus.message).toMatch(/status must be one of: QUEUED/);
    const cross = await rejection(callerFor(t.db, a.other).runs.list({ automationId: autoA }));
    expect(cross.code).toBe("NOT_FOUND");
  });
});
