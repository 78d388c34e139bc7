import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createCallerFactory, router } from "@/server/trpc/init";
import { workspaceRouter } from "@/server/trpc/routers/workspace";
import { schedulesRouter } from "@/server/trpc/routers/schedules";
import { nextFireAt } from "@/lib/schedules/cron";
import { setWorkspaceTimezone } from "@/server/services/workspaces/set-workspace-timezone";
import { scheduleConfigSchema } from "@/lib/nodes/catalog/schedule";
import { createAutomation, node, chain, setVars } from "../engine/helpers";
import { actors, sessionOf } from "./runs/helpers";
import { scheduleOf, scheduledAutomation } from "../triggers/schedule-helpers";

let t: TestDb;
let ws: TestWorkspace;
let a: ReturnType<typeof actors>;

const createCaller = createCallerFactory(router({ workspace: workspaceRouter, schedules: schedulesRouter }));
const callerFor = (db: Db, actor: Actor) => createCaller({ db, session: sessionOf(actor) });
const zoneOf = async (workspaceId: string) => (await t.db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timezone: true } })).timezone;
const audits = (workspaceId: string) => t.db.auditLog.findMany({ where: { workspaceId, action: "workspace.timezone_changed" }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "wstz");
  a = actors(ws);
});
afterAll(async () => {
  await t?.cleanup();
});

describe("workspace.setTimezone", () => {
  it("a new workspace is UTC; workspace.me reports the zone", async () => {
    expect(await zoneOf(ws.workspaceId)).toBe("UTC");
    expect((await callerFor(t.db, a.specialist).workspace.me()).workspace.timezone).toBe("UTC");
  });

  it("an admin sets a valid IANA zone: saved and audited with from/to; the other workspace is untouched", async () => {
    const r = await callerFor(t.db, a.admin).workspace.setTimezone({ timezone: "Europe/Berlin" });
    expect(r).toMatchObject({ timezone: "Europe/Berlin" });
    expect(await zoneOf(ws.workspaceId)).toBe("Europe/Berlin");
    expect(await zoneOf(ws.otherWorkspaceId)).toBe("UTC");
    const rows = await audits(ws.workspaceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: ws.adminId, actorType: "user", targetType: "workspace", targetId: ws.workspaceId });
    expect(JSON.parse(rows[0].details!)).toEqual({ from: "UTC", to: "Europe/Berlin" });
  });

  it.each([["Mars/Base"], ["europe/berlinn"], [""], [" Europe/Berlin "], ["x".repeat(101)]])("refuses %j with a message naming the field; nothing changes", async (timezone) => {
    const before = await audits(ws.workspaceId);
    const err = await callerFor(t.db, a.admin).workspace.setTimezone({ timezone }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    if (timezone === " Europe/Berlin ") {
      // trimmed to a valid zone, the one already set: accepted as a no-op
      expect(err).toBeNull();
    } else {
      expect(err).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/timezone/) });
    }
    if (timezone === "Mars/Base") {
      // tRPC's error formatter turns these issues into "Invalid input — timezone: …" on the wire
      expect((err as unknown as { cause: { issues: Array<{ path: string[]; message: string }> } }).cause.issues).toEqual([
        { code: "custom", path: ["timezone"], message: expect.stringMatching(/^"Mars\/Base" is not an IANA time zone; use a name like "Europe\/Berlin"/) },
      ]);
      // the service (REST, CLI) says the same in its own message
      await expect(setWorkspaceTimezone(a.admin, { timezone }, t.db)).rejects.toMatchObject({ message: expect.stringMatching(/^Invalid input — timezone: "Mars\/Base" is not an IANA time zone/) });
    }
    expect(await zoneOf(ws.workspaceId)).toBe("Europe/Berlin");
    expect(await audits(ws.workspaceId)).toHaveLength(before.length);
  });

  it("specialists are refused and nothing changes", async () => {
    await expect(callerFor(t.db, a.specialist).workspace.setTimezone({ timezone: "Asia/Tokyo" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await zoneOf(ws.workspaceId)).toBe("Europe/Berlin");
    expect(await audits(ws.workspaceId)).toHaveLength(1);
  });
});

describe("the workspace zone reaches schedules' fire times", () => {
  it("a schedule trigger with the catalog default (empty zone) fires in the workspace zone, and follows a change of it", async () => {
    const catalogDefault = scheduleConfigSchema.parse({}).timezone;
    expect(catalogDefault).toBe("");
    const { automationId, schedule } = await scheduledAutomation(t.db, ws.workspaceId, { cron: "0 9 * * *", timezone: catalogDefault }, { name: "Workspace-zone digest" });
    expect(schedule).toMatchObject({ timezone: "Europe/Berlin", active: true });
    expect(schedule!.nextFireAt!.toISOString()).toBe(nextFireAt("0 9 * * *", "Europe/Berlin", schedule!.updatedAt)!.toISOString());
    // 09:00 in Berlin is 07:00 or 08:00 UTC, never 09:00 UTC
    expect([7, 8]).toContain(schedule!.nextFireAt!.getUTCHours());

    // an explicit zone is kept when the workspace zone changes
    const explicit = await scheduledAutomation(t.db, ws.workspaceId, { cron: "0 9 * * *", timezone: "UTC" }, { name: "UTC digest" });
    const explicitNext = explicit.schedule!.nextFireAt!.toISOString();

    const r = await callerFor(t.db, a.admin).workspace.setTimezone({ timezone: "America/New_York" });
    expect(r.resynced).toBeGreaterThanOrEqual(2);
    const moved = await scheduleOf(t.db, automationId);
    expect(moved.timezone).toBe("America/New_York");
    expect([13, 14]).toContain(moved.nextFireAt!.getUTCHours());
    expect(moved.nextFireAt!.toISOString()).toBe(nextFireAt("0 9 * * *", "America/New_York", moved.updatedAt)!.toISOString());
    const kept = await scheduleOf(t.db, explicit.automationId);
    expect(kept).toMatchObject({ timezone: "UTC" });
    expect(kept.nextFireAt!.toISOString()).toBe(explicitNext);
  });

  it("a new event schedule without a zone gets the workspace's; an update without one keeps its own", async () => {
    const graph = chain([node("trigger", "manual", { sampleData: {} }, undefined, "Trigger"), setVars("v", { x: "1" })]);
    const target = (await createAutomation(t.db, ws.workspaceId, graph, { name: "Target" })).automationId;
    const admin = callerFor(t.db, a.admin);
    const created = await admin.schedules.save({ name: "Morning", automationId: target, mode: "cron", cron: "30 8 * * *" });
    expect(created.timezone).toBe("America/New_York");
    const row = await t.db.schedule.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.nextFireAt!.toISOString()).toBe(nextFireAt("30 8 * * *", "America/New_York", row.updatedAt)!.toISOString());
    await admin.workspace.setTimezone({ timezone: "Asia/Tokyo" });
    const updated = await admin.schedules.save({ id: created.id, name: "Morning (renamed)", automationId: target, mode: "cron", cron: "30 8 * * *" });
    expect(updated.timezone).toBe("America/New_York");
  });
});
