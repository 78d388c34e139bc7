import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import superjson from "superjson";
import { createIngressServer } from "@/server/runtime/ingress";
import type { IncomingMessage } from "node:http";
import { createContext } from "@/server/trpc/context";
import { createFrontContext, createTrpcNodeHandler, isTrpcUrl } from "@/server/trpc/node-handler";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { AuthClient, useTestEnv } from "../auth/auth-client";

/**
 * /api/trpc on the production node:http front (server/trpc/node-handler.ts):
 * the same answers as the Next.js route (app/api/trpc/[trpc]/route.ts) byte
 * for byte — queries, batches, mutations, 401 without or with a forged
 * session cookie, 400 with field issues — and Next.js is never asked.
 */
let t: TestDb;
let ws: TestWorkspace;
let route: { GET: (req: Request) => Promise<Response>; POST: (req: Request) => Promise<Response> };
let admin: AuthClient;
let server: Server;
let base: string;
let fallbackCalls = 0;

beforeAll(async () => {
  t = await createTestDb();
  useTestEnv(t.url);
  ws = await seedTestWorkspace(t.db, "trpc-front");
  const { handlers } = await import("@/server/auth");
  route = await import("@/app/api/trpc/[trpc]/route");
  admin = new AuthClient(handlers);
  await admin.signIn(ws.adminEmail, ws.password);
  server = createIngressServer({
    db: t.db,
    fallback: (_req, res) => {
      fallbackCalls++;
      res.writeHead(599).end();
    },
    trpc: createTrpcNodeHandler({ db: t.db }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.cleanup();
});

const q = (input: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(input)));

/** The same request to the front (real HTTP) and to the Next.js route (in process). */
async function both(path: string, init: { method?: string; cookie?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const method = init.method ?? "GET";
  const front = await fetch(`${base}/api/trpc/${path}`, { method, headers, body });
  const req = new Request(`http://localhost:3000/api/trpc/${path}`, { method, headers, body });
  const next = method === "GET" ? await route.GET(req) : await route.POST(req);
  return { front: { status: front.status, type: front.headers.get("content-type"), text: await front.text() }, next: { status: next.status, type: next.headers.get("content-type"), text: await next.text() } };
}

describe("/api/trpc on the node:http front", () => {
  it("matches only /api/trpc/<procedure>", () => {
    expect(isTrpcUrl("/api/trpc/automations.get?input=1")).toBe(true);
    expect(isTrpcUrl("/api/trpc/")).toBe(false);
    expect(isTrpcUrl("/api/trpcx/a")).toBe(false);
  });

  it("answers mutations, queries and batches exactly as the Next.js route does", async () => {
    const cookie = admin.cookieHeader();
    const created = await fetch(`${base}/api/trpc/automations.create`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(superjson.serialize({ name: "Front" })) });
    expect(created.status).toBe(200);
    const { id } = superjson.deserialize<{ id: string }>(((await created.json()) as { result: { data: never } }).result.data);

    const get = await both(`automations.get?input=${q({ id })}`, { cookie });
    expect(get.front.status).toBe(200);
    expect(get.front).toEqual(get.next);
    const auto = superjson.deserialize<{ id: string; name: string; updatedAt: Date }>((JSON.parse(get.front.text) as { result: { data: never } }).result.data);
    expect(auto).toMatchObject({ id, name: "Front" });
    expect(auto.updatedAt).toBeInstanceOf(Date);

    const batchInput = encodeURIComponent(JSON.stringify({ 0: superjson.serialize({ id }), 1: superjson.serialize({}) }));
    const batch = await both(`automations.get,runs.list?batch=1&input=${batchInput}`, { cookie });
    expect(batch.front.status).toBe(200);
    expect(batch.front).toEqual(batch.next);
    expect(JSON.parse(batch.front.text)).toHaveLength(2);
    expect(fallbackCalls).toBe(0);
  });

  it("401 without a session or with a forged cookie; 400 with field issues; 404 for an unknown procedure", async () => {
    const none = await both(`automations.list?input=${q({})}`);
    expect(none.front.status).toBe(401);
    expect(none.front).toEqual(none.next);
    const cookie = admin.cookieHeader();
    const forged = cookie.replace(/(authjs\.session-token=)([^;]{10})/, (_m, name: string, v: string) => `${name}${v.split("").reverse().join("")}`);
    expect(forged).not.toBe(cookie);
    const bad = await both(`automations.list?input=${q({})}`, { cookie: forged });
    expect(bad.front.status).toBe(401);
    expect(bad.front).toEqual(bad.next);
    const invalid = await both("automations.create", { method: "POST", cookie, body: superjson.serialize({ name: "" }) });
    expect(invalid.front.status).toBe(400);
    expect(invalid.front).toEqual(invalid.next);
    expect(JSON.parse(invalid.front.text).error.json.data.zodIssues).toEqual([{ field: "name", message: "name is required (1–120 characters)" }]);
    const unknown = await both(`nope.nothing?input=${q({})}`, { cookie });
    expect(unknown.front.status).toBe(404);
    expect(unknown.front).toEqual(unknown.next);
    expect(fallbackCalls).toBe(0);
  });

  it("its context is createContext's: same session for the cookie, none for a removed member", async () => {
    const cookie = admin.cookieHeader();
    const front = await createFrontContext({ headers: { cookie } } as IncomingMessage, t.db);
    const next = await createContext({ headers: new Headers({ cookie }), db: t.db });
    expect(front.session).not.toBeNull();
    expect(front.session).toEqual(next.session);
    expect((await createFrontContext({ headers: {} } as IncomingMessage, t.db)).session).toBeNull();
    const member = new AuthClient((await import("@/server/auth")).handlers);
    await member.signIn(ws.specialistEmail, ws.password);
    expect((await createFrontContext({ headers: { cookie: member.cookieHeader() } } as IncomingMessage, t.db)).session?.role).toBe("SPECIALIST");
    await t.db.membership.delete({ where: { userId_workspaceId: { userId: ws.specialistId, workspaceId: ws.workspaceId } } });
    expect((await createFrontContext({ headers: { cookie: member.cookieHeader() } } as IncomingMessage, t.db)).session).toBeNull();
    const r = await fetch(`${base}/api/trpc/automations.list?input=${q({})}`, { headers: { cookie: member.cookieHeader() } });
    expect(r.status).toBe(401);
  });

  it("its context carries the socket's address as clientIp (decisions and resumes record it); forged X-Forwarded-For and peer headers are ignored", async () => {
    const forged = { cookie: admin.cookieHeader(), "x-forwarded-for": "6.6.6.6", "x-switchyard-peer": "7.7.7.7" };
    const ctx = await createFrontContext({ headers: forged, socket: { remoteAddress: "::ffff:10.0.0.5" } } as unknown as IncomingMessage, t.db);
    expect(ctx.clientIp).toBe("10.0.0.5");
    expect((await createFrontContext({ headers: {} } as IncomingMessage, t.db)).clientIp).toBe("unknown");
  });

  it("other paths still go to the fallback (Next.js)", async () => {
    const r = await fetch(`${base}/api/trpcx`);
    expect(r.status).toBe(599);
    expect(fallbackCalls).toBe(1);
  });
});
