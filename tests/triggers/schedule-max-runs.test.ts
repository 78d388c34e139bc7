import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { ScheduleTicker } from "@/server/triggers/schedule/ticker";
import { tickSchedules } from "@/server/triggers/schedule/fire";
import { setAutomationStatus } from "@/server/services/automations/set-automation-status";
import { saveEventSchedule } from "@/server/services/schedules/save-event-schedule";
import { getSchedule } from "@/server/services/schedules/get-schedule";
import { listSchedules } from "@/server/services/schedules/list-schedules";
import { fireSchedule } from "@/server/services/schedules/fire-schedule-now";
import { chain, createAutomation, node, setVars } from "../engine/helpers";
import { MIN, plus, runsOf, scheduleOf, scheduledAutomation } from "./schedule-helpers";

/**
 * max_runs counts occurrences that started runs (seed 001 "remaining
 * occurrences"): a fire SKIPPED because the target automation was paused, or
 * one that started nothing, leaves the remaining count as it was.
 */

let t: TestDb;
let ws: TestWorkspace;
let admin: Actor;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "maxruns");
  admin = { userId: ws.adminId, workspaceId: ws.workspaceId, role: "ADMIN" };
});
afterAll(async () => {
  await t?.cleanup();
});

const manualGraph = chain([node("trigger", "manual", { sampleData: {} }, undefined, "Trigger"), setVars("v", { n: "{{trigger.itemIndex}}" })]);
const fakeTicker = (db: Db, clock: { now: Date }) => new ScheduleTicker({ db, now: () => clock.now });

describe("max_runs counts only fires that started runs", () => {
  it("ticks while the target automation is paused are SKIPPED, keep the remaining occurrences, and the schedule ends after N fires that ran", async () => {
    const target = (await createAutomation(t.db, ws.workspaceId, manualGraph, { name: "Paused sometimes" })).automationId;
    const start = new Date();
    const created = await saveEventSchedule(admin, { name: "Three reminders", automationId: target, cron: "* * * * *", timezone: "UTC", maxRuns: 2 }, t.db, start);
    expect(created.remaining).toEqual({ count: 2, capped: false });
    const first = (await t.db.schedule.findUniqueOrThrow({ where: { id: created.id } })).nextFireAt!;
    const clock = { now: plus(first, 100) };
    const ticker = fakeTicker(t.db, clock);
    const at = (minutes: number) => {
      clock.now = plus(first, minutes * MIN + 100);
    };
    const state = async () => {
      const d = await getSchedule(admin, { id: created.id }, t.db, clock.now);
      const listed = (await listSchedules(admin, {}, t.db, clock.now)).find((s) => s.id === created.id)!;
      expect(listed.remaining).toEqual(d.remaining); // the Schedules page shows the same figure
      return d;
    };

    await setAutomationStatus(admin, { id: target, status: "PAUSED" }, t.db);
    await ticker.tick();
    at(1);
    await ticker.tick();
    let d = await state();
    expect(d.history.map((f) => f.status)).toEqual(["SKIPPED", "SKIPPED"]);
    expect(d).toMatchObject({ fireCount: 0, remaining: { count: 2, capped: false }, active: true, state: "automation-inactive" });
    expect(d.nextFireAt).toBe(plus(first, 2 * MIN).toISOString());
    expect(d.upcoming).toHaveLength(2); // the two occurrences still to come
    expect(await runsOf(t.db, target)).toHaveLength(0);

    await setAutomationStatus(admin, { id: target, status: "ACTIVE" }, t.db);
    at(2);
    await ticker.tick();
    d = await state();
    expect(d).toMatchObject({ fireCount: 1, remaining: { count: 1, capped: false }, active: true, state: "active" });
    expect(d.history[0]).toMatchObject({ status: "OK", runsStarted: 1 });

    // fire-now neither counts nor moves the timetable (unchanged rule)
    await fireSchedule(admin, { id: created.id }, t.db, plus(clock.now, 1000));
    expect((await state()).fireCount).toBe(1);

    await setAutomationStatus(admin, { id: target, status: "PAUSED" }, t.db);
    at(3);
    await ticker.tick();
    d = await state();
    expect(d).toMatchObject({ fireCount: 1, remaining: { count: 1, capped: false }, active: true });
    expect(d.history[0]).toMatchObject({ status: "SKIPPED", runsStarted: 0 });

    await setAutomationStatus(admin, { id: target, status: "ACTIVE" }, t.db);
    at(4);
    await ticker.tick();
    d = await state();
    expect(d).toMatchObject({ fireCount: 2, remaining: { count: 0, capped: false }, active: false, nextFireAt: null, state: "ended", upcoming: [] });

    at(10);
    await ticker.tick();
    const fires = await t.db.scheduleFire.findMany({ where: { scheduleId: created.id }, orderBy: { firedAt: "asc" } });
    expect(fires.map((f) => `${f.kind}:${f.status}`)).toEqual(["tick:SKIPPED", "tick:SKIPPED", "tick:OK", "manual:OK", "tick:SKIPPED", "tick:OK"]);
    expect(await runsOf(t.db, target)).toHaveLength(3); // 2 scheduled + 1 fire-now
  });

  it("an automation's own schedule forced due while its automation is paused: SKIPPED, not counted, not ended", async () => {
    const { automationId, schedule } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "* * * * *", maxRuns: 1 }, { name: "Once only" });
    await setAutomationStatus(admin, { id: automationId, status: "PAUSED" }, t.db);
    const due = new Date();
    await t.db.schedule.update({ where: { id: schedule!.id }, data: { active: true, nextFireAt: due } });
    const outcomes = await tickSchedules(t.db, plus(due, 100));
    expect(outcomes.find((o) => o.kind === "fired" && o.fire.scheduleId === schedule!.id)).toMatchObject({ fire: { status: "SKIPPED", runsStarted: 0 } });
    expect(await scheduleOf(t.db, automationId)).toMatchObject({ fireCount: 0, active: true });
    expect((await getSchedule(admin, { id: schedule!.id }, t.db, plus(due, 200))).remaining).toEqual({ count: 1, capped: false });
  });

  it("a fire with an empty audience starts nothing and uses no occurrence", async () => {
    const target = (await createAutomation(t.db, ws.workspaceId, manualGraph, { name: "Nobody yet" })).automationId;
    const s = await saveEventSchedule(admin, { name: "Empty list", automationId: target, cron: "*/5 * * * *", timezone: "Europe/Berlin", audience: [], maxRuns: 1 }, t.db);
    const row = await t.db.schedule.findUniqueOrThrow({ where: { id: s.id } });
    await tickSchedules(t.db, plus(row.nextFireAt!, 100));
    const after = await t.db.schedule.findUniqueOrThrow({ where: { id: s.id } });
    expect(after).toMatchObject({ fireCount: 0, active: true });
    expect(after.nextFireAt!.toISOString()).toBe(plus(row.nextFireAt!, 5 * MIN).toISOString());
  });
});
