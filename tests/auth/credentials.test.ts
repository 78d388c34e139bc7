import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { verifyCredentials } from "@/server/auth/credentials";
import { authorizeCredentials, InvalidCredentialsError, jwtCallback } from "@/server/auth/callbacks";
import { resolveSessionUser } from "@/server/auth/session";
import { INVALID_CREDENTIALS_MESSAGE, signInErrorMessage } from "@/server/auth/messages";

let t: TestDb;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "creds");
});
afterAll(async () => {
  await t.cleanup();
});

/** Medians of two operations timed alternately (a load spike on the machine hits both alike). */
async function pairedMedians(a: () => Promise<unknown>, b: () => Promise<unknown>, runs = 7): Promise<[number, number]> {
  const ta: number[] = [];
  const tb: number[] = [];
  const time = async (fn: () => Promise<unknown>, into: number[]) => {
    const start = performance.now();
    await fn();
    into.push(performance.now() - start);
  };
  for (let i = 0; i < runs; i++) {
    await time(a, ta);
    await time(b, tb);
  }
  const mid = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(runs / 2)];
  return [mid(ta), mid(tb)];
}

describe("verifyCredentials", () => {
  it("accepts the right password (email case-insensitive) and rejects wrong/unknown/malformed alike", async () => {
    expect(await verifyCredentials(t.db, { email: ` ${ws.adminEmail.toUpperCase()} `, password: ws.password })).toEqual({
      id: ws.adminId,
      email: ws.adminEmail,
      name: expect.any(String),
    });
    expect(await verifyCredentials(t.db, { email: ws.adminEmail, password: "wrong" })).toBeNull();
    expect(await verifyCredentials(t.db, { email: "nobody@test.local", password: ws.password })).toBeNull();
    expect(await verifyCredentials(t.db, { email: 42, password: null })).toBeNull();
    expect(await verifyCredentials(t.db, null)).toBeNull();
  });

  it("spends a password verify on unknown emails too (no user enumeration by timing)", async () => {
    const [wrong, unknown] = await pairedMedians(
      () => verifyCredentials(t.db, { email: ws.adminEmail, password: "wrong-password" }),
      () => verifyCredentials(t.db, { email: "ghost@test.local", password: "wrong-password" }),
    );
    // Without the dummy verify an unknown email costs one indexed lookup (~1 ms) vs a bcrypt
    // compare (~50 ms+): a ratio near 0.02. With it both cost one compare (ratio ~1).
    expect(unknown).toBeGreaterThan(wrong * 0.25);
  });

  it("uses one message for every credentials failure", () => {
    expect(signInErrorMessage("invalid_credentials")).toBe("Email or password is incorrect");
    expect(signInErrorMessage(undefined)).toBe(INVALID_CREDENTIALS_MESSAGE);
  });
});

describe("authorizeCredentials + jwtCallback", () => {
  it("authorize returns the default (oldest) membership; wrong password throws the generic error", async () => {
    const later = await t.db.workspace.create({ data: { name: "Later", slug: `later-${Date.now()}` } });
    await t.db.membership.create({ data: { userId: ws.adminId, workspaceId: later.id, role: "SPECIALIST" } });
    const user = await authorizeCredentials(t.db, { email: ws.adminEmail, password: ws.password });
    expect(user).toMatchObject({ id: ws.adminId, workspaceId: ws.workspaceId, role: "ADMIN" });
    await expect(authorizeCredentials(t.db, { email: ws.adminEmail, password: "nope" })).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
  });

  it("sign-in stores ids and role; update switches only to a real membership (both update shapes)", async () => {
    const token = await jwtCallback(t.db, {
      token: { email: ws.specialistEmail },
      user: { id: ws.specialistId, workspaceId: ws.workspaceId, role: "SPECIALIST" },
      trigger: "signIn",
    });
    expect(token).toMatchObject({ userId: ws.specialistId, sub: ws.specialistId, workspaceId: ws.workspaceId, role: "SPECIALIST" });

    const denied = await jwtCallback(t.db, { token: { ...token }, trigger: "update", session: { workspaceId: ws.otherWorkspaceId } });
    expect(denied.workspaceId).toBe(ws.workspaceId);

    await t.db.membership.create({ data: { userId: ws.specialistId, workspaceId: ws.otherWorkspaceId, role: "OWNER" } });
    const client = await jwtCallback(t.db, { token: { ...token }, trigger: "update", session: { workspaceId: ws.otherWorkspaceId } });
    expect(client).toMatchObject({ workspaceId: ws.otherWorkspaceId, role: "OWNER" });
    const server = await jwtCallback(t.db, { token: { ...token }, trigger: "update", session: { user: { workspaceId: ws.otherWorkspaceId } } });
    expect(server).toMatchObject({ workspaceId: ws.otherWorkspaceId, role: "OWNER" });

    const garbage = await jwtCallback(t.db, { token: { ...token }, trigger: "update", session: { workspaceId: 5 } });
    expect(garbage.workspaceId).toBe(ws.workspaceId);
    // Plain reads leave the token alone.
    expect(await jwtCallback(t.db, { token: { ...token } })).toEqual(token);
  });
});

describe("resolveSessionUser (membership re-check)", () => {
  it("takes the role from the DB and drops sessions whose membership is gone", async () => {
    const u = await t.db.user.create({
      data: { email: `recheck-${Date.now()}@test.local`, name: "Recheck", passwordHash: "x" },
    });
    const m = await t.db.membership.create({ data: { userId: u.id, workspaceId: ws.workspaceId, role: "ADMIN" } });
    const claims = { userId: u.id, workspaceId: ws.workspaceId };
    expect(await resolveSessionUser(t.db, claims)).toMatchObject({ userId: u.id, role: "ADMIN", name: "Recheck" });
    await t.db.membership.update({ where: { id: m.id }, data: { role: "SPECIALIST" } });
    expect((await resolveSessionUser(t.db, claims))?.role).toBe("SPECIALIST");
    await t.db.membership.delete({ where: { id: m.id } });
    expect(await resolveSessionUser(t.db, claims)).toBeNull();
    expect(await resolveSessionUser(t.db, null)).toBeNull();
    expect(await resolveSessionUser(t.db, { userId: u.id })).toBeNull();
  });
});
