/**
 * Memory plateau: one long-lived engine runtime in this process executes
 * 1k, 10k and 20k runs (BENCH_RSS_RUNS, default 20,000) of the bench graph with
 * an HTTP step added (against a local server, so the HTTP client is covered); RSS
 * and heap are read after a full GC at each checkpoint. A server must not grow
 * with the number of runs it has executed: growth from 10k to 20k ≤ 10 %.
 * The sizes of the engine's long-lived maps are printed with each checkpoint,
 * so a leak shows where it is.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import type { Db } from "../server/db";
import { createEngineRuntime, type EngineRuntime } from "../server/runtime/runtime";
import { createRun } from "../server/services/runs/create-run";
import { mb, seedAutomation, type BenchGraph } from "./setup";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const BATCH = 500;

export interface RssPoint {
  runs: number;
  rss: number;
  heapUsed: number;
  external: number;
  maps: string;
}

/** Sizes of every Map/Set held by the dispatcher and the process-wide engine registries. */
function mapSizes(rt: EngineRuntime): string {
  const sizes: string[] = [];
  const scan = (owner: string, obj: object) => {
    for (const [k, v] of Object.entries(obj)) if (v instanceof Map || v instanceof Set) sizes.push(`${owner}.${k}=${v.size}`);
  };
  scan("dispatcher", rt.dispatcher);
  for (const sym of Object.getOwnPropertySymbols(globalThis)) {
    const v: unknown = (globalThis as unknown as Record<symbol, unknown>)[sym];
    if (v instanceof Map || v instanceof Set) sizes.push(`${sym.description ?? "symbol"}=${v.size}`);
  }
  return sizes.join(" ");
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The bench graph with an HTTP step (POST to `url`) after its first node that follows the trigger's successor. */
function withHttpStep(graph: BenchGraph, url: string): BenchGraph {
  const [first] = graph.edges.filter((e) => e.source !== "trigger" && e.source !== "check");
  const http = {
    id: "call",
    type: "http_request",
    name: "Call",
    config: { method: "POST", url, bodyType: "json", body: '{"customer":"{{trigger.customer}}"}' },
    position: { x: 300, y: 0 },
  };
  return {
    nodes: [...graph.nodes, http],
    edges: [
      ...graph.edges.filter((e) => e !== first),
      { id: "h1", source: first.source, sourceHandle: first.sourceHandle, target: "call" },
      { id: "h2", source: "call", sourceHandle: "next", target: first.target },
    ],
  };
}

export async function rssPlateau(db: Db, graph: BenchGraph, total: number, concurrency: number): Promise<RssPoint[]> {
  const checkpoints = [1000, 10_000, 20_000].filter((n) => n < total).concat(total);
  const api = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/hook`;
  const { workspaceId, automationId } = await seedAutomation(db, withHttpStep(graph, url), "Bench RSS");
  let finished = 0;
  let target = 0;
  let wake: () => void = () => undefined;
  const rt = createEngineRuntime({
    db,
    concurrency,
    tickMs: 50,
    onResult: (_id, r) => {
      if (r.kind === "finished" && ++finished >= target) wake();
    },
  });
  await rt.dispatcher.start();
  const points: RssPoint[] = [];
  let created = 0;
  for (const checkpoint of checkpoints) {
    while (created < checkpoint) {
      const n = Math.min(BATCH, checkpoint - created);
      target = created + n;
      const batchDone = new Promise<void>((r) => (wake = r));
      for (let i = 0; i < n; i++) {
        await createRun({ workspaceId, automationId, triggerType: "manual", triggerData: { amount: 50 + i, customer: `c${created + i}` } }, db);
      }
      created += n;
      if (finished < target) await batchDone;
    }
    await settle();
    const m = process.memoryUsage();
    points.push({ runs: checkpoint, rss: m.rss, heapUsed: m.heapUsed, external: m.external, maps: mapSizes(rt) });
    console.log(`  after ${String(checkpoint).padStart(6)} runs: RSS ${mb(m.rss)}, heap used ${mb(m.heapUsed)}, external ${mb(m.external)}; ${points.at(-1)?.maps}`);
  }
  await rt.dispose();
  api.closeAllConnections();
  await new Promise<void>((resolve) => api.close(() => resolve()));
  const failed = await db.run.count({ where: { workspaceId, status: { not: "COMPLETED" } } });
  if (failed > 0) throw new Error(`memory bench: ${failed} runs did not complete`);
  return points;
}
