import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunStore } from "@/server/engine/run-store";
import { serializeState } from "@/server/engine/state";
import { createRun } from "@/server/services/runs/create-run";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { chain, createAutomation, engineEnv, setVars, trigger } from "./helpers";

/**
 * The run store's hot path (direct better-sqlite3 statements, or the pg pool on
 * PostgreSQL — not Prisma) writes and reads timestamps in UTC as Prisma does,
 * whatever the process's time zone: a timer written in local time would fire
 * hours early or late, and the claim compares timers with "now".
 */
engineEnv();

describe("run store hot path: timestamps are UTC in any process time zone", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  const tz = process.env.TZ;

  beforeAll(async () => {
    // Node applies a TZ change at once; UTC−5/−4, so a local-time write is off by hours.
    process.env.TZ = "America/New_York";
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "tz");
  });
  afterAll(async () => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
    await t.cleanup();
  });

  it("a timer two hours ahead is not due; startedAt round-trips through commit and claim", async () => {
    expect(new Date(2026, 0, 15).getTimezoneOffset()).toBe(300);
    const store = createRunStore(t.db);
    const { automationId } = await createAutomation(t.db, ws.workspaceId, chain([trigger(), setVars("a", { x: "1" })]));
    const { runId } = await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual" }, t.db);

    const first = await store.claim({ runId }, "owner", "token-1", 60_000, new Date());
    expect(first?.id).toBe(runId);
    expect(first?.startedAt).toBeNull();

    const startedAt = new Date("2026-01-15T12:34:56.789Z");
    const wakeAt = new Date(Date.now() + 2 * 3600_000);
    const patch = {
      state: serializeState(first!.state), stepCount: 0, failedStepCount: 0, startedAt, status: "QUEUED" as const, wakeAt, waitKind: "retry", releaseLease: true,
      transition: { from: "RUNNING" as const, to: "QUEUED" as const, actor: "test", reason: "retry in two hours" },
    };
    expect(await store.commit(runId, "token-1", patch)).toBe("ok");

    const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(row.startedAt?.toISOString()).toBe(startedAt.toISOString());
    expect(row.wakeAt?.toISOString()).toBe(wakeAt.toISOString());
    // Two hours ahead in UTC: not due now (stored in New York time it would be three hours in the past).
    expect(await store.claim({ runId }, "owner", "token-2", 60_000, new Date())).toBeNull();
    expect(await store.claim({}, "owner", "token-2", 60_000, new Date())).toBeNull();

    // Due once "now" is past the timer; the claim reads startedAt back unchanged.
    const later = new Date(wakeAt.getTime() + 1000);
    const again = await store.claim({ runId }, "owner", "token-3", 60_000, later);
    expect(again?.id).toBe(runId);
    expect(again?.startedAt?.toISOString()).toBe(startedAt.toISOString());
    const claimed = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(claimed.leaseExpiresAt?.toISOString()).toBe(new Date(later.getTime() + 60_000).toISOString());
  });
});
