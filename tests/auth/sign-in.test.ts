import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { AuthClient, useTestEnv } from "./auth-client";

let t: TestDb;
let ws: TestWorkspace;
let handlers: ConstructorParameters<typeof AuthClient>[0];

beforeAll(async () => {
  t = await createTestDb();
  useTestEnv(t.url);
  ws = await seedTestWorkspace(t.db, "signin");
  ({ handlers } = await import("@/server/auth"));
});
afterAll(async () => {
  await t.cleanup();
});

describe("credentials sign-in (real next-auth route handlers)", () => {
  it("signs in with email + password: JWT session carries user id, default workspace and role", async () => {
    const client = new AuthClient(handlers);
    const target = await client.signIn(ws.adminEmail.toUpperCase(), ws.password);
    expect(target.pathname).toBe("/automations");
    expect(client.hasSessionCookie()).toBe(true);
    const session = await client.session();
    expect(session?.user).toMatchObject({
      id: ws.adminId,
      email: ws.adminEmail,
      workspaceId: ws.workspaceId,
      role: "ADMIN",
    });
    expect(JSON.stringify(session)).not.toContain("passwordHash");
  });

  it("answers a wrong password and an unknown email with the same generic error on /login", async () => {
    const wrong = await new AuthClient(handlers).signIn(ws.adminEmail, "not-the-password");
    const unknown = await new AuthClient(handlers).signIn("nobody@test.local", "whatever-password");
    for (const target of [wrong, unknown]) {
      expect(target.pathname).toBe("/login");
      expect(target.searchParams.get("error")).toBe("CredentialsSignin");
      expect(target.searchParams.get("code")).toBe("invalid_credentials");
    }
  });

  it("defaults to the oldest membership and switches workspace with update({ workspaceId }) only for members", async () => {
    const multi = await t.db.user.findUniqueOrThrow({ where: { id: ws.specialistId } });
    // specialist also joins the other workspace later as ADMIN
    await t.db.membership.create({ data: { userId: multi.id, workspaceId: ws.otherWorkspaceId, role: "ADMIN" } });
    const client = new AuthClient(handlers);
    await client.signIn(ws.specialistEmail, ws.password);
    expect((await client.session())?.user).toMatchObject({ workspaceId: ws.workspaceId, role: "SPECIALIST" });

    const switched = await client.update({ workspaceId: ws.otherWorkspaceId });
    expect(switched?.user).toMatchObject({ workspaceId: ws.otherWorkspaceId, role: "ADMIN" });
    expect((await client.session())?.user.workspaceId).toBe(ws.otherWorkspaceId);

    // Not a member of this one: the token keeps the current workspace.
    const stranger = await t.db.workspace.create({ data: { name: "Stranger", slug: `stranger-${Date.now()}` } });
    const refused = await client.update({ workspaceId: stranger.id });
    expect(refused?.user.workspaceId).toBe(ws.otherWorkspaceId);

    // Back to the first one.
    expect((await client.update({ workspaceId: ws.workspaceId }))?.user).toMatchObject({
      workspaceId: ws.workspaceId,
      role: "SPECIALIST",
    });
  });

  it("refuses a user without any workspace with a specific code", async () => {
    const hash = (await t.db.user.findUniqueOrThrow({ where: { id: ws.adminId } })).passwordHash;
    await t.db.user.create({ data: { email: "lonely@test.local", name: "Lonely", passwordHash: hash } });
    const target = await new AuthClient(handlers).signIn("lonely@test.local", ws.password);
    expect(target.pathname).toBe("/login");
    expect(target.searchParams.get("code")).toBe("no_workspace");
  });

  it("signs out: the session cookie is cleared and the session is gone", async () => {
    const client = new AuthClient(handlers);
    await client.signIn(ws.adminEmail, ws.password);
    expect(await client.session()).not.toBeNull();
    await client.signOut();
    expect(client.hasSessionCookie()).toBe(false);
    expect(await client.session()).toBeNull();
  });
});
