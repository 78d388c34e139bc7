import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { providerOfDb, sqliteFilePath } from "@/server/db";
import { pruneWorkspaceRuns, runRetentionPass } from "@/server/services/retention/prune-runs";
import { getRunRetention, setRunRetention } from "@/server/services/retention/run-retention-setting";
import { sqliteFileBytes, vacuumDatabase } from "@/server/services/retention/vacuum";
import { actors, insertRun, insertStep, newAutomation, rejection } from "./runs/helpers";

/**
 * Run retention: old finished runs go with their steps, RunData and history;
 * unfinished runs (running, paused, queued, waiting for a child) stay whatever
 * their age, and so does a finished child of an unfinished parent; batches;
 * retention off → nothing pruned; the setting (admins only, 1–3650); and the
 * SQLite file shrinks after prune + vacuum.
 */
let t: TestDb;
let ws: TestWorkspace;
let a: ReturnType<typeof actors>;
let auto: string;
const now = new Date("2025-06-01T12:00:00.000Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

async function run(status: string, ageDays: number, opts: { parentRunId?: string; workspaceId?: string; automationId?: string; steps?: number } = {}): Promise<string> {
  const workspaceId = opts.workspaceId ?? ws.workspaceId;
  const id = await insertRun(t.db, { automationId: opts.automationId ?? auto, workspaceId, status, createdAt: daysAgo(ageDays), parentRunId: opts.parentRunId ?? null });
  for (let i = 0; i < (opts.steps ?? 2); i++) {
    await insertStep(t.db, id, workspaceId, { nodeId: `n${i}`, status: "SUCCEEDED", request: { i }, response: { ok: true }, startedAt: daysAgo(ageDays) });
  }
  await t.db.runData.create({ data: { runId: id, key: "items", value: "[1,2,3]" } });
  await t.db.runEvent.create({ data: { runId: id, workspaceId, fromStatus: null, toStatus: "QUEUED", actor: "system" } });
  return id;
}

const exists = async (id: string) => (await t.db.run.count({ where: { id } })) === 1;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "retention");
  a = actors(ws);
  auto = await newAutomation(t.db, a.admin, "Pruned");
});

afterAll(async () => {
  await t?.cleanup();
});

describe("run retention setting", () => {
  it("is off by default; admins set 1–3650 or null; specialists read only", async () => {
    expect(await getRunRetention(a.specialist, t.db)).toEqual({ days: null });
    expect((await rejection(setRunRetention(a.specialist, { days: 30 }, t.db))).code).toBe("FORBIDDEN");
    expect((await rejection(setRunRetention(a.admin, { days: 0 }, t.db))).message).toMatch(/days: at least 1/);
    expect((await rejection(setRunRetention(a.admin, { days: 3651 }, t.db))).message).toMatch(/at most 3650/);
    expect((await rejection(setRunRetention(a.admin, { days: 1.5 }, t.db))).message).toMatch(/whole number/);
    expect(await setRunRetention(a.admin, { days: 30 }, t.db)).toEqual({ days: 30 });
    expect(await getRunRetention(a.specialist, t.db)).toEqual({ days: 30 });
    const audit = await t.db.auditLog.findFirst({ where: { workspaceId: ws.workspaceId, action: "workspace.run_retention_changed" } });
    expect(audit?.details).toBe(JSON.stringify({ from: null, to: 30 }));
    expect(await setRunRetention(a.admin, { days: null }, t.db)).toEqual({ days: null });
  });
});

describe("pruning", () => {
  it("deletes old finished runs with their steps, data and history; never unfinished ones", async () => {
    const oldDone = await Promise.all(["COMPLETED", "FAILED", "SKIPPED", "CANCELLED"].map((s) => run(s, 40)));
    const oldUnfinished = await Promise.all(["QUEUED", "RUNNING", "PAUSED", "WAITING_FOR_CHILD"].map((s) => run(s, 400)));
    const recent = await run("COMPLETED", 10);
    // A finished child of a waiting parent stays (the parent may read its result); a finished child of a finished parent goes.
    const waitingParent = oldUnfinished[3];
    const childOfWaiting = await run("COMPLETED", 40, { parentRunId: waitingParent });
    const childOfDone = await run("COMPLETED", 40, { parentRunId: oldDone[0] });
    // Another workspace with no retention: untouched.
    const otherAuto = await newAutomation(t.db, a.other, "Theirs");
    const theirs = await run("COMPLETED", 400, { workspaceId: ws.otherWorkspaceId, automationId: otherAuto });

    // Off → a pass prunes nothing.
    expect(await runRetentionPass(t.db, now)).toEqual({ workspaces: 0, runs: 0, steps: 0, batches: 0 });
    expect(await exists(oldDone[0])).toBe(true);

    await setRunRetention(a.admin, { days: 30 }, t.db);
    const pass = await runRetentionPass(t.db, now);
    expect(pass).toMatchObject({ workspaces: 1, runs: 5, steps: 10 });
    for (const id of [...oldDone, childOfDone]) {
      expect(await exists(id)).toBe(false);
      expect(await t.db.stepRun.count({ where: { runId: id } })).toBe(0);
      expect(await t.db.runData.count({ where: { runId: id } })).toBe(0);
      expect(await t.db.runEvent.count({ where: { runId: id } })).toBe(0);
    }
    for (const id of [...oldUnfinished, recent, childOfWaiting, theirs]) {
      expect(await exists(id)).toBe(true);
      expect(await t.db.stepRun.count({ where: { runId: id } })).toBe(2);
      expect(await t.db.runData.count({ where: { runId: id } })).toBe(1);
    }
    // The unfinished runs kept their status.
    const statuses = await t.db.run.findMany({ where: { id: { in: oldUnfinished } }, select: { status: true }, orderBy: { createdAt: "asc" } });
    expect(statuses.map((s) => s.status).sort()).toEqual(["PAUSED", "QUEUED", "RUNNING", "WAITING_FOR_CHILD"]);
    // A second pass finds nothing more.
    expect((await runRetentionPass(t.db, now)).runs).toBe(0);
    await setRunRetention(a.admin, { days: null }, t.db);
  });

  it("works in batches, oldest first, and stops after maxBatches", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await run("COMPLETED", 100 + i, { steps: 1 }));
    const first = await pruneWorkspaceRuns(t.db, ws.workspaceId, 30, now, { batchSize: 3, maxBatches: 2 });
    expect(first).toEqual({ runs: 6, steps: 6, batches: 2 });
    // Oldest first: the youngest of the seven (100 days) is the one left.
    expect(await exists(ids[0])).toBe(true);
    expect(await Promise.all(ids.slice(1).map(exists))).toEqual([false, false, false, false, false, false]);
    expect(await pruneWorkspaceRuns(t.db, ws.workspaceId, 30, now, { batchSize: 3 })).toEqual({ runs: 1, steps: 1, batches: 1 });
  });
});

describe("database size", () => {
  it("the SQLite file shrinks after prune + vacuum (PostgreSQL: VACUUM runs)", async () => {
    const big = "x".repeat(20_000);
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) {
      const id = await insertRun(t.db, { automationId: auto, workspaceId: ws.workspaceId, status: "COMPLETED", createdAt: daysAgo(90) });
      await insertStep(t.db, id, ws.workspaceId, { nodeId: "n", status: "SUCCEEDED", request: { big }, response: { big }, startedAt: daysAgo(90) });
      ids.push(id);
    }
    if (providerOfDb(t.db) !== "sqlite") {
      await setRunRetention(a.admin, { days: 30 }, t.db);
      expect((await runRetentionPass(t.db, now)).runs).toBe(150);
      expect(await vacuumDatabase(t.db)).toEqual({ provider: "postgresql", bytesBefore: null, bytesAfter: null });
      return;
    }
    const file = sqliteFilePath(t.url);
    await t.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    const full = sqliteFileBytes(file);
    expect(full).toBeGreaterThan(150 * 40_000);

    await setRunRetention(a.admin, { days: 30 }, t.db);
    expect((await runRetentionPass(t.db, now)).runs).toBe(150);
    await t.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    // Deleting alone frees pages inside the file (reused by new rows) but does not shrink it.
    const afterPrune = sqliteFileBytes(file);
    expect(afterPrune).toBeGreaterThan(full * 0.8);

    const v = await vacuumDatabase(t.db, file);
    expect(v.provider).toBe("sqlite");
    expect(v.bytesAfter).toBeLessThan(full / 4);
    expect(sqliteFileBytes(file)).toBeLessThan(full / 4);
    // The vacuum switched the file to incremental auto_vacuum: later passes give pages back themselves.
    expect(Number((await t.db.$queryRawUnsafe<Array<{ auto_vacuum: number | bigint }>>("PRAGMA auto_vacuum"))[0].auto_vacuum)).toBe(2);
    for (let i = 0; i < 100; i++) {
      const id = await insertRun(t.db, { automationId: auto, workspaceId: ws.workspaceId, status: "FAILED", createdAt: daysAgo(60) });
      await insertStep(t.db, id, ws.workspaceId, { nodeId: "n", status: "FAILED", request: { big }, response: { big }, startedAt: daysAgo(60) });
    }
    await t.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    const grown = sqliteFileBytes(file);
    expect(grown).toBeGreaterThan(100 * 40_000);
    expect((await runRetentionPass(t.db, now)).runs).toBe(100);
    await t.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    expect(sqliteFileBytes(file)).toBeLessThan(grown / 2);
    await setRunRetention(a.admin, { days: null }, t.db);
  });
});
