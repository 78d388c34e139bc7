import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, prepareDb, type Db } from "@/server/db";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { ScheduleTicker } from "@/server/triggers/schedule/ticker";
import { tickSchedules } from "@/server/triggers/schedule/fire";
import { setAutomationStatus } from "@/server/services/automations/set-automation-status";
import { archiveAutomation } from "@/server/services/automations/archive-automation";
import { fireSchedule } from "@/server/services/schedules/fire-schedule-now";
import { setScheduleEnabled } from "@/server/services/schedules/set-schedule-enabled";
import { getSchedule } from "@/server/services/schedules/get-schedule";
import type { Actor } from "@/server/services/errors";
import { MIN, plus, runsOf, scheduleOf, scheduledAutomation } from "./schedule-helpers";

let t: TestDb;
let ws: TestWorkspace;
let admin: Actor;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "sched");
  admin = { userId: ws.adminId, workspaceId: ws.workspaceId, role: "ADMIN" };
});
afterAll(async () => {
  await t?.cleanup();
});

const fakeTicker = (db: Db, clock: { now: Date }) => new ScheduleTicker({ db, now: () => clock.now });

describe("schedule trigger lifecycle", () => {
  it("publishing an active automation creates an active schedule with its next fire; pause, resume and archive follow", async () => {
    const before = new Date();
    const { automationId, schedule } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "0 9 * * 1-5", timezone: "Europe/Berlin" });
    expect(schedule).toMatchObject({ cron: "0 9 * * 1-5", timezone: "Europe/Berlin", active: true, enabled: true, fireCount: 0 });
    expect(schedule!.nextFireAt!.getTime()).toBeGreaterThan(before.getTime());
    const trigger = await t.db.automationTrigger.findUnique({ where: { automationId } });
    expect(trigger).toMatchObject({ type: "schedule", active: true });

    await setAutomationStatus(admin, { id: automationId, status: "PAUSED" }, t.db);
    expect(await scheduleOf(t.db, automationId)).toMatchObject({ active: false, nextFireAt: null });
    await setAutomationStatus(admin, { id: automationId, status: "ACTIVE" }, t.db);
    const resumed = await scheduleOf(t.db, automationId);
    expect(resumed.active).toBe(true);
    expect(resumed.nextFireAt).not.toBeNull();
    await archiveAutomation(admin, { id: automationId }, t.db);
    expect(await scheduleOf(t.db, automationId)).toMatchObject({ active: false, nextFireAt: null });
  });

  it("paused, draft-only and archived automations are never fired, even far in the future", async () => {
    const paused = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" });
    await setAutomationStatus(admin, { id: paused.automationId, status: "PAUSED" }, t.db);
    const draft = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" }, { publish: false });
    const archived = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" });
    await archiveAutomation(admin, { id: archived.automationId }, t.db);
    expect(draft.schedule?.active ?? false).toBe(false);

    const clock = { now: plus(new Date(), 10 * MIN) };
    const ticker = fakeTicker(t.db, clock);
    for (let i = 0; i < 3; i++) {
      await ticker.tick();
      clock.now = plus(clock.now, MIN);
    }
    for (const id of [paused.automationId, draft.automationId, archived.automationId]) expect(await runsOf(t.db, id)).toHaveLength(0);

    // Defense in depth: a schedule row forced active while its automation is paused fires nothing.
    await t.db.schedule.updateMany({ where: { automationId: paused.automationId }, data: { active: true, nextFireAt: new Date() } });
    const outcomes = await tickSchedules(t.db, clock.now);
    const mine = outcomes.find((o) => o.kind === "fired" && o.fire.scheduleId === paused.schedule!.id);
    expect(mine).toMatchObject({ kind: "fired", fire: { status: "SKIPPED", runsStarted: 0, error: expect.stringMatching(/paused/) } });
    expect(await runsOf(t.db, paused.automationId)).toHaveLength(0);
  });
});

describe("ticker with a fake clock", () => {
  it("fires each due tick once, with the trigger data, the fire as source and a deterministic idempotency key", async () => {
    const { automationId } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "*/5 * * * *" });
    const s = await scheduleOf(t.db, automationId);
    const first = s.nextFireAt!;
    const clock = { now: plus(first, 200) };
    const ticker = fakeTicker(t.db, clock);
    await ticker.tick();
    await ticker.tick(); // same instant again: nothing new
    let runs = await runsOf(t.db, automationId);
    expect(runs).toHaveLength(1);
    const fire = await t.db.scheduleFire.findFirstOrThrow({ where: { scheduleId: s.id } });
    expect(fire).toMatchObject({ kind: "tick", status: "OK", runsStarted: 1, runsFailed: 0, audienceSize: 1 });
    expect(fire.scheduledFor.toISOString()).toBe(first.toISOString());
    expect(runs[0]).toMatchObject({ triggerType: "schedule", sourceId: fire.id, idempotencyKey: `schedule-fire:${fire.id}:0`, status: "QUEUED" });
    expect(JSON.parse(runs[0].triggerData)).toMatchObject({ scheduledFor: first.toISOString(), kind: "tick", schedule: { id: s.id, cron: "*/5 * * * *", timezone: "UTC" } });
    const after = await scheduleOf(t.db, automationId);
    expect(after.fireCount).toBe(1);
    expect(after.nextFireAt!.toISOString()).toBe(plus(first, 5 * MIN).toISOString());

    clock.now = plus(first, 5 * MIN + 10);
    await ticker.tick();
    runs = await runsOf(t.db, automationId);
    expect(runs).toHaveLength(2);
  });

  it('missed ticks (server down for 3 ticks) → exactly one fire on recovery for the latest missed time (policy "once")', async () => {
    const { automationId } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" });
    const s = await scheduleOf(t.db, automationId);
    const first = s.nextFireAt!;
    // down from before `first` until 30 s after first+3 min: first, +1, +2 and +3 were all due
    const clock = { now: plus(first, 3 * MIN + 30_000) };
    const ticker = fakeTicker(t.db, clock);
    await ticker.tick();
    await ticker.tick();
    const fires = await t.db.scheduleFire.findMany({ where: { scheduleId: s.id } });
    expect(fires).toHaveLength(1);
    expect(fires[0]).toMatchObject({ kind: "recovery", status: "OK", runsStarted: 1 });
    expect(fires[0].scheduledFor.toISOString()).toBe(plus(first, 3 * MIN).toISOString());
    expect(await runsOf(t.db, automationId)).toHaveLength(1);
    const after = await scheduleOf(t.db, automationId);
    expect(after.nextFireAt!.toISOString()).toBe(plus(first, 4 * MIN).toISOString());
    expect(after.fireCount).toBe(1);
    // then it continues normally
    clock.now = plus(first, 4 * MIN + 500);
    await ticker.tick();
    expect((await t.db.scheduleFire.findMany({ where: { scheduleId: s.id }, orderBy: { firedAt: "asc" } })).map((f) => f.kind)).toEqual(["recovery", "tick"]);
  });

  it('policy "skip" drops ticks missed while down and continues from now', async () => {
    const { automationId } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "0 * * * *", missedPolicy: "skip" });
    const s = await scheduleOf(t.db, automationId);
    const clock = { now: plus(s.nextFireAt!, 3 * 60 * MIN + 30 * MIN) };
    await fakeTicker(t.db, clock).tick();
    expect(await t.db.scheduleFire.count({ where: { scheduleId: s.id } })).toBe(0);
    expect(await runsOf(t.db, automationId)).toHaveLength(0);
    const after = await scheduleOf(t.db, automationId);
    expect(after.nextFireAt!.toISOString()).toBe(plus(s.nextFireAt!, 4 * 60 * MIN).toISOString());
    expect(after.active).toBe(true);
  });

  it("max_runs: deactivates after N scheduled fires; fire-now does not count or move the next fire", async () => {
    const { automationId } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *", maxRuns: 2 });
    const s = await scheduleOf(t.db, automationId);
    const first = s.nextFireAt!;

    const manual = await fireSchedule(admin, { id: s.id }, t.db);
    expect(manual).toMatchObject({ kind: "manual", status: "OK", runsStarted: 1 });
    const afterManual = await scheduleOf(t.db, automationId);
    expect(afterManual.fireCount).toBe(0);
    expect(afterManual.nextFireAt!.toISOString()).toBe(first.toISOString());

    const clock = { now: plus(first, 100) };
    const ticker = fakeTicker(t.db, clock);
    await ticker.tick();
    expect((await getSchedule(admin, { id: s.id }, t.db, clock.now)).remaining).toEqual({ count: 1, capped: false });
    clock.now = plus(first, MIN + 100);
    await ticker.tick();
    const ended = await scheduleOf(t.db, automationId);
    expect(ended).toMatchObject({ fireCount: 2, active: false, nextFireAt: null, enabled: true });
    clock.now = plus(first, 5 * MIN);
    await ticker.tick();
    expect(await runsOf(t.db, automationId)).toHaveLength(3); // 2 ticks + 1 manual
    const detail = await getSchedule(admin, { id: s.id }, t.db, clock.now);
    expect(detail).toMatchObject({ state: "ended", remaining: { count: 0 }, upcoming: [] });
    expect(detail.history.map((h) => h.kind).sort()).toEqual(["manual", "tick", "tick"]);
    await expect(setScheduleEnabled(admin, { id: s.id, enabled: true }, t.db)).rejects.toMatchObject({ code: "UNPROCESSABLE", message: expect.stringMatching(/maximum of 2 runs/) });
  });

  it("end_at: the last fire before end_at deactivates the schedule", async () => {
    const probe = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" });
    const first = probe.schedule!.nextFireAt!;
    const endAt = plus(first, 2 * MIN + 30_000);
    const { automationId } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *", endAt: endAt.toISOString() });
    const s = await scheduleOf(t.db, automationId);
    expect(s.endAt!.toISOString()).toBe(endAt.toISOString());
    const clock = { now: plus(s.nextFireAt!, 50) };
    const ticker = fakeTicker(t.db, clock);
    const fired: string[] = [];
    for (let i = 0; i < 5; i++) {
      for (const o of await ticker.tick()) if (o.kind === "fired" && o.fire.scheduleId === s.id) fired.push(o.fire.scheduledFor.toISOString());
      clock.now = plus(clock.now, MIN);
    }
    const expected = [0, 1, 2].map((i) => plus(s.nextFireAt!, i * MIN).toISOString()).filter((x) => new Date(x) < endAt);
    expect(fired).toEqual(expected);
    expect(await scheduleOf(t.db, automationId)).toMatchObject({ active: false, nextFireAt: null });
  });

  it("disable stops firing; enable counts from now (no burst of the times passed while disabled)", async () => {
    const { automationId } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" });
    const s = await scheduleOf(t.db, automationId);
    await setScheduleEnabled(admin, { id: s.id, enabled: false }, t.db);
    expect(await scheduleOf(t.db, automationId)).toMatchObject({ enabled: false, active: false, nextFireAt: null });
    await fakeTicker(t.db, { now: plus(new Date(), 30 * MIN) }).tick();
    expect(await runsOf(t.db, automationId)).toHaveLength(0);
    const now = new Date();
    const on = await setScheduleEnabled(admin, { id: s.id, enabled: true }, t.db, now);
    expect(on).toMatchObject({ enabled: true, active: true, state: "active" });
    expect(new Date(on.nextFireAt!).getTime()).toBeGreaterThan(now.getTime());
    expect(new Date(on.nextFireAt!).getTime()).toBeLessThanOrEqual(now.getTime() + MIN);
  });
});

describe("robustness", () => {
  it("one broken schedule row does not stop the others from firing", async () => {
    const good = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" });
    const bad = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" });
    const due = good.schedule!.nextFireAt!;
    // e.g. a time zone the runtime no longer knows, written before an upgrade
    await t.db.schedule.update({ where: { id: bad.schedule!.id }, data: { timezone: "Gone/Zone", nextFireAt: due } });
    const outcomes = await tickSchedules(t.db, plus(due, 100));
    expect(outcomes.find((o) => o.kind === "error")).toMatchObject({ scheduleId: bad.schedule!.id, error: expect.stringMatching(/Gone\/Zone/) });
    expect(await runsOf(t.db, good.automationId)).toHaveLength(1);
    expect(await runsOf(t.db, bad.automationId)).toHaveLength(0);
  });
});

describe("several processes", () => {
  it("two tickers on the same database fire exactly one run per tick (two connections on PostgreSQL)", async () => {
    const { automationId } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" });
    const s = await scheduleOf(t.db, automationId);
    // SQLite: better-sqlite3 is synchronous, so a second connection in the SAME process would block the event loop
    // while the first holds the write lock; the separate-process test below covers two SQLite connections.
    const pg = !t.url.startsWith("file:");
    const db2 = pg ? createDb(t.url) : t.db;
    if (pg) await prepareDb(db2, t.url);
    try {
      const clock = { now: plus(s.nextFireAt!, 10) };
      const a = fakeTicker(t.db, clock);
      const b = fakeTicker(db2, clock);
      let fired = 0;
      const TICKS = 6;
      for (let i = 0; i < TICKS; i++) {
        const [oa, ob] = await Promise.all([a.tick(), b.tick()]);
        fired += [...oa, ...ob].filter((o) => o.kind === "fired" && o.fire.scheduleId === s.id).length;
        clock.now = plus(clock.now, MIN);
      }
      expect(fired).toBe(TICKS);
      const runs = await runsOf(t.db, automationId);
      expect(runs).toHaveLength(TICKS);
      expect(new Set(runs.map((r) => r.sourceId)).size).toBe(TICKS);
    } finally {
      if (pg) await db2.$disconnect();
    }
  });

  it("two ticker processes on the same database → exactly one fire and one run per tick", async () => {
    const { automationId } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *" });
    const s = await scheduleOf(t.db, automationId);
    const TICKS = 8;
    const instants = Array.from({ length: TICKS }, (_, i) => plus(s.nextFireAt!, i * MIN + 20).toISOString());
    const startAt = Date.now() + 2500;
    const spawnTicker = () =>
      new Promise<{ fired: number }>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(process.cwd(), "node_modules/tsx/dist/cli.mjs"), "tests/triggers/tick-process.ts"], {
          cwd: process.cwd(),
          env: {
            ...process.env,
            NODE_ENV: "test",
            DATABASE_URL: t.url,
            APP_SECRET: "schedule-test-secret-schedule-test-secret-0123",
            LOG_LEVEL: "error",
            TICK_DB_URL: t.url,
            TICK_SCHEDULE_ID: s.id,
            TICK_INSTANTS: JSON.stringify(instants),
            TICK_START_AT: String(startAt),
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
        child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
        child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`ticker process exited ${code}: ${err}`))));
      });
    const [p1, p2] = await Promise.all([spawnTicker(), spawnTicker()]);
    expect(p1.fired + p2.fired).toBe(TICKS);
    const runs = await runsOf(t.db, automationId);
    expect(runs).toHaveLength(TICKS);
    const fires = await t.db.scheduleFire.findMany({ where: { scheduleId: s.id } });
    expect(fires.map((f) => f.scheduledFor.toISOString()).sort()).toEqual(instants.map((i) => new Date(new Date(i).getTime() - 20).toISOString()));
    expect((await scheduleOf(t.db, automationId)).fireCount).toBe(TICKS);
  }, 60_000);
});
