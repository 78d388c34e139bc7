import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createRun } from "@/server/services/runs/create-run";
import { chain, createAutomation, node, setVars, trigger } from "../engine/helpers";
import { startServer, waitFor, type ServerProcess } from "./harness";
import { env } from "@/server/env";

/**
 * kill -9 of the server while runs sit in a 5-second delay: after a restart every
 * run resumes at its timer (not earlier, not much later) and completes; no step
 * is executed twice.
 */
describe("crash: kill -9 during a 5 second delay", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "crash-delay");
  });
  afterAll(async () => {
    await server?.kill9();
    await t.cleanup();
  });

  it("every run completes at the right time after the restart", async () => {
    const graph = chain([trigger(), setVars("before", { x: "1" }), node("wait", "delay", { mode: "duration", amount: 5, unit: "seconds" }), setVars("after", { y: "2" })]);
    const { automationId } = await createAutomation(t.db, ws.workspaceId, graph);
    const runIds: string[] = [];
    for (let i = 0; i < 4; i++) runIds.push((await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { i } }, t.db)).runId);

    server = startServer(t.url);
    const srv = server;
    await waitFor("all runs paused in the delay", async () => (await t.db.run.count({ where: { id: { in: runIds }, status: "PAUSED" } })) === runIds.length, 60_000, srv);
    const paused = await t.db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, wakeAt: true } });
    const wakeAt = new Map(paused.map((r) => [r.id, r.wakeAt?.getTime() ?? 0]));

    await new Promise((r) => setTimeout(r, 1000));
    await srv.kill9();
    expect(srv.child.signalCode).toBe("SIGKILL");
    // Down for a while: the timers exist only in the database now.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await t.db.run.count({ where: { id: { in: runIds }, status: "PAUSED" } })).toBe(runIds.length);

    server = startServer(t.url);
    const srv2 = server;
    await waitFor("all runs completed", async () => (await t.db.run.count({ where: { id: { in: runIds }, status: { in: ["COMPLETED", "FAILED"] } } })) === runIds.length, 90_000, srv2);

    for (const id of runIds) {
      const run = await t.db.run.findUniqueOrThrow({ where: { id } });
      expect(run.status).toBe("COMPLETED");
      const steps = await t.db.stepRun.findMany({ where: { runId: id } });
      // one SUCCEEDED record per node, nothing duplicated
      expect(steps.map((s) => `${s.nodeId}:${s.status}`).sort()).toEqual(["after:SUCCEEDED", "before:SUCCEEDED", "trigger:SUCCEEDED", "wait:SUCCEEDED"]);
      const after = steps.find((s) => s.nodeId === "after");
      const due = wakeAt.get(id) ?? 0;
      expect(after?.startedAt.getTime()).toBeGreaterThanOrEqual(due);
      // the restart happened before the timer was due: the run resumes close to it
      expect(after?.startedAt.getTime()).toBeLessThan(due + 5_000);
      expect(steps.find((s) => s.nodeId === "wait")?.durationMs).toBeGreaterThanOrEqual(4_900);
    }
    await srv2.stop();
    // Our worker and our server (scripts/serve.ts) exit 0 on SIGTERM after draining; plain `next start` exits 128+15.
    expect(srv2.child.exitCode).toBe(env().CRASH_SERVER_CMD?.includes("next start") ? 143 : 0);
  });
});
