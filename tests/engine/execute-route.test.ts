import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { createRun } from "@/server/services/runs/create-run";
import { executorToken } from "@/server/runtime/executor-token";
import { POST } from "@/app/api/runs/execute/route";
import { chain, createAutomation, engineEnv, setVars, stepsOf, trigger } from "./helpers";

engineEnv({ APP_SECRET: "route-test-secret-route-test-secret-0123456789", ENGINE_EMBEDDED: "false" });

describe("internal execute route (POST /api/runs/execute)", () => {
  let t: TestDb;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestDb();
    ws = await seedTestWorkspace(t.db, "route");
    process.env.DATABASE_URL = t.url;
    resetEnvForTests();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const call = (body: unknown, auth?: string) =>
    POST(new Request("http://localhost/api/runs/execute", { method: "POST", headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body) }));

  it("answers 401 without the executor token or with a wrong one", async () => {
    expect((await call({ runId: "x" })).status).toBe(401);
    expect((await call({ runId: "x" }, "Bearer nope")).status).toBe(401);
    const res = await call({ runId: "x" }, `Bearer ${executorToken("another-secret-another-secret-0123456789")}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  });

  it("validates the body", async () => {
    expect((await call({}, `Bearer ${executorToken()}`)).status).toBe(400);
  });

  it("claims and executes the run with the same executor as the dispatcher", async () => {
    const { automationId } = await createAutomation(t.db, ws.workspaceId, chain([trigger(), setVars("a", { x: "{{trigger.x}}" })]));
    const { runId } = await createRun({ workspaceId: ws.workspaceId, automationId, triggerType: "manual", triggerData: { x: 5 } }, t.db);
    const res = await call({ runId }, `Bearer ${executorToken()}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ runId, result: { kind: "finished", status: "COMPLETED" } });
    expect((await stepsOf(t.db, runId)).map((s) => s.nodeId)).toEqual(["trigger", "a"]);
    // A second call finds nothing to claim.
    expect(await (await call({ runId }, `Bearer ${executorToken()}`)).json()).toEqual({ runId, result: { kind: "not-claimed" } });
  });
});
