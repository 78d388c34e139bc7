import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inlineSecretsOf, moveInlineSecretPlan } from "@/lib/connections/inline-secrets";
import { getAutomation } from "@/server/services/automations/get-automation";
import { getVersion } from "@/server/services/versions/get-version";
import { createRun } from "@/server/services/runs/create-run";
import { chain, createAutomation, engineEnv, http, node, setupEngineTest, startServer, stepsOf, trigger, waitForStatus, type EngineTest, type TestServer } from "../engine/helpers";

/**
 * Secrets typed into steps before connections existed keep working (issue 9
 * item 6), but read-only viewers never see them and step records hold them
 * masked: the inline Authorization header of an HTTP step, a Slack webhook URL.
 */
engineEnv();

const TOKEN = "inline-s3cret-token-4f1a9c";
const SLACK = "https://hooks.slack.com/services/T000/B000/inlinesecretpath123";

describe("inline secrets (typed into steps before connections)", () => {
  let t: EngineTest;
  let server: TestServer;
  let automationId = "";
  beforeAll(async () => {
    t = await setupEngineTest();
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    const graph = chain([
      trigger(),
      http("call", `${server.url}/api`, undefined, { method: "GET", bodyType: "none", body: "", headers: [{ key: "Authorization", value: `Bearer ${TOKEN}` }], query: [{ key: "api_key", value: TOKEN }] }),
      node("notify", "slack_message", { webhookUrl: SLACK, text: "hello" }, { continueOnError: true }),
    ]);
    automationId = (await createAutomation(t.db, t.ws.workspaceId, graph)).automationId;
  });
  afterAll(async () => {
    await server.close();
    await t.cleanup();
  });

  const specialist = () => ({ userId: t.ws.specialistId, workspaceId: t.ws.workspaceId, role: "SPECIALIST" as const });

  it("are masked for read-only viewers in the draft and in versions; editors still see them (to move them to a connection)", async () => {
    const asSpecialist = JSON.stringify(await getAutomation(specialist(), { id: automationId }, t.db));
    expect(asSpecialist).not.toContain(TOKEN);
    expect(asSpecialist).not.toContain("inlinesecretpath123");
    expect(asSpecialist).toContain("••••");
    const version = JSON.stringify(await getVersion(specialist(), { automationId, number: 1 }, t.db));
    expect(version).not.toContain(TOKEN);
    expect(version).not.toContain("inlinesecretpath123");
    expect(JSON.stringify(await getAutomation(t.admin, { id: automationId }, t.db))).toContain(TOKEN);
  });

  it("keep working, and the step records hold them masked", async () => {
    const { runId } = await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db);
    await waitForStatus(t.db, runId, ["COMPLETED", "FAILED"]);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const steps = await stepsOf(t.db, runId);
    const call = steps.find((s) => s.nodeId === "call")!;
    expect(call.status).toBe("SUCCEEDED");
    expect(call.request).not.toContain(TOKEN);
    expect(JSON.parse(call.request ?? "{}")).toMatchObject({ headers: { Authorization: "••••" }, url: `${server.url}/api?api_key=••••` });
    const notify = steps.find((s) => s.nodeId === "notify")!;
    expect(notify.request ?? "").not.toContain("inlinesecretpath123");
    expect(`${notify.error ?? ""}${notify.response ?? ""}`).not.toContain("inlinesecretpath123");
  });
});

describe("Move to a connection (the editor's one-click fix)", () => {
  const httpNode = (config: Record<string, unknown>) => ({ type: "http_request", config });

  it("a bearer Authorization header becomes an HTTP bearer connection and leaves the step", () => {
    const node = httpNode({ headers: [{ key: "Accept", value: "application/json" }, { key: "Authorization", value: `Bearer ${TOKEN}` }], query: [] });
    const [secret] = inlineSecretsOf(node);
    const p = moveInlineSecretPlan(node, secret!, "Orders API");
    expect(p.type).toBe("http_bearer");
    expect(p.values).toEqual({ token: TOKEN });
    expect(p.config.headers).toEqual([{ key: "Accept", value: "application/json" }]);
    expect(inlineSecretsOf({ type: "http_request", config: p.config })).toEqual([]);
  });

  it("another credential header becomes an HTTP header connection; with authentication already set, a key/value secret read by template", () => {
    const node = httpNode({ headers: [{ key: "X-Api-Key", value: TOKEN }] });
    const p = moveInlineSecretPlan(node, inlineSecretsOf(node)[0]!, "Key");
    expect(p).toMatchObject({ type: "http_header", values: { headerName: "X-Api-Key", value: TOKEN }, config: { headers: [] } });
    const withAuth = httpNode({ connectionId: "conn_1", headers: [{ key: "X-Api-Key", value: TOKEN }] });
    const q = moveInlineSecretPlan(withAuth, inlineSecretsOf(withAuth)[0]!, "Key");
    expect(q).toMatchObject({ type: "secrets", values: { value: TOKEN }, config: { connectionId: "conn_1", headers: [{ key: "X-Api-Key", value: "{{connections.Key.value}}" }] } });
  });

  it("a query parameter becomes a key/value secret, a Slack URL a Slack connection; nothing secret stays in the step", () => {
    const node = httpNode({ query: [{ key: "api_key", value: TOKEN }] });
    const p = moveInlineSecretPlan(node, inlineSecretsOf(node)[0]!, "Q");
    expect(p).toMatchObject({ type: "secrets", values: { value: TOKEN }, config: { query: [{ key: "api_key", value: "{{connections.Q.value}}" }] } });
    expect(JSON.stringify(p.config)).not.toContain(TOKEN);
    const slack = { type: "slack_message", config: { webhookUrl: SLACK, text: "hi" } };
    const s = moveInlineSecretPlan(slack, inlineSecretsOf(slack)[0]!, "Alerts");
    expect(s).toMatchObject({ type: "slack_webhook", values: { webhookUrl: SLACK }, config: { webhookUrl: "", connectionId: "", text: "hi" } });
  });
});
