import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Graph, GraphNode } from "@/lib/graph/schema";
import { createIngressServer } from "@/server/runtime/ingress";
import { publishRunResult } from "@/server/runtime/run-results";
import { publishVersion } from "@/server/services/versions/publish-version";
import { rotateWebhookUrl } from "@/server/services/webhooks/rotate-webhook-url";
import { createAutomation, edge, engineEnv, node, setupEngineTest, type EngineTest } from "../engine/helpers";

/**
 * Webhook tests: a real engine runtime on a real database and the real node:http
 * ingress (server/runtime/ingress.ts) on 127.0.0.1; other paths answer 418 so a
 * test notices when a request did not reach the hook handler.
 */
export interface HookTest extends EngineTest {
  base: string;
  /** publishes a webhook automation (trigger config merged over defaults) and returns its URL */
  hook(trigger?: Record<string, unknown>, rest?: { nodes: GraphNode[]; graph?: (t: GraphNode) => Graph }): Promise<{ automationId: string; url: string; endpointId: string }>;
}

export async function setupHookTest(): Promise<HookTest> {
  engineEnv({ ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"), APP_URL: "http://hooks.test" });
  const t = await setupEngineTest({ onResult: publishRunResult });
  const server: Server = createIngressServer({
    db: t.db,
    fallback: (_req, res) => {
      res.writeHead(418).end();
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...t,
    base,
    async hook(trigger = {}, rest) {
      const t0 = node("trigger", "webhook", { methods: ["POST"], authMode: "none", responseMode: "immediate", sampleData: {}, ...trigger }, undefined, "Webhook");
      const nodes = rest?.nodes ?? [node("done", "stop", {}, undefined, "Done")];
      const graph = rest?.graph ? rest.graph(t0) : { nodes: [t0, ...nodes], edges: nodes.map((n, i) => edge(i === 0 ? "trigger" : nodes[i - 1].id, n.id)) };
      const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph, { publish: false });
      await publishVersion(t.admin, { automationId }, t.db);
      const info = await rotateWebhookUrl(t.admin, { automationId, rotate: false }, t.db);
      return { automationId, url: base + new URL(info.url).pathname, endpointId: info.id };
    },
    async cleanup() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await t.cleanup();
    },
  };
}

export async function post(url: string, body: string, headers: Record<string, string> = {}, method = "POST") {
  const res = await fetch(url, { method, headers: { "content-type": "application/json", ...headers }, body: method === "GET" ? undefined : body });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, text, json };
}
