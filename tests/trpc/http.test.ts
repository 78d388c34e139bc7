import { afterAll, beforeAll, describe, expect, it } from "vitest";
import superjson from "superjson";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { AuthClient, useTestEnv } from "../auth/auth-client";

let t: TestDb;
let ws: TestWorkspace;
let route: { GET: (req: Request) => Promise<Response>; POST: (req: Request) => Promise<Response> };
let admin: AuthClient;

beforeAll(async () => {
  t = await createTestDb();
  useTestEnv(t.url);
  ws = await seedTestWorkspace(t.db, "http");
  const { handlers } = await import("@/server/auth");
  route = await import("@/app/api/trpc/[trpc]/route");
  admin = new AuthClient(handlers);
  await admin.signIn(ws.adminEmail, ws.password);
});
afterAll(async () => {
  await t.cleanup();
});

interface ErrorEnvelope {
  error: { json: { message: string; code: number; data: Record<string, unknown> } };
}

function query(path: string, input: unknown, headers: Headers) {
  const url = `http://localhost:3000/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  return route.GET(new Request(url, { headers }));
}

function mutate(path: string, input: unknown, headers: Headers) {
  headers.set("content-type", "application/json");
  return route.POST(
    new Request(`http://localhost:3000/api/trpc/${path}`, { method: "POST", headers, body: JSON.stringify(superjson.serialize(input)) }),
  );
}

describe("/api/trpc (fetchRequestHandler)", () => {
  it("serves a signed-in user over HTTP with superjson (dates survive)", async () => {
    const created = await mutate("automations.create", { name: "Over HTTP" }, admin.requestHeaders());
    expect(created.status).toBe(200);
    const res = await query("automations.list", {}, admin.requestHeaders());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    const list = superjson.deserialize<Array<{ name: string; updatedAt: Date }>>(body.result.data);
    expect(list.map((a) => a.name)).toEqual(["Over HTTP"]);
    expect(list[0].updatedAt).toBeInstanceOf(Date);
  });

  it("answers 401 without a session, with no stack trace", async () => {
    const res = await query("automations.list", {}, new Headers({ host: "localhost:3000" }));
    expect(res.status).toBe(401);
    const body = (await res.json()) as ErrorEnvelope;
    expect(body.error.json.message).toBe("Sign in to continue");
    expect(body.error.json.data.stack ?? null).toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("answers 400 with a readable message and field issues for invalid input", async () => {
    const res = await mutate("automations.create", { name: "" }, admin.requestHeaders());
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorEnvelope;
    expect(body.error.json.message).toBe("Invalid input — name: name is required (1–120 characters)");
    expect(body.error.json.data.zodIssues).toEqual([{ field: "name", message: "name is required (1–120 characters)" }]);
    expect(body.error.json.data.stack ?? null).toBeNull();
  });

  it("answers 409 with the conflict details for a stale draft save", async () => {
    const list = await (await query("automations.list", {}, admin.requestHeaders())).json();
    const [first] = superjson.deserialize<Array<{ id: string }>>((list as { result: { data: never } }).result.data);
    const graph = { nodes: [], edges: [] };
    expect((await mutate("automations.saveDraft", { id: first.id, graph, baseRevision: 0 }, admin.requestHeaders())).status).toBe(200);
    const res = await mutate("automations.saveDraft", { id: first.id, graph, baseRevision: 0 }, admin.requestHeaders());
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorEnvelope;
    expect(body.error.json.data.appDetails).toMatchObject({ currentRevision: 1, updatedBy: { id: ws.adminId } });
  });
});
