import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifier } from "@/server/integrations/notify";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";

let t: TestDb;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "notify");
});
afterAll(() => t.cleanup());

const base = { runId: "run1", title: "Deal won", body: "Acme signed", link: "/runs/run1" };

describe("notifier against a real database", () => {
  it("notifies given members and every member with a role, once per step key", async () => {
    const notifier = createNotifier({ db: t.db });
    const args = { ...base, workspaceId: ws.workspaceId, stepKey: "run1:notify:", userIds: [ws.specialistId], roles: ["ADMIN"] };
    expect(await notifier.notify(args)).toEqual({ delivered: 2 });
    expect(await notifier.notify(args)).toEqual({ delivered: 2 });
    const rows = await t.db.notification.findMany({ where: { stepKey: "run1:notify:" }, orderBy: { userId: "asc" } });
    expect(rows.map((r) => r.userId).sort()).toEqual([ws.adminId, ws.specialistId].sort());
    expect(rows[0]).toMatchObject({ workspaceId: ws.workspaceId, title: "Deal won", body: "Acme signed", link: "/runs/run1", readAt: null });
  });

  it("ignores users who are not members of the workspace", async () => {
    const notifier = createNotifier({ db: t.db });
    const r = await notifier.notify({
      ...base,
      workspaceId: ws.workspaceId,
      stepKey: "run1:notify2:",
      userIds: [ws.otherAdminId, "no-such-user", ws.specialistId],
      roles: [],
    });
    expect(r).toEqual({ delivered: 1 });
    const rows = await t.db.notification.findMany({ where: { stepKey: "run1:notify2:" } });
    expect(rows.map((x) => x.userId)).toEqual([ws.specialistId]);
  });

  it("does not reach members of other workspaces through roles", async () => {
    const notifier = createNotifier({ db: t.db });
    const r = await notifier.notify({ ...base, workspaceId: ws.workspaceId, stepKey: "run1:notify3:", userIds: [], roles: ["ADMIN", "OWNER"] });
    expect(r).toEqual({ delivered: 1 });
    expect(await t.db.notification.count({ where: { stepKey: "run1:notify3:", userId: ws.otherAdminId } })).toBe(0);
  });

  it("handles concurrent attempts of the same step without duplicates", async () => {
    const notifier = createNotifier({ db: t.db });
    const args = { ...base, workspaceId: ws.workspaceId, stepKey: "run1:notify4:", userIds: [], roles: ["ADMIN", "SPECIALIST"] };
    const results = await Promise.all([notifier.notify(args), notifier.notify(args), notifier.notify(args)]);
    expect(results).toEqual([{ delivered: 2 }, { delivered: 2 }, { delivered: 2 }]);
    expect(await t.db.notification.count({ where: { stepKey: "run1:notify4:" } })).toBe(2);
  });

  it("delivers nothing when nobody matches", async () => {
    const notifier = createNotifier({ db: t.db });
    expect(await notifier.notify({ ...base, workspaceId: ws.workspaceId, stepKey: "run1:notify5:", userIds: [], roles: ["OWNER"] })).toEqual({ delivered: 0 });
    expect(await notifier.notify({ ...base, workspaceId: ws.workspaceId, stepKey: "run1:notify6:", userIds: [], roles: [] })).toEqual({ delivered: 0 });
  });
});
