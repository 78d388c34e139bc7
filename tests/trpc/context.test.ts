import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { AuthClient, useTestEnv } from "../auth/auth-client";
import { createContext } from "@/server/trpc/context";
import { createCaller, expectTrpcError } from "./harness";

let t: TestDb;
let ws: TestWorkspace;
let handlers: ConstructorParameters<typeof AuthClient>[0];

beforeAll(async () => {
  t = await createTestDb();
  useTestEnv(t.url);
  ws = await seedTestWorkspace(t.db, "context");
  ({ handlers } = await import("@/server/auth"));
});
afterAll(async () => {
  await t.cleanup();
});

describe("createContext({ headers }) with a real session cookie", () => {
  it("reads the session via next-auth and re-checks the membership in the DB", async () => {
    const client = new AuthClient(handlers);
    await client.signIn(ws.adminEmail, ws.password);
    const ctx = await createContext({ headers: client.requestHeaders(), db: t.db });
    expect(ctx.session).toEqual({
      userId: ws.adminId,
      email: ws.adminEmail,
      name: expect.any(String),
      workspaceId: ws.workspaceId,
      role: "ADMIN",
    });
    // The same context through the process-wide DB client (as the route handler does).
    expect((await createContext({ headers: client.requestHeaders() })).session?.userId).toBe(ws.adminId);
  });

  it("no cookie or a forged cookie → session null → UNAUTHORIZED", async () => {
    expect((await createContext({ headers: new Headers({ host: "localhost:3000" }), db: t.db })).session).toBeNull();
    const forged = new Headers({ host: "localhost:3000", cookie: "authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged" });
    const ctx = await createContext({ headers: forged, db: t.db });
    expect(ctx.session).toBeNull();
    await expectTrpcError(createCaller(ctx).automations.list(), "UNAUTHORIZED");
  });

  it("the DB's role wins over the JWT's, and a removed membership ends the session", async () => {
    const email = `demoted-${Date.now()}@test.local`;
    const hash = (await t.db.user.findUniqueOrThrow({ where: { id: ws.adminId } })).passwordHash;
    const user = await t.db.user.create({
      data: { email, name: "Demoted", passwordHash: hash, memberships: { create: { workspaceId: ws.workspaceId, role: "ADMIN" } } },
    });
    const client = new AuthClient(handlers);
    await client.signIn(email, ws.password);
    expect((await client.session())?.user.role).toBe("ADMIN");

    await t.db.membership.update({
      where: { userId_workspaceId: { userId: user.id, workspaceId: ws.workspaceId } },
      data: { role: "SPECIALIST" },
    });
    const demoted = await createContext({ headers: client.requestHeaders(), db: t.db });
    expect(demoted.session?.role).toBe("SPECIALIST");
    await expectTrpcError(createCaller(demoted).automations.create({ name: "Not allowed" }), "FORBIDDEN");

    await t.db.membership.delete({ where: { userId_workspaceId: { userId: user.id, workspaceId: ws.workspaceId } } });
    const removed = await createContext({ headers: client.requestHeaders(), db: t.db });
    expect(removed.session).toBeNull();
    await expectTrpcError(createCaller(removed).workspace.me(), "UNAUTHORIZED");
  });
});
