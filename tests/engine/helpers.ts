import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import type { Graph, GraphEdge, GraphNode, NodeSettingsInput } from "@/lib/graph/schema";
import { createTestDb, seedTestWorkspace, type TestWorkspace } from "@/server/testing/db";
import { createEngineRuntime, type EngineRuntime, type EngineRuntimeOptions } from "@/server/runtime/runtime";
import type { Actor } from "@/server/services/errors";

/** Engine test environment: a real migrated DB (SQLite file or PostgreSQL), a real runtime. */
export function engineEnv(overrides: Record<string, string> = {}): void {
  process.env.HTTP_ALLOWLIST = "127.0.0.1";
  process.env.ENGINE_TICK_MS = "25";
  process.env.ENGINE_LEASE_MS = "5000";
  process.env.LOG_LEVEL = "error";
  for (const [k, v] of Object.entries(overrides)) process.env[k] = v;
  resetEnvForTests();
}

export interface EngineTest {
  db: Db;
  url: string;
  ws: TestWorkspace;
  admin: Actor;
  rt: EngineRuntime;
  /** a second runtime on the same DB (restart simulation) */
  restart(opts?: Partial<EngineRuntimeOptions>): Promise<EngineRuntime>;
  cleanup(): Promise<void>;
}

export async function setupEngineTest(opts: Partial<EngineRuntimeOptions> = {}): Promise<EngineTest> {
  const t = await createTestDb();
  const ws = await seedTestWorkspace(t.db, "engine");
  const runtimes: EngineRuntime[] = [];
  const make = async (o: Partial<EngineRuntimeOptions>) => {
    const rt = createEngineRuntime({ db: t.db, ...opts, ...o });
    runtimes.push(rt);
    await rt.dispatcher.start();
    return rt;
  };
  const rt = await make({});
  return {
    db: t.db,
    url: t.url,
    ws,
    admin: { userId: ws.adminId, workspaceId: ws.workspaceId, role: "ADMIN" },
    rt,
    restart: (o = {}) => make(o),
    async cleanup() {
      for (const r of runtimes) await r.dispose();
      await t.cleanup();
    },
  };
}

// ------------------------------------------------------------------ graphs

export function node(id: string, type: string, config: Record<string, unknown> = {}, settings?: NodeSettingsInput, name?: string): GraphNode {
  return { id, type, name: name ?? id, config, position: { x: 0, y: 0 }, ...(settings ? { settings: settings as GraphNode["settings"] } : {}) };
}

let edgeSeq = 0;
export function edge(source: string, target: string, sourceHandle = "next"): GraphEdge {
  edgeSeq += 1;
  return { id: `e${edgeSeq}`, source, target, sourceHandle };
}

/** A linear chain: trigger → a → b …, every edge on "next". */
export function chain(nodes: GraphNode[]): Graph {
  const edges: GraphEdge[] = [];
  for (let i = 1; i < nodes.length; i++) edges.push(edge(nodes[i - 1].id, nodes[i].id));
  return { nodes, edges };
}

export const trigger = () => node("trigger", "manual", { sampleData: {} }, undefined, "Trigger");
export const setVars = (id: string, vars: Record<string, string>, settings?: NodeSettingsInput) =>
  node(id, "set_variables", { variables: Object.entries(vars).map(([key, value]) => ({ key, value })) }, settings);
export const http = (id: string, url: string, settings?: NodeSettingsInput, extra: Record<string, unknown> = {}) =>
  node(id, "http_request", { method: "POST", url, bodyType: "json", body: "{}", ...extra }, settings);

/** Creates an automation whose draft and published version 1 are `graph`. */
export async function createAutomation(
  db: Db,
  workspaceId: string,
  graph: Graph,
  opts: { conditions?: unknown[]; publish?: boolean; name?: string } = {},
): Promise<{ automationId: string; versionId: string | null }> {
  const graphText = JSON.stringify(graph);
  const conditions = JSON.stringify(opts.conditions ?? []);
  const a = await db.automation.create({
    data: { workspaceId, name: opts.name ?? "Engine test", draftGraph: graphText, conditions, status: "ACTIVE", stepCount: graph.nodes.length },
  });
  if (opts.publish === false) return { automationId: a.id, versionId: null };
  const v = await db.automationVersion.create({ data: { automationId: a.id, workspaceId, number: 1, graph: graphText, conditions } });
  await db.automation.update({ where: { id: a.id }, data: { publishedVersion: 1 } });
  return { automationId: a.id, versionId: v.id };
}

// ------------------------------------------------------------------ waiting

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function waitForStatus(db: Db, runId: string, statuses: string[], timeoutMs = 15_000) {
  return waitFor(
    `run ${runId} to reach ${statuses.join("/")}`,
    async () => {
      const r = await db.run.findUnique({ where: { id: runId } });
      return r && statuses.includes(r.status) ? r : null;
    },
    timeoutMs,
  );
}

export async function stepsOf(db: Db, runId: string) {
  return db.stepRun.findMany({ where: { runId }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] });
}

// ------------------------------------------------------------------ local HTTP server

export interface TestServer {
  url: string;
  requests: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string; at: number }>;
  close(): Promise<void>;
}

export async function startServer(handler: (req: IncomingMessage, res: ServerResponse, body: string, n: number) => void | Promise<void>): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: Date.now() });
      void handler(req, res, body, requests.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
