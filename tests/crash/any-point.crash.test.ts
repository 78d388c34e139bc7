import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "@/lib/graph/schema";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createRun } from "@/server/services/runs/create-run";
import { createAutomation, edge, node, setVars, trigger } from "../engine/helpers";
import { startServer, waitFor, type ServerProcess } from "./harness";

/**
 * kill -9 at arbitrary moments while many short steps commit: after each restart
 * the runs continue where their last commit left them. In the end every run is
 * COMPLETED with exactly one SUCCEEDED record per (node, iteration) and the
 * variables show every loop item processed exactly once.
 */
describe("crash: kill -9 at arbitrary points of busy runs", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "crash-any");
  });
  afterAll(async () => {
    await server?.kill9();
    await t.cleanup();
  });

  it("loses no run and duplicates no completed step across repeated crashes", async () => {
    const graph: Graph = {
      nodes: [
        trigger(),
        node("each", "loop", { items: "{{trigger.items}}", maxItems: 1000 }),
        setVars("add", { acc: "{{vars.acc}}{{loop.item}}," }),
        setVars("again", { last: "{{loop.index}}" }),
        setVars("end", { result: "{{vars.acc}}" }),
      ],
      edges: [edge("trigger", "each"), edge("each", "add", "item"), edge("add", "again"), edge("each", "end", "done")],
    };
    const { automationId } = await createAutomation(t.db, ws.workspaceId, graph);
    // 12 runs × 403 steps: enough work that a kill lands mid-way (with 60 items the batched
    // pure steps sometimes finished every run before the first kill).
    const items = Array.from({ length: 200 }, (_, i) => i);
    const runIds: string[] = [];
    for (let i = 0; i < 12; i++) runIds.push((await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { items } }, t.db)).runId);
    const finished = () => t.db.run.count({ where: { id: { in: runIds }, status: { in: ["COMPLETED", "FAILED", "CANCELLED"] } } });

    let killedMidway = 0;
    for (let crash = 0; crash < 3; crash++) {
      server = startServer(t.url);
      const srv = server;
      const before = await t.db.stepRun.count({ where: { runId: { in: runIds } } });
      // Wait for real progress, then kill at a random moment.
      await waitFor("steps being committed", async () => (await t.db.stepRun.count({ where: { runId: { in: runIds } } })) > before + 40, 60_000, srv);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 100)));
      await srv.kill9();
      const done = await finished();
      if (done < runIds.length) killedMidway += 1;
      if (done === runIds.length) break;
    }
    expect(killedMidway).toBeGreaterThan(0);
    server = startServer(t.url);
    const last = server;
    await waitFor("all runs finished", async () => (await finished()) === runIds.length, 120_000, last);

    const expected = items.map((i) => `${i},`).join("");
    for (const id of runIds) {
      const run = await t.db.run.findUniqueOrThrow({ where: { id } });
      expect(run.status).toBe("COMPLETED");
      expect(JSON.parse(run.state).vars.result).toBe(expected);
      const steps = await t.db.stepRun.findMany({ where: { runId: id }, select: { nodeId: true, iteration: true, status: true } });
      const ok = steps.filter((s) => s.status === "SUCCEEDED").map((s) => `${s.nodeId}@${s.iteration}`);
      expect(new Set(ok).size).toBe(ok.length);
      expect(ok).toHaveLength(3 + items.length * 2);
    }
    await last.stop();
  });
});
