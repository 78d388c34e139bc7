import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { AppError } from "@/server/services/errors";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";
import { listWorkspacesForUser } from "@/server/services/workspaces/list-workspaces-for-user";
import { listAllWorkspaces } from "@/server/services/workspaces/list-workspaces";
import { createUser } from "@/server/services/users/create-user";
import { resetPassword } from "@/server/services/users/reset-password";
import { seedDemo } from "@/server/services/seed/seed-demo";
import { dummyVerifyPassword, hashPassword, verifyPassword } from "@/server/auth/password";

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.cleanup());

async function appError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("password", () => {
  it("hashes with bcrypt cost 10 and verifies", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^\$2[aby]\$10\$/);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("wrong horse", hash)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
    expect(await dummyVerifyPassword("anything")).toBe(false);
  });
});

describe("workspace and user services", () => {
  it("createWorkspace validates the slug and rejects duplicates with CONFLICT", async () => {
    const ws = await createWorkspace({ name: "  Blue Team ", slug: "blue-team" }, db);
    expect(ws).toMatchObject({ name: "Blue Team", slug: "blue-team" });

    const dup = await appError(createWorkspace({ name: "Other", slug: "blue-team" }, db));
    expect(dup.code).toBe("CONFLICT");
    expect(dup.message).toMatch(/slug "blue-team" already exists/);

    for (const slug of ["A", "Has_Underscore", "-lead", "trail-", "x".repeat(41)]) {
      const bad = await appError(createWorkspace({ name: "X", slug }, db));
      expect(bad.code).toBe("BAD_REQUEST");
      expect(bad.details?.issues?.[0]?.field).toBe("slug");
    }
    const audit = await db.auditLog.findMany({ where: { workspaceId: ws.id } });
    expect(audit).toEqual([expect.objectContaining({ action: "workspace.created", actorType: "system", targetId: ws.id })]);
  });

  it("createUser creates a user, adds memberships for existing users, and refuses duplicates", async () => {
    const a = await createWorkspace({ name: "Alpha", slug: "alpha" }, db);
    const b = await createWorkspace({ name: "Beta", slug: "beta" }, db);
    const first = await createUser({ workspaceSlug: "alpha", email: " Pat@Example.COM ", role: "ADMIN", password: "longenough" }, db);
    expect(first).toMatchObject({ email: "pat@example.com", role: "ADMIN", createdUser: true, workspaceId: a.id });
    const user = await db.user.findUniqueOrThrow({ where: { id: first.userId } });
    expect(user.name).toBe("pat");

    const second = await createUser({ workspaceSlug: "beta", email: "pat@example.com", role: "SPECIALIST", password: "another-one" }, db);
    expect(second).toMatchObject({ userId: first.userId, createdUser: false, workspaceId: b.id });
    const unchanged = await db.user.findUniqueOrThrow({ where: { id: first.userId } });
    expect(unchanged.passwordHash).toBe(user.passwordHash);

    expect(await listWorkspacesForUser(first.userId, db)).toEqual([
      { id: a.id, name: "Alpha", slug: "alpha", role: "ADMIN" },
      { id: b.id, name: "Beta", slug: "beta", role: "SPECIALIST" },
    ]);

    const dup = await appError(createUser({ workspaceSlug: "alpha", email: "pat@example.com", role: "ADMIN", password: "longenough" }, db));
    expect(dup.code).toBe("CONFLICT");
    expect(dup.message).toContain("already a member");

    const missing = await appError(createUser({ workspaceSlug: "nope", email: "x@example.com", role: "ADMIN", password: "longenough" }, db));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain('no workspace with slug "nope"');

    const bad = await appError(
      createUser({ workspaceSlug: "alpha", email: "not-an-email", role: "BOSS" as "ADMIN", password: "short" }, db),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.details?.issues?.map((i) => i.field).sort()).toEqual(["email", "password", "role"]);
    expect(bad.message).toContain("OWNER, ADMIN, SPECIALIST");

    const actions = (await db.auditLog.findMany({ where: { workspaceId: a.id }, orderBy: { createdAt: "asc" } })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["user.created", "membership.created"]));
  });

  it("resetPassword changes the hash and audits", async () => {
    const ws = await createWorkspace({ name: "Gamma", slug: "gamma" }, db);
    const u = await createUser({ workspaceSlug: "gamma", email: "reset@example.com", role: "OWNER", password: "old-password" }, db);
    const before = (await db.user.findUniqueOrThrow({ where: { id: u.userId } })).passwordHash;
    await resetPassword({ email: "RESET@example.com", password: "new-password" }, db);
    const after = (await db.user.findUniqueOrThrow({ where: { id: u.userId } })).passwordHash;
    expect(after).not.toBe(before);
    expect(await verifyPassword("new-password", after)).toBe(true);
    expect(await verifyPassword("old-password", after)).toBe(false);
    expect(await db.auditLog.count({ where: { workspaceId: ws.id, action: "user.password_reset" } })).toBe(1);

    const missing = await appError(resetPassword({ email: "ghost@example.com", password: "whatever1" }, db));
    expect(missing.code).toBe("NOT_FOUND");
    const short = await appError(resetPassword({ email: "reset@example.com", password: "1234567" }, db));
    expect(short.message).toContain("at least 8 characters");
  });
});

describe("seedDemo", () => {
  it("seeds only an empty database", async () => {
    const fresh = await createTestDb();
    try {
      expect(await seedDemo(fresh.db)).toEqual({ seeded: true });
      expect(await seedDemo(fresh.db)).toEqual({ seeded: false });
      const ws = await listAllWorkspaces(fresh.db);
      expect(ws.map((w) => [w.slug, w.name, w.members, w.automations])).toEqual([
        ["acme", "Acme Ops", 2, 2],
        ["globex", "Globex", 1, 1],
        ["sandbox", "Sandbox", 1, 0],
      ]);
      const spec = await fresh.db.user.findUniqueOrThrow({ where: { email: "specialist@acme.test" } });
      expect(spec.name).toBe("Sam Specialist");
      expect(await verifyPassword("specialist123!", spec.passwordHash)).toBe(true);
      expect((await listWorkspacesForUser(spec.id, fresh.db)).map((w) => [w.slug, w.role])).toEqual([
        ["acme", "SPECIALIST"],
        ["sandbox", "ADMIN"],
      ]);
      const ada = await fresh.db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
      expect(ada.name).toBe("Ada Admin");
      expect(await verifyPassword("admin123!", ada.passwordHash)).toBe(true);
      const autos = await fresh.db.automation.findMany({ where: { workspace: { slug: "acme" } }, orderBy: { name: "asc" } });
      expect(autos.map((a) => a.name)).toEqual(["Escalate failed payments", "Welcome new customers"]);
      const escalate = JSON.parse(autos[0].draftGraph) as { nodes: { type: string }[]; edges: unknown[] };
      expect(escalate.nodes.map((n) => n.type)).toEqual(["manual", "set_variables", "notification"]);
      expect(escalate.edges).toHaveLength(2);
      expect(autos[0]).toMatchObject({ triggerType: "manual", stepCount: 2, status: "DRAFT", publishedVersion: null, createdById: ada.id });
      // "Welcome new customers" is published (version 1, ACTIVE) so live runs work out of the box.
      expect(autos[1]).toMatchObject({ status: "ACTIVE", publishedVersion: 1, stepCount: 4 });
      const v1 = await fresh.db.automationVersion.findUniqueOrThrow({ where: { automationId_number: { automationId: autos[1].id, number: 1 } } });
      expect(v1.graph).toBe(autos[1].draftGraph);
    } finally {
      await fresh.cleanup();
    }
  });

  it("does nothing when any workspace exists", async () => {
    expect(await seedDemo(db)).toEqual({ seeded: false });
    expect(await db.user.count({ where: { email: "admin@acme.test" } })).toBe(0);
  });
});
