import { beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { readAuthSession } from "@/server/auth/read-session";
import { useTestEnv } from "./auth-client";

const SECRET = "test-secret-test-secret-test-secret-0123456789";
const NAME = "authjs.session-token";
const claims = { sub: "u1", userId: "u1", workspaceId: "w1", role: "ADMIN" as const, name: "Ada", email: "ada@test.local" };
const cookie = (pairs: Record<string, string>) => new Headers({ cookie: Object.entries(pairs).map(([k, v]) => `${k}=${v}`).join("; ") });

beforeAll(() => useTestEnv("file:/nonexistent.db"));

describe("readAuthSession (decode the session JWT, no re-issue)", () => {
  it("reads id, workspace and role from a valid cookie (plain or __Secure-)", async () => {
    for (const name of [NAME, `__Secure-${NAME}`]) {
      const token = await encode({ token: claims, secret: SECRET, salt: name });
      const s = await readAuthSession(cookie({ other: "x", [name]: token }));
      expect(s?.user).toMatchObject({ id: "u1", workspaceId: "w1", role: "ADMIN", email: "ada@test.local" });
    }
  });

  it("rejects tampered, foreign-secret, wrong-salt and expired tokens, and no cookie", async () => {
    const token = await encode({ token: claims, secret: SECRET, salt: NAME });
    const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await readAuthSession(cookie({ [NAME]: tampered }))).toBeNull();
    expect(await readAuthSession(cookie({ [NAME]: await encode({ token: claims, secret: "another-secret-another-secret-0123456789", salt: NAME }) }))).toBeNull();
    expect(await readAuthSession(cookie({ [NAME]: await encode({ token: claims, secret: SECRET, salt: `__Secure-${NAME}` }) }))).toBeNull();
    const short = await encode({ token: claims, secret: SECRET, salt: NAME, maxAge: 60 });
    expect(await readAuthSession(cookie({ [NAME]: short }))).not.toBeNull();
    // Cached by text, but never past the token's own expiry.
    expect(await readAuthSession(cookie({ [NAME]: short }), Date.now() + 120_000)).toBeNull();
    expect(await readAuthSession(new Headers())).toBeNull();
  });

  it("joins chunked cookies (name.0, name.1)", async () => {
    const token = await encode({ token: claims, secret: SECRET, salt: NAME });
    const mid = Math.floor(token.length / 2);
    const s = await readAuthSession(cookie({ [`${NAME}.1`]: token.slice(mid), [`${NAME}.0`]: token.slice(0, mid) }));
    expect(s?.user).toMatchObject({ id: "u1" });
  });
});
