import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { listMembers } from "@/server/services/workspaces/list-members";

describe("listMembers", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("lists the members of the actor's workspace only, with roles", async () => {
    const members = await listMembers({ userId: ws.specialistId, workspaceId: ws.workspaceId, role: "SPECIALIST" }, t.db);
    const ids = members.map((m) => m.userId).sort();
    expect(ids).toEqual([ws.adminId, ws.specialistId].sort());
    expect(members.find((m) => m.userId === ws.adminId)?.role).toBe("ADMIN");
    expect(members.some((m) => m.userId === ws.otherAdminId)).toBe(false);

    const other = await listMembers({ userId: ws.otherAdminId, workspaceId: ws.otherWorkspaceId, role: "ADMIN" }, t.db);
    expect(other.map((m) => m.userId)).toEqual([ws.otherAdminId]);
  });
});
