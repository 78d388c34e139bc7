import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createSignInThrottle, resetSignInThrottleForTests, SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_FAILURES_PER_ADDRESS } from "@/server/auth/sign-in-throttle";
import { authorizeCredentials, SignInRateLimitedError } from "@/server/auth/callbacks";
import { signInErrorMessage } from "@/server/auth/messages";
import * as password from "@/server/auth/password";
import { AuthClient, useTestEnv } from "./auth-client";
import { PEER_HEADER } from "@/server/security/client-ip";

// Count the password checks (real bcrypt underneath): a refused attempt must not reach them.
vi.mock("@/server/auth/password", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/server/auth/password")>();
  return { ...m, verifyPassword: vi.fn(m.verifyPassword), dummyVerifyPassword: vi.fn(m.dummyVerifyPassword) };
});
const checks = () => vi.mocked(password.verifyPassword).mock.calls.length + vi.mocked(password.dummyVerifyPassword).mock.calls.length;

let t: TestDb;
let ws: TestWorkspace;
let handlers: { GET: (r: NextRequest) => Promise<Response>; POST: (r: NextRequest) => Promise<Response> };
let POST: (r: NextRequest) => Promise<Response>;
let clock = Date.now();

beforeAll(async () => {
  t = await createTestDb();
  useTestEnv(t.url);
  ws = await seedTestWorkspace(t.db, "throttle");
  ({ handlers } = (await import("@/server/auth")) as unknown as { handlers: typeof handlers });
  ({ POST } = await import("@/app/api/auth/[...nextauth]/route"));
});
afterAll(async () => {
  await t.cleanup();
});
beforeEach(() => {
  clock = Date.now();
  resetSignInThrottleForTests(createSignInThrottle(() => clock));
  vi.mocked(password.verifyPassword).mockClear();
  vi.mocked(password.dummyVerifyPassword).mockClear();
});

/** POSTs the credentials form through the app's route (the 429 wrapper around Auth.js). */
async function attempt(email: string, pw: string, ip?: string, forwardedFor?: string): Promise<Response> {
  const client = new AuthClient({ GET: handlers.GET, POST });
  const csrfToken = await client.csrfToken();
  const headers = new Headers({ cookie: client.cookieHeader(), host: "localhost:3000", "content-type": "application/x-www-form-urlencoded" });
  // The HTTP front stamps the TCP peer (server/runtime/ingress.ts); X-Forwarded-For is the client's to write.
  if (ip) headers.set(PEER_HEADER, ip);
  if (forwardedFor) headers.set("x-forwarded-for", forwardedFor);
  return POST(
    new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
      method: "POST",
      headers,
      body: new URLSearchParams({ csrfToken, email, password: pw, callbackUrl: "http://localhost:3000/automations" }).toString(),
    }),
  );
}

describe("sign-in throttling (per account and per address, same token buckets as REST)", () => {
  it("30 wrong passwords in a row: only the first few are checked, the rest answer 429 with Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await attempt(ws.adminEmail, `wrong-${i}`)).status);
    expect(statuses.slice(0, SIGN_IN_FAILURES_PER_ACCOUNT).every((s) => s === 302)).toBe(true);
    expect(statuses.slice(SIGN_IN_FAILURES_PER_ACCOUNT).every((s) => s === 429)).toBe(true);
    expect(checks()).toBe(SIGN_IN_FAILURES_PER_ACCOUNT);

    const refused = await attempt(ws.adminEmail, ws.password);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get("retry-after"));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { error: { code: string; message: string; details: { retry_after_seconds: number } } };
    expect(body.error).toMatchObject({ code: "rate_limited", details: { retry_after_seconds: wait } });
    expect(body.error.message).toMatch(/Too many failed sign-in attempts\. Try again in \d+ seconds?\./);
    expect(checks()).toBe(SIGN_IN_FAILURES_PER_ACCOUNT); // even the right password was not checked

    // Once the window passes, the right password works (a redirect to the app with a session cookie).
    clock += wait * 1000;
    const ok = await attempt(ws.adminEmail, ws.password);
    expect(ok.status).toBe(302);
    expect(new URL(ok.headers.get("location")!).pathname).toBe("/automations");
    expect(ok.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token"))).toBe(true);
  });

  it("answers an unknown email exactly like an existing one (same statuses, same body, same Retry-After)", async () => {
    const run = async (email: string) => {
      const out: Array<{ status: number; location: string | null; retry: string | null; body: string }> = [];
      for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT + 2; i++) {
        const r = await attempt(email, "wrong-password");
        const location = r.headers.get("location");
        out.push({ status: r.status, location: location ? new URL(location).search : null, retry: r.headers.get("retry-after"), body: r.status === 429 ? await r.text() : "" });
      }
      return out;
    };
    const existing = await run(ws.specialistEmail);
    resetSignInThrottleForTests(createSignInThrottle(() => clock));
    const unknown = await run("nobody-here@test.local");
    expect(unknown).toEqual(existing);
    expect(existing.at(-1)?.status).toBe(429);
  });

  it("throttles one address spraying many accounts, while other addresses still sign in", async () => {
    const throttle = createSignInThrottle(() => clock);
    const creds = (email: string, pw: string) => ({ email, password: pw });
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS; i++) {
      await expect(authorizeCredentials(t.db, creds(`spray-${i}@test.local`, "x"), "203.0.113.9", throttle)).rejects.not.toBeInstanceOf(SignInRateLimitedError);
    }
    const before = checks();
    const refused = await authorizeCredentials(t.db, creds(ws.adminEmail, ws.password), "203.0.113.9", throttle).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SignInRateLimitedError);
    expect(signInErrorMessage((refused as SignInRateLimitedError).code)).toMatch(/Try again in/);
    expect(checks()).toBe(before);
    await expect(authorizeCredentials(t.db, creds(ws.adminEmail, ws.password), "198.51.100.7", throttle)).resolves.toMatchObject({ email: ws.adminEmail });
    // Through the route the address is the TCP peer (TRUST_PROXY=0): a made-up X-Forwarded-For changes nothing.
    resetSignInThrottleForTests(throttle);
    expect((await attempt(ws.adminEmail, ws.password, "203.0.113.9")).status).toBe(429);
    for (const spoof of ["198.51.100.77", "10.0.0.1, 198.51.100.78"]) expect((await attempt(ws.adminEmail, ws.password, "203.0.113.9", spoof)).status).toBe(429);
    expect((await attempt(ws.adminEmail, ws.password, "198.51.100.8")).status).toBe(302);
  });

  it("counts failures only: successful sign-ins never use up the budget", async () => {
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT * 3; i++) expect((await attempt(ws.adminEmail, ws.password)).status).toBe(302);
  });
});
