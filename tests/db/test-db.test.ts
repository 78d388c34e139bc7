import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sqliteFilePath } from "@/server/db";
import { createTestDb, seedTestWorkspace, TEST_PASSWORD } from "@/server/testing/db";
import { verifyPassword } from "@/server/auth/password";

describe("createTestDb", () => {
  it("gives each call its own migrated database and removes it on cleanup", async () => {
    const a = await createTestDb();
    const b = await createTestDb();
    try {
      expect(a.url).not.toBe(b.url);
      await a.db.workspace.create({ data: { name: "Only in A", slug: "only-a" } });
      expect(await a.db.workspace.count()).toBe(1);
      expect(await b.db.workspace.count()).toBe(0);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
    if (a.url.startsWith("file:")) expect(existsSync(sqliteFilePath(a.url))).toBe(false);
    else await expect(a.db.workspace.count()).rejects.toThrow();
  });

  it("seedTestWorkspace creates two isolated workspaces with unique slugs and working passwords", async () => {
    const { db, cleanup } = await createTestDb();
    try {
      const s1 = await seedTestWorkspace(db);
      const s2 = await seedTestWorkspace(db, "Runs Suite");
      expect(s2.workspaceSlug).toMatch(/^runs-suite-/);
      expect(new Set([s1.workspaceId, s1.otherWorkspaceId, s2.workspaceId, s2.otherWorkspaceId]).size).toBe(4);
      const roles = await db.membership.findMany({ where: { workspaceId: s1.workspaceId }, select: { userId: true, role: true } });
      expect(roles).toEqual(
        expect.arrayContaining([
          { userId: s1.adminId, role: "ADMIN" },
          { userId: s1.specialistId, role: "SPECIALIST" },
        ]),
      );
      expect(roles).toHaveLength(2);
      const other = await db.membership.findMany({ where: { workspaceId: s1.otherWorkspaceId } });
      expect(other.map((m) => [m.userId, m.role])).toEqual([[s1.otherAdminId, "ADMIN"]]);
      const admin = await db.user.findUniqueOrThrow({ where: { id: s1.adminId } });
      expect(admin.email).toBe(s1.adminEmail);
      expect(await verifyPassword(TEST_PASSWORD, admin.passwordHash)).toBe(true);
    } finally {
      await cleanup();
    }
  });
});
