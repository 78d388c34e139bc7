/**
 * Loop figure: one run of a loop over 1,000 items whose body is one
 * set_variables step, with 1 KB items against 10-byte items. Before the item
 * list was stored once, every step rewrote it with the run state, so the
 * per-step cost grew with the list (6.6 s against 1.2 s per run).
 */
import { performance } from "node:perf_hooks";
import type { Db } from "../server/db";
import { createEngineRuntime } from "../server/runtime/runtime";
import { createRun } from "../server/services/runs/create-run";
import { seedAutomation, type BenchGraph } from "./setup";

const ITEMS = 1000;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const loopGraph: BenchGraph = {
  nodes: [
    { id: "trigger", type: "manual", name: "Trigger", config: { sampleData: {} }, position: { x: 0, y: 0 } },
    { id: "each", type: "loop", name: "Each", config: { items: "{{trigger.items}}", maxItems: ITEMS }, position: { x: 0, y: 100 } },
    { id: "set", type: "set_variables", name: "Set", config: { variables: [{ key: "last", value: "{{loop.index}}" }] }, position: { x: 0, y: 200 } },
  ],
  edges: [
    { id: "e1", source: "trigger", sourceHandle: "next", target: "each" },
    { id: "e2", source: "each", sourceHandle: "item", target: "set" },
  ],
};

export interface LoopFigure {
  itemBytes: number;
  ms: number;
  stepRows: number;
  status: string;
  /** largest Run.state seen while the run executed (sampled): what a step commit rewrites */
  stateBytes: number;
}

/** Time from createRun to COMPLETED of one loop run, at concurrency 1. */
async function oneRun(db: Db, itemBytes: number): Promise<LoopFigure> {
  const { workspaceId, automationId } = await seedAutomation(db, loopGraph, "Bench loop");
  // Distinct items of exactly `itemBytes` characters (JSON string content).
  const items = Array.from({ length: ITEMS }, (_, i) => String(i).padStart(itemBytes, "x"));
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  const rt = createEngineRuntime({ db, concurrency: 1, registerSignal: false, tickMs: 20, onResult: (_id, r) => r.kind === "finished" && resolveDone() });
  const t0 = performance.now();
  const { runId } = await createRun({ workspaceId, automationId, triggerType: "manual", triggerData: { items } }, db);
  await rt.dispatcher.start();
  let stateBytes = 0;
  let finished = false;
  const sampler = (async () => {
    while (!finished) {
      const r = await db.run.findUnique({ where: { id: runId }, select: { state: true } });
      stateBytes = Math.max(stateBytes, Buffer.byteLength(r?.state ?? ""));
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  await done;
  const ms = performance.now() - t0;
  finished = true;
  await sampler;
  await rt.dispose();
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
  const stepRows = await db.stepRun.count({ where: { runId } });
  return { itemBytes, ms, stepRows, status: run.status, stateBytes };
}

export async function loopFigures(db: Db): Promise<boolean> {
  const small = await oneRun(db, 10);
  const large = await oneRun(db, 1024);
  const expectedRows = 2 + ITEMS;
  console.log(
    `loop:               ${ITEMS} iterations, 10-byte items ${(small.ms / 1000).toFixed(2)} s/run (${(small.ms / ITEMS).toFixed(2)} ms/iteration), ` +
      `1 KB items ${(large.ms / 1000).toFixed(2)} s/run (${(large.ms / ITEMS).toFixed(2)} ms/iteration), ratio ${(large.ms / small.ms).toFixed(2)}×; ` +
      `largest Run.state during the run ${kb(small.stateBytes)} vs ${kb(large.stateBytes)}`,
  );
  const ok = [small, large].every((f) => f.status === "COMPLETED" && f.stepRows === expectedRows);
  if (!ok) console.log(`loop check FAILED: ${JSON.stringify([small, large])} (expected COMPLETED with ${expectedRows} StepRun rows)`);
  return ok;
}
