import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createCallerFactory, router } from "@/server/trpc/init";
import { schedulesRouter } from "@/server/trpc/routers/schedules";
import { setAutomationStatus } from "@/server/services/automations/set-automation-status";
import { createAutomation as createAutomationService } from "@/server/services/automations/create-automation";
import { saveDraft } from "@/server/services/automations/save-draft";
import { publishVersion } from "@/server/services/versions/publish-version";
import { listSchedules } from "@/server/services/schedules/list-schedules";
import { tickSchedules } from "@/server/triggers/schedule/fire";
import { createAutomation, setupEngineTest, waitForStatus, node, chain, setVars } from "../engine/helpers";
import { actors, sessionOf } from "../services/runs/helpers";
import { plus, runsOf, scheduleGraph, scheduledAutomation } from "./schedule-helpers";

let t: TestDb;
let ws: TestWorkspace;
let a: ReturnType<typeof actors>;
let target: string;

const createCaller = createCallerFactory(router({ schedules: schedulesRouter }));
const callerFor = (db: Db, actor: Actor) => createCaller({ db, session: sessionOf(actor) });

const manualGraph = chain([node("trigger", "manual", { sampleData: {} }, undefined, "Trigger"), setVars("v", { who: "{{trigger.item.name}}" })]);

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "schedsvc");
  a = actors(ws);
  target = (await createAutomation(t.db, ws.workspaceId, manualGraph, { name: "Digest" })).automationId;
});
afterAll(async () => {
  await t?.cleanup();
});

const standalone = (over: Record<string, unknown> = {}) => ({
  name: "Daily staff digest",
  automationId: target,
  mode: "cron" as const,
  cron: "0 9 * * 1-5",
  timezone: "Australia/Sydney",
  payload: { digest: "daily" },
  audience: [{ name: "Ada" }, { name: "Grace" }, { name: "Linus" }],
  ...over,
});

describe("standalone event schedules", () => {
  it("create → one run per audience item of the target automation on each tick, payload and item in the trigger data", async () => {
    const admin = callerFor(t.db, a.admin);
    const created = await admin.schedules.save(standalone());
    expect(created).toMatchObject({ kind: "standalone", name: "Daily staff digest", cron: "0 9 * * 1-5", timezone: "Australia/Sydney", state: "active", audienceSize: 3, description: "At 09:00, Monday through Friday" });
    const row = await t.db.schedule.findUniqueOrThrow({ where: { id: created.id } });
    const outcomes = await tickSchedules(t.db, plus(row.nextFireAt!, 100));
    const mine = outcomes.find((o) => o.kind === "fired" && o.fire.scheduleId === row.id);
    expect(mine).toMatchObject({ fire: { audienceSize: 3, runsStarted: 3, runsFailed: 0, status: "OK" } });
    const runs = await runsOf(t.db, target);
    expect(runs).toHaveLength(3);
    expect(runs.map((r) => JSON.parse(r.triggerData) as { item: { name: string }; itemIndex: number; digest: string }).map((d) => [d.item.name, d.itemIndex, d.digest])).toEqual([
      ["Ada", 0, "daily"],
      ["Grace", 1, "daily"],
      ["Linus", 2, "daily"],
    ]);
    const detail = await admin.schedules.get({ id: row.id });
    expect(detail.history).toHaveLength(1);
    expect(detail.history[0]).toMatchObject({ kind: "tick", audienceSize: 3, runsStarted: 3, status: "OK" });
    expect(detail.upcoming).toHaveLength(5);
    await admin.schedules.delete({ id: row.id });
    expect(await t.db.schedule.count({ where: { id: row.id } })).toBe(0);
  });

  it("the largest audience (500 items) starts all 500 runs in one fire", async () => {
    const big = (await createAutomation(t.db, ws.workspaceId, manualGraph, { name: "Big audience" })).automationId;
    const s = await callerFor(t.db, a.admin).schedules.save(standalone({ automationId: big, name: "Big", audience: Array.from({ length: 500 }, (_, i) => ({ name: `u${i}` })) }));
    const row = await t.db.schedule.findUniqueOrThrow({ where: { id: s.id } });
    const outcomes = await tickSchedules(t.db, plus(row.nextFireAt!, 100));
    expect(outcomes.find((o) => o.kind !== "lost" && o.kind !== "skipped" && (o.kind === "fired" ? o.fire.scheduleId : o.scheduleId) === s.id)).toMatchObject({ kind: "fired", fire: { runsStarted: 500, status: "OK" } });
    expect(await t.db.run.count({ where: { automationId: big } })).toBe(500);
  }, 120_000);

  it("a paused target automation: ticks record a SKIPPED fire and start nothing; fire-now is refused with the reason", async () => {
    const paused = (await createAutomation(t.db, ws.workspaceId, manualGraph, { name: "Paused target" })).automationId;
    await setAutomationStatus(a.admin, { id: paused, status: "PAUSED" }, t.db);
    const admin = callerFor(t.db, a.admin);
    const s = await admin.schedules.save(standalone({ automationId: paused, name: "To paused" }));
    const row = await t.db.schedule.findUniqueOrThrow({ where: { id: s.id } });
    await tickSchedules(t.db, plus(row.nextFireAt!, 100));
    expect(await runsOf(t.db, paused)).toHaveLength(0);
    expect(await t.db.scheduleFire.findFirst({ where: { scheduleId: s.id } })).toMatchObject({ status: "SKIPPED", runsStarted: 0, error: expect.stringMatching(/Paused target.*paused/) });
    await expect(admin.schedules.fireNow({ id: s.id })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringMatching(/paused: activate it/) });
  });

  it("bad input gets a specific error naming the field and writes nothing", async () => {
    const admin = callerFor(t.db, a.admin);
    const before = await t.db.schedule.count();
    await expect(admin.schedules.save(standalone({ cron: "61 * * * *" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/minute "61" is invalid.*0-59/) });
    await expect(admin.schedules.save(standalone({ timezone: "Mars/Olympus_Mons" }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/"Mars\/Olympus_Mons" is not an IANA time zone/) });
    await expect(admin.schedules.save(standalone({ endAt: "next tuesday" }))).rejects.toMatchObject({ message: expect.stringMatching(/endAt must be an ISO 8601/) });
    await expect(admin.schedules.save(standalone({ audience: Array.from({ length: 501 }, () => ({})) }))).rejects.toMatchObject({ message: expect.stringMatching(/at most 500 items/) });
    await expect(admin.schedules.save(standalone({ automationId: "nope" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.schedules.save(standalone({ mode: "weekly", time: "9am", days: ["mon"] }))).rejects.toMatchObject({ message: expect.stringMatching(/time must be HH:MM/) });
    expect(await t.db.schedule.count()).toBe(before);
  });
});

describe("access and scoping", () => {
  it("specialists read; every schedule mutation is FORBIDDEN for them; another workspace sees nothing", async () => {
    const { schedule } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "0 * * * *" }, { name: "Hourly sync" });
    const spec = callerFor(t.db, a.specialist);
    const list = await spec.schedules.list({});
    expect(list.find((s) => s.id === schedule!.id)).toMatchObject({ kind: "automation", name: "Hourly sync", state: "active", automation: { name: "Hourly sync" } });
    expect((await spec.schedules.get({ id: schedule!.id })).upcoming).toHaveLength(5);
    await expect(spec.schedules.setEnabled({ id: schedule!.id, enabled: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(spec.schedules.fireNow({ id: schedule!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(spec.schedules.save(standalone())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(spec.schedules.delete({ id: schedule!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.schedule.findUniqueOrThrow({ where: { id: schedule!.id } })).toMatchObject({ enabled: true, active: true });

    const other = callerFor(t.db, a.other);
    expect((await other.schedules.list({})).some((s) => s.id === schedule!.id)).toBe(false);
    await expect(other.schedules.get({ id: schedule!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.schedules.fireNow({ id: schedule!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // an automation's schedule is edited on its canvas, not as a standalone one
    await expect(callerFor(t.db, a.admin).schedules.delete({ id: schedule!.id })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
  });

  it("preview: description and next fire times in the zone, field errors for bad input", async () => {
    const spec = callerFor(t.db, a.specialist);
    const p = await spec.schedules.preview({ mode: "weekly", time: "09:00", days: ["mon", "tue", "wed", "thu", "fri"], timezone: "America/New_York", count: 3 });
    expect(p.cron).toBe("0 9 * * 1-5");
    expect(p.description).toBe("At 09:00, Monday through Friday");
    expect(p.next).toHaveLength(3);
    for (const iso of p.next) {
      const local = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit", hour12: false, weekday: "short" }).format(new Date(iso));
      expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
    }
    await expect(spec.schedules.preview({ cron: "0 9 * *", timezone: "UTC" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/exactly 5 fields/) });
  });
});

describe("through the editor's services", () => {
  it("publish validates the timetable; activate, republish with a new cron, and switching to a manual trigger keep the schedule in step", async () => {
    const created = await createAutomationService(a.admin, { name: "Canvas schedule" }, t.db);
    let revision = created.draftRevision;
    const draft = async (graph: unknown) => {
      revision = (await saveDraft(a.admin, { id: created.id, graph: graph as never, baseRevision: revision }, t.db)).draftRevision;
    };
    await draft(scheduleGraph({ cron: "0 25 * * *" }));
    await expect(publishVersion(a.admin, { automationId: created.id }, t.db)).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    expect(await t.db.schedule.count({ where: { automationId: created.id } })).toBe(0);

    await draft(scheduleGraph({ mode: "weekly", time: "07:30", days: ["mon", "fri"], timezone: "America/New_York" }));
    await publishVersion(a.admin, { automationId: created.id }, t.db);
    await setAutomationStatus(a.admin, { id: created.id, status: "ACTIVE" }, t.db);
    let row = await t.db.schedule.findFirstOrThrow({ where: { automationId: created.id } });
    expect(row).toMatchObject({ cron: "30 7 * * 1,5", timezone: "America/New_York", active: true });
    const local = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false }).format(row.nextFireAt!);
    expect(local).toMatch(/^(Mon|Fri) 07:30$/);

    await draft(scheduleGraph({ cron: "*/30 * * * *", timezone: "UTC" }));
    await publishVersion(a.admin, { automationId: created.id }, t.db);
    row = await t.db.schedule.findFirstOrThrow({ where: { automationId: created.id } });
    expect(row).toMatchObject({ cron: "*/30 * * * *", timezone: "UTC", active: true });
    expect([0, 30]).toContain(row.nextFireAt!.getUTCMinutes());
    expect((await listSchedules(a.admin, {}, t.db)).some((s) => s.id === row.id)).toBe(true);

    await draft(manualGraph);
    await publishVersion(a.admin, { automationId: created.id }, t.db);
    expect(await t.db.schedule.findFirstOrThrow({ where: { automationId: created.id } })).toMatchObject({ active: false, nextFireAt: null });
    expect((await listSchedules(a.admin, {}, t.db)).some((s) => s.id === row.id)).toBe(false);
  });
});

describe("end to end with the engine", () => {
  it("a scheduled run executes the published graph with the schedule's trigger data", async () => {
    const e = await setupEngineTest();
    try {
      const { automationId, schedule } = await scheduledAutomation(e.db, e.ws.workspaceId, { cron: "*/15 * * * *", timezone: "Europe/Berlin" });
      await tickSchedules(e.db, plus(schedule!.nextFireAt!, 5));
      const [run] = await runsOf(e.db, automationId);
      const done = await waitForStatus(e.db, run.id, ["COMPLETED", "FAILED"]);
      expect(done.status).toBe("COMPLETED");
      const steps = await e.db.stepRun.findMany({ where: { runId: run.id }, orderBy: { startedAt: "asc" } });
      expect(steps.map((s) => s.nodeId)).toEqual(["trigger", "vars"]);
      expect(JSON.parse(steps[0].response ?? "{}")).toMatchObject({ kind: "tick", scheduledFor: schedule!.nextFireAt!.toISOString(), schedule: { timezone: "Europe/Berlin" } });
      expect(JSON.parse(done.state).vars).toMatchObject({ when: schedule!.nextFireAt!.toISOString() });
    } finally {
      await e.cleanup();
    }
  });
});
