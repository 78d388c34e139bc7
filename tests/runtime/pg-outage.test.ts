import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, prepareDb, type Db } from "@/server/db";
import { env } from "@/server/env";
import { createLogger } from "@/server/log";
import { createEngineRuntime, type EngineRuntime } from "@/server/runtime/runtime";
import { createRun } from "@/server/services/runs/create-run";
import { createPostgresTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { chain, createAutomation, engineEnv, http, setVars, startServer, trigger, waitFor, type TestServer } from "../engine/helpers";

/**
 * Issue 13 item 2, PostgreSQL briefly down: a real engine runtime (embedded
 * dispatcher, LISTEN/NOTIFY wake-ups) connected to PostgreSQL through a TCP
 * proxy that drops every connection and refuses new ones for 2 s. Always on
 * PostgreSQL: the test makes its own `sy_test_` database on the local server
 * (TEST_DATABASE_URL's server when that is PostgreSQL), whatever the suite runs on.
 * The runtime's ticker is a minute, so after the outage only its wake-up
 * listener can bring work to it: its reconnect claims what was created during
 * the outage, and NOTIFYs of runs created afterwards reach it again. The same
 * runtime, never restarted, completes every run; no promise rejection goes unhandled.
 */
const PG_SERVER = (() => {
  const u = env().TEST_DATABASE_URL;
  return u && /^postgres(ql)?:\/\//.test(u) ? u : "postgres://postgres@127.0.0.1:5432/postgres";
})();
const OUTAGE_MS = 2000;

describe("PostgreSQL briefly down: the runtime reconnects without a restart", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let proxy: TcpProxy;
  let viaProxy: Db;
  let rt: EngineRuntime;
  let api: TestServer;
  const unhandled: unknown[] = [];
  const onUnhandled = (err: unknown) => unhandled.push(err);
  const logLines: { level: string; msg: string }[] = [];
  const logger = createLogger({ level: "info", format: "json", destination: { write: (s: string) => void logLines.push(JSON.parse(s) as { level: string; msg: string }) } });

  beforeAll(async () => {
    engineEnv();
    process.on("unhandledRejection", onUnhandled);
    t = await createPostgresTestDb(PG_SERVER);
    ws = await seedTestWorkspace(t.db, "pg-outage");
    const target = new URL(t.url);
    proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    target.host = `127.0.0.1:${proxy.port}`;
    viaProxy = createDb(target.toString());
    await prepareDb(viaProxy, target.toString());
    api = await startServer((_req, res) => {
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'), 100).unref();
    });
    rt = createEngineRuntime({ db: viaProxy, listenUrl: target.toString(), tickMs: 60_000, leaseMs: 1500, concurrency: 4, registerSignal: false, logger });
    await rt.dispatcher.start();
  });
  afterAll(async () => {
    await rt?.dispose();
    await viaProxy?.$disconnect();
    await proxy?.close();
    await api?.close();
    await t?.cleanup();
    process.off("unhandledRejection", onUnhandled);
  });

  it("runs created before, during and after a 2 s outage all complete on the same runtime", async () => {
    const { automationId } = await createAutomation(t.db, ws.workspaceId, chain([trigger(), http("call", `${api.url}/x`), setVars("end", { ok: "yes" })]));
    // Created through the direct connection: only the NOTIFY (or the listener's reconnect) reaches the runtime.
    const create = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { i } }, t.db)).runId);
      return ids;
    };
    const completed = (ids: string[], timeoutMs: number) =>
      waitFor(`${ids.length} runs COMPLETED`, async () => (await t.db.run.count({ where: { id: { in: ids }, status: "COMPLETED" } })) === ids.length, timeoutMs);
    const listener = async () =>
      (await t.db.$queryRawUnsafe<{ started: Date }[]>(`SELECT backend_start AS started FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'switchyard-wakeups'`))[0]?.started;

    const before = await create(4);
    await completed(before, 10_000);
    const firstListener = await listener();
    expect(firstListener).toBeInstanceOf(Date);

    // Down: every connection through the proxy is cut (the pool's idle clients and the LISTEN session), new ones refused.
    await proxy.down();
    const downAt = Date.now();
    const during = await create(4);
    // A query through the runtime's pool fails fast (connection refused) instead of hanging or crashing the process.
    await expect(viaProxy.run.count()).rejects.toThrow();
    await new Promise((r) => setTimeout(r, Math.max(0, downAt + OUTAGE_MS - Date.now())));
    expect(await t.db.run.count({ where: { id: { in: during }, status: "QUEUED" } })).toBe(during.length);
    await proxy.up();

    // Back: the listener reconnects (backoff at most a few seconds) and its reconnect claims what was missed.
    await completed(during, 15_000);
    const secondListener = await waitFor("the LISTEN session back", async () => {
      const s = await listener();
      return s && firstListener && s.getTime() > firstListener.getTime() ? s : null;
    });
    expect(secondListener.getTime()).toBeGreaterThanOrEqual(downAt);

    // After: NOTIFY wakes it again (its ticker would take a minute), and the pool serves the engine's writes.
    const after = await create(4);
    await completed(after, 5_000);
    for (const id of [...before, ...during, ...after]) {
      const steps = await t.db.stepRun.findMany({ where: { runId: id, status: "SUCCEEDED" }, select: { nodeId: true } });
      expect(steps.map((s) => s.nodeId).sort()).toEqual(["call", "end", "trigger"]);
    }
    expect(unhandled).toEqual([]);
    // The listener warned once for the whole outage (not once per attempt) and said when it was back.
    const wakeupLines = logLines.filter((l) => l.msg.startsWith("run wake-up listener"));
    expect(wakeupLines.filter((l) => l.level === "warn")).toHaveLength(1);
    expect(wakeupLines.filter((l) => l.msg === "run wake-up listener reconnected")).toHaveLength(1);
  }, 40_000);
});
