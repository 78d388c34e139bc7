import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { engineStatusOf } from "@/server/ops/engine-status";
import { createOpsFront, opsRouteResponse } from "@/server/ops/http";
import type { Check, ProbeDeps, Readiness } from "@/server/ops/probes";
import { createIngressServer } from "@/server/runtime/ingress";
import { createEngineRuntime, type EngineRuntime } from "@/server/runtime/runtime";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { ScheduleTicker } from "@/server/triggers/schedule/ticker";
import pkg from "@/package.json";

/**
 * /api/health and /api/ready served by the production front's handler
 * (server/runtime/ingress.ts with server/ops's `before` hook, as scripts/serve.ts
 * mounts it) on 127.0.0.1, against real databases (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL), a real engine runtime and ticker, and real Redis.
 */
process.env.LOG_LEVEL = "error";
process.env.ENGINE_TICK_MS = "50";
resetEnvForTests();

interface Front {
  url: string;
  close(): Promise<void>;
}

async function serve(db: Db, deps: ProbeDeps): Promise<Front> {
  const server: Server = createIngressServer({
    db,
    before: createOpsFront({ probes: () => deps }),
    fallback: (_req, res) => void res.writeHead(418).end(),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const check = (r: Readiness, name: Check["name"]) => {
  const c = r.checks.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} check in ${JSON.stringify(r)}`);
  return c;
};

async function ready(front: Front): Promise<{ status: number; body: Readiness }> {
  const res = await fetch(`${front.url}/api/ready`);
  expect(res.headers.get("content-type")).toContain("application/json");
  expect(res.headers.get("cache-control")).toBe("no-store");
  return { status: res.status, body: (await res.json()) as Readiness };
}

describe("probes", () => {
  let t: TestDb;
  let rt: EngineRuntime;
  let ticker: ScheduleTicker;
  const fronts: Front[] = [];
  const extraDbs: TestDb[] = [];
  const clients: Db[] = [];

  const depsFor = (over: Partial<ProbeDeps> = {}): ProbeDeps => ({
    databaseUrl: t.url,
    db: async () => t.db,
    engineExpected: true,
    engine: () => engineStatusOf(rt.dispatcher, ticker),
    queueMode: "embedded",
    redisUrl: "redis://127.0.0.1:6379",
    timeoutMs: 2_000,
    ...over,
  });
  const front = async (over: Partial<ProbeDeps> = {}) => {
    const f = await serve(t.db, depsFor(over));
    fronts.push(f);
    return f;
  };

  beforeAll(async () => {
    t = await createTestDb();
    rt = createEngineRuntime({ db: t.db, registerSignal: false });
    await rt.dispatcher.start();
    ticker = new ScheduleTicker({ db: t.db, periodMs: 1_000 });
    ticker.start();
  });

  afterAll(async () => {
    for (const f of fronts) await f.close();
    await ticker.stop();
    await rt.dispose();
    for (const c of clients) await c.$disconnect().catch(() => undefined);
    for (const d of extraDbs) await d.cleanup();
    await t.cleanup();
  });

  it("health answers 200 with uptime and version, without touching the database", async () => {
    // A front whose database cannot even be reached: health does not care.
    const f = await front({ databaseUrl: "postgres://nobody:secret@127.0.0.1:1/none", db: () => Promise.reject(new Error("must not be called")) });
    const res = await fetch(`${f.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { status: string; uptime_s: number; version: string };
    expect(body).toEqual({ status: "ok", uptime_s: expect.any(Number), version: pkg.version });
    expect(body.uptime_s).toBeGreaterThan(0);
    const head = await fetch(`${f.url}/api/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await fetch(`${f.url}/api/health`, { method: "POST" });
    expect(post.status).toBe(405);
  });

  it(`ready: 200 with every check ok on ${process.env.TEST_DATABASE_URL?.startsWith("postgres") ? "PostgreSQL" : "SQLite"}`, async () => {
    const f = await front();
    const { status, body } = await ready(f);
    expect(status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.map((c) => c.name)).toEqual(["database", "migrations", "dispatcher", "ticker", "redis"]);
    for (const name of ["database", "migrations", "dispatcher", "ticker"] as const) expect(check(body, name).status, JSON.stringify(check(body, name))).toBe("ok");
    expect(check(body, "redis")).toMatchObject({ status: "skipped", detail: expect.stringContaining("QUEUE_MODE=embedded") });
    expect(check(body, "migrations").detail).toMatch(/^\d+ applied, none pending$/);
    for (const c of body.checks) expect(typeof c.duration_ms).toBe("number");
    // Cheap: probed in a burst, it stays fast and never gets throttled.
    const burst = await Promise.all(Array.from({ length: 20 }, () => fetch(`${f.url}/api/ready`).then((r) => r.status)));
    expect(burst.every((s) => s === 200)).toBe(true);
  });

  it("ready: 503 with the database check failing when the SQLite file is missing", async () => {
    const missing = `file:${path.join(os.tmpdir(), `switchyard-missing-${Date.now()}`, "nope.db")}`;
    const f = await front({ databaseUrl: missing, db: () => Promise.reject(new Error("must not open (it would create the file)")) });
    const { status, body } = await ready(f);
    expect(status).toBe(503);
    expect(body.status).toBe("not_ready");
    expect(check(body, "database")).toMatchObject({ status: "fail", detail: "the SQLite database file does not exist" });
    expect(check(body, "migrations")).toMatchObject({ status: "skipped", detail: "the database is unreachable" });
    // The engine checks still report on their own.
    expect(check(body, "dispatcher").status).toBe("ok");
  });

  it("ready: 503 with the database check failing when PostgreSQL does not answer (closed port); no credentials in the answer", async () => {
    const url = "postgres://switchyard:hunter2-secret@127.0.0.1:1/switchyard";
    const client = createDb(url);
    clients.push(client);
    const f = await front({ databaseUrl: url, db: async () => client });
    const res = await fetch(`${f.url}/api/ready`);
    const text = await res.text();
    expect(res.status).toBe(503);
    const body = JSON.parse(text) as Readiness;
    expect(check(body, "database").status).toBe("fail");
    expect(check(body, "database").detail.length).toBeGreaterThan(0);
    expect(check(body, "migrations").status).toBe("skipped");
    expect(text).not.toContain("hunter2-secret");
  });

  it("ready: 503 with the migrations check failing when one applied migration is missing", async () => {
    const other = await createTestDb();
    extraDbs.push(other);
    const [last] = await other.db.$queryRawUnsafe<Array<{ migration_name: string }>>(
      `SELECT "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`,
    );
    await other.db.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE "migration_name" = '${last.migration_name}'`);
    const f = await front({ databaseUrl: other.url, db: async () => other.db });
    const { status, body } = await ready(f);
    expect(status).toBe(503);
    expect(check(body, "database").status).toBe("ok");
    expect(check(body, "migrations")).toMatchObject({ status: "fail", detail: expect.stringContaining(last.migration_name) });
    expect(check(body, "migrations").detail).toContain("1 pending migration(s)");
  });

  it("ready: 503 when the dispatcher or the ticker is not running; engine checks skipped with ENGINE_EMBEDDED=false", async () => {
    const stoppedTicker = new ScheduleTicker({ db: t.db });
    const f = await front({ engine: () => engineStatusOf(rt.dispatcher, stoppedTicker) });
    const r1 = await ready(f);
    expect(r1.status).toBe(503);
    expect(check(r1.body, "ticker")).toMatchObject({ status: "fail", detail: "stopped" });
    expect(check(r1.body, "dispatcher").status).toBe("ok");

    const none = await front({ engine: () => null });
    const r2 = await ready(none);
    expect(r2.status).toBe(503);
    expect(check(r2.body, "dispatcher")).toMatchObject({ status: "fail", detail: "the engine has not started in this process" });

    const webOnly = await front({ engineExpected: false, engine: () => null });
    const r3 = await ready(webOnly);
    expect(r3.status).toBe(200);
    expect(check(r3.body, "dispatcher")).toMatchObject({ status: "skipped", detail: expect.stringContaining("ENGINE_EMBEDDED=false") });
    expect(check(r3.body, "ticker").status).toBe("skipped");
  });

  it("QUEUE_MODE=bullmq: ready with real Redis up (PING), degraded (200: runs are still accepted) with the redis check failing on a closed port", async () => {
    const up = await front({ queueMode: "bullmq", redisUrl: "redis://127.0.0.1:6379" });
    const r1 = await ready(up);
    expect(check(r1.body, "redis")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^PONG in \d+ ms$/) });
    expect(r1.status).toBe(200);

    const down = await front({ queueMode: "bullmq", redisUrl: "redis://:very-secret-pw@127.0.0.1:1" });
    const res = await fetch(`${down.url}/api/ready`);
    const text = await res.text();
    expect(res.status).toBe(200);
    const body = JSON.parse(text) as Readiness;
    expect(body.status).toBe("degraded");
    expect(body.checks.filter((c) => c.status === "fail").map((c) => c.name)).toEqual(["redis"]);
    expect(check(body, "redis").detail).toContain("cannot reach Redis at 127.0.0.1:1");
    expect(text).not.toContain("very-secret-pw");
  });

  it("the Next.js route (next dev) answers health through the same service", async () => {
    const res = await opsRouteResponse("health", new Request("http://localhost/api/health"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", version: pkg.version });
  });
});
