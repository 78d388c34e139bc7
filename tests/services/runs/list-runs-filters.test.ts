import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerOfDb, type Db } from "@/server/db";
import type { Graph } from "@/lib/graph/schema";
import { stepRowId } from "@/server/engine/step-id";
import { TRIGGER_INLINE_LIMIT } from "@/server/engine/run-store-sql";
import { createRun } from "@/server/services/runs/create-run";
import { listRuns, RUN_LIST_SELECT, SEARCH_SCAN_ROWS, type RunListItem, type ListRunsInput } from "@/server/services/runs/list-runs";
import type { Actor } from "@/server/services/errors";
import { createAutomation, edge, engineEnv, node, setupEngineTest, setVars, trigger, waitForStatus, type EngineTest } from "../../engine/helpers";
import { callerFor, insertRun, rejection } from "./helpers";

/**
 * Runs list filters, search, pagination stability and skipped-step counts on a real
 * database (SQLite by default, PostgreSQL with TEST_DATABASE_URL) with a real engine runtime.
 */
engineEnv();

let t: EngineTest;
let admin: Actor;
let w: string;
let autoA: string;
let autoB: string;
const base = new Date("2025-05-01T08:00:00.000Z");
const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);
const ids: Record<string, string> = {};
const idsOf = (items: RunListItem[]) => items.map((r) => r.id);
const list = (input: ListRunsInput) => listRuns(admin, input, t.db);

beforeAll(async () => {
  t = await setupEngineTest();
  admin = t.admin;
  w = t.ws.workspaceId;
  const g = { nodes: [trigger()], edges: [] } satisfies Graph;
  autoA = (await createAutomation(t.db, w, g, { name: "Alpha" })).automationId;
  autoB = (await createAutomation(t.db, w, g, { name: "Beta" })).automationId;
  ids.a1 = await insertRun(t.db, { automationId: autoA, workspaceId: w, status: "COMPLETED", createdAt: at(0), triggerData: JSON.stringify({ email: "Jane.Doe@example.com", order: "A-100" }) });
  ids.a2 = await insertRun(t.db, { automationId: autoA, workspaceId: w, status: "FAILED", createdAt: at(10), triggerType: "webhook", triggerData: JSON.stringify({ note: "100% refund", sku: "X_1" }) });
  ids.a3 = await insertRun(t.db, { automationId: autoA, workspaceId: w, status: "SKIPPED", createdAt: at(20), isTest: true, triggerData: JSON.stringify({ email: "bob@example.com" }) });
  ids.b1 = await insertRun(t.db, { automationId: autoB, workspaceId: w, status: "FAILED", createdAt: at(30), triggerType: "schedule", triggerData: JSON.stringify({ order: "B-200" }) });
  ids.b2 = await insertRun(t.db, { automationId: autoB, workspaceId: w, status: "CANCELLED", createdAt: at(40), triggerType: "webhook", triggerData: JSON.stringify({ order: "B-201", email: "jane.doe@example.com" }) });
  ids.b3 = await insertRun(t.db, { automationId: autoB, workspaceId: w, status: "RUNNING", createdAt: at(50), triggerType: "webhook", triggerData: "{}" });
});

afterAll(async () => {
  await t?.cleanup();
});

describe("runs list filters", () => {
  it("filters by status (several), automation, trigger type, test/live and date range, combined", async () => {
    expect(new Set(idsOf((await list({ status: ["FAILED", "CANCELLED"] })).items))).toEqual(new Set([ids.a2, ids.b1, ids.b2]));
    expect(idsOf((await list({ status: ["FAILED"] })).items)).toEqual([ids.b1, ids.a2]);
    expect(idsOf((await list({ automationId: autoA })).items)).toEqual([ids.a3, ids.a2, ids.a1]);
    expect(idsOf((await list({ triggerType: "webhook" })).items)).toEqual([ids.b3, ids.b2, ids.a2]);
    expect(idsOf((await list({ isTest: true })).items)).toEqual([ids.a3]);
    expect(idsOf((await list({ isTest: false, automationId: autoA })).items)).toEqual([ids.a2, ids.a1]);
    expect(idsOf((await list({ from: at(10), to: at(40) })).items)).toEqual([ids.b2, ids.b1, ids.a3, ids.a2]);
    expect(idsOf((await list({ automationId: autoB, status: ["FAILED", "CANCELLED"], triggerType: "webhook", from: at(35) })).items)).toEqual([ids.b2]);
  });

  it("searches run ids: exact, and by prefix from 4 characters", async () => {
    expect(idsOf((await list({ search: ids.b1 })).items)).toEqual([ids.b1]);
    const prefix = ids.a2.slice(0, 12);
    expect(idsOf((await list({ search: prefix })).items)).toContain(ids.a2);
    // A 3-character fragment is no id prefix (it would match every cuid); it still searches trigger data.
    expect(idsOf((await list({ search: ids.a2.slice(0, 3), automationId: autoB })).items)).toEqual([]);
  });

  it("searches trigger data text case-insensitively (% and _ literal on PostgreSQL, wildcards on SQLite)", async () => {
    expect(idsOf((await list({ search: "jane.doe@EXAMPLE.com" })).items)).toEqual([ids.b2, ids.a1]);
    expect(idsOf((await list({ search: "b-20" })).items)).toEqual([ids.b2, ids.b1]);
    expect(idsOf((await list({ search: "X_1" })).items)).toEqual([ids.a2]);
    if (providerOfDb(t.db) === "postgresql") {
      expect(idsOf((await list({ search: "100%" })).items)).toEqual([ids.a2]);
      expect(idsOf((await list({ search: "%" })).items)).toEqual([ids.a2]);
      expect(idsOf((await list({ search: "_" })).items)).toEqual([ids.a2]);
    } else {
      // Documented limit: SQLite's LIKE without ESCAPE — "100%" also finds "A-100…"; the literal match is among them.
      expect(idsOf((await list({ search: "100%" })).items)).toEqual([ids.a2, ids.a1]);
      expect(idsOf((await list({ search: "_" })).items).length).toBeGreaterThan(1);
    }
    expect((await list({ search: "nobody-has-this" })).items).toEqual([]);
    // combined with the other filters
    expect(idsOf((await list({ search: "jane.doe", status: ["COMPLETED"] })).items)).toEqual([ids.a1]);
    // blank search = no search
    expect((await list({ search: "   " })).items.length).toBeGreaterThanOrEqual(6);
  });

  it("searches trigger data that the engine moved to RunData because of its size", async () => {
    const big = { blob: "x".repeat(TRIGGER_INLINE_LIMIT + 100), customer: "Zebediah Quux" };
    const { runId } = await createRun({ workspaceId: w, automationId: autoB, triggerType: "manual", triggerData: big }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED"]);
    const row = await t.db.run.findUniqueOrThrow({ where: { id: runId }, select: { triggerData: true } });
    expect(row.triggerData.length).toBeLessThan(200); // only the marker is in the row
    expect(idsOf((await list({ search: "zebediah quux" })).items)).toEqual([runId]);
    // the marker itself is not searchable text
    expect(idsOf((await list({ search: "$stored" })).items)).toEqual([]);
    await t.db.run.delete({ where: { id: runId } });
  });

  it("never reads payload columns: every Run query selects list columns only", async () => {
    for (const col of ["triggerData", "state", "graphSnapshot", "conditionsSnapshot", "conditionsResult", "leaseToken"]) {
      expect(RUN_LIST_SELECT).not.toHaveProperty(col);
    }
    const selects: unknown[] = [];
    const spy = t.db.$extends({
      query: {
        run: {
          findMany({ args, query }) {
            selects.push(args.select);
            return query(args);
          },
        },
      },
    }) as unknown as Db;
    const page = await listRuns(admin, { search: "jane", status: ["COMPLETED", "CANCELLED"] }, spy);
    expect(page.items.length).toBe(2);
    expect(selects.length).toBeGreaterThanOrEqual(1);
    for (const s of selects) {
      expect(s).toBeTruthy();
      const keys = Object.keys(s as object);
      for (const col of ["triggerData", "state", "graphSnapshot", "conditionsSnapshot", "conditionsResult"]) expect(keys).not.toContain(col);
    }
    for (const item of page.items) expect(item).not.toHaveProperty("triggerData");
  });

  it("rejects bad search input with a specific error", async () => {
    const long = await rejection(list({ search: "x".repeat(201) }));
    expect(long.code).toBe("BAD_REQUEST");
    expect(long.message).toMatch(/search: at most 200 characters/);
    const viaTrpc = await rejection(callerFor(t.db, admin).runs.list({ search: "y".repeat(201) }));
    expect(viaTrpc.code).toBe("BAD_REQUEST");
    expect(viaTrpc.message).toMatch(/search: at most 200 characters/);
  });
});

describe("runs list pagination while runs arrive", () => {
  it("has no duplicates and no gaps when runs are inserted between page loads", async () => {
    const auto = (await createAutomation(t.db, w, { nodes: [trigger()], edges: [] }, { name: "Stream" })).automationId;
    const original: string[] = [];
    // 11 runs, several sharing a timestamp (ties broken by id)
    for (let i = 0; i < 11; i++) original.push(await insertRun(t.db, { automationId: auto, workspaceId: w, createdAt: at(100 + Math.floor(i / 3)) }));
    const expected = idsOf((await list({ automationId: auto, limit: 100 })).items);
    expect(new Set(expected)).toEqual(new Set(original));

    const seen: string[] = [];
    const arrived: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ automationId: auto, limit: 3, cursor });
      seen.push(...idsOf(page.items));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
      // a new run arrives (newest), one with the same timestamp as the page's last run, and one through the engine
      arrived.push(await insertRun(t.db, { automationId: auto, workspaceId: w, createdAt: new Date() }));
      const last = page.items[page.items.length - 1];
      if (last && pages === 1) arrived.push(await insertRun(t.db, { automationId: auto, workspaceId: w, createdAt: last.createdAt }));
    } while (cursor && pages < 20);
    const fromEngine = (await createRun({ workspaceId: w, automationId: auto, triggerType: "manual", triggerData: {} }, t.db)).runId;
    arrived.push(fromEngine);

    expect(new Set(seen).size).toBe(seen.length); // no duplicates
    const originalSeen = seen.filter((id) => original.includes(id));
    expect(originalSeen).toEqual(expected); // no gaps, same order
    // runs that arrived newer than the cursor are not mixed into later pages; a reload shows them on top
    const newest = arrived.filter((id) => id !== arrived[1]);
    const reload = idsOf((await list({ automationId: auto, limit: 100 })).items);
    expect(reload.slice(0, newest.length).sort()).toEqual([...newest].sort());
    expect(reload).toHaveLength(original.length + arrived.length);
  });

  it("a search reads at most SEARCH_SCAN_ROWS runs per page and continues below with searchedTo", async () => {
    const auto = (await createAutomation(t.db, w, { nodes: [trigger()], edges: [] }, { name: "Bulk" })).automationId;
    const start = new Date("2024-01-01T00:00:00.000Z").getTime();
    const total = SEARCH_SCAN_ROWS + 10;
    const rows = Array.from({ length: total }, (_, i) => ({
      id: stepRowId(start + i * 1000),
      workspaceId: w,
      automationId: auto,
      status: "COMPLETED",
      triggerType: "manual",
      // the oldest run (i = 0) and the newest one carry the needle
      triggerData: JSON.stringify({ i, tag: i === 0 || i === total - 1 ? "needle-7731" : "hay" }),
      idempotencyKey: `bulk-${i}`,
      createdAt: new Date(start + i * 1000),
      updatedAt: new Date(start + i * 1000),
    }));
    for (let i = 0; i < rows.length; i += 1000) await t.db.run.createMany({ data: rows.slice(i, i + 1000) });

    const first = await list({ automationId: auto, search: "needle-7731" });
    expect(idsOf(first.items)).toEqual([rows[total - 1].id]);
    expect(first.searchedTo).not.toBeNull();
    expect(first.searchedTo!.getTime()).toBe(rows[total - SEARCH_SCAN_ROWS].createdAt.getTime());
    expect(first.nextCursor).not.toBeNull();
    const second = await list({ automationId: auto, search: "needle-7731", cursor: first.nextCursor! });
    expect(idsOf(second.items)).toEqual([rows[0].id]);
    expect(second.searchedTo).toBeNull();
    expect(second.nextCursor).toBeNull();
    // without a search the list is not bounded that way
    const plain = await list({ automationId: auto, limit: 5 });
    expect(plain.searchedTo).toBeNull();
    expect(plain.items).toHaveLength(5);
  }, 120_000);
});

describe("skipped step counts (maintained by the engine)", () => {
  const cond = (id: string, field: string, value: unknown) => node(id, "condition", { match: "all", groups: [{ match: "all", conditions: [{ field, operator: "gte", value }] }] });

  it("counts untaken branches of a completed run, every node of a skipped run, and none for a failed run", async () => {
    // trigger → check(amount ≥ 100) → true: big → end ; false: small1 → small2
    const graph: Graph = {
      nodes: [trigger(), cond("check", "trigger.amount", 100), setVars("big", { size: "big" }), setVars("small1", { size: "small" }), setVars("small2", { s: "2" }), node("fail", "stop", { status: "failed", message: "no" })],
      edges: [edge("trigger", "check"), edge("check", "big", "true"), edge("check", "small1", "false"), edge("small1", "small2"), edge("small2", "fail")],
    };
    const { automationId } = await createAutomation(t.db, w, graph, {
      name: "Branches",
      conditions: [{ field: "amount", operator: "gte", value: 0 }],
    });
    const run = async (data: Record<string, unknown>) => {
      const { runId } = await createRun({ workspaceId: w, automationId, triggerType: "manual", triggerData: data }, t.db);
      await waitForStatus(t.db, runId, ["COMPLETED", "FAILED", "SKIPPED"]);
      return (await list({ automationId, limit: 100 })).items.find((r) => r.id === runId)!;
    };
    const big = await run({ amount: 250 });
    expect(big).toMatchObject({ status: "COMPLETED", stepCount: 3, failedStepCount: 0, skippedStepCount: 3 }); // small1, small2, fail
    const small = await run({ amount: 5 });
    expect(small).toMatchObject({ status: "FAILED", stepCount: 5, skippedStepCount: 0 });
    const skipped = await run({ other: true });
    expect(skipped).toMatchObject({ status: "SKIPPED", stepCount: 0, skippedStepCount: 6 });
  });
});
