import { describe, expect, it } from "vitest";
import { validateGraph } from "./validate";
import type { Graph } from "./schema";
import type { KnownConnection } from "./validate-connections";

const graph = (config: Record<string, unknown>, type = "http_request"): Graph => ({
  nodes: [
    { id: "t", type: "manual", name: "Trigger", config: {}, position: { x: 0, y: 0 } },
    { id: "n", type, name: "Call", config, position: { x: 0, y: 0 } },
  ],
  edges: [{ id: "e", source: "t", sourceHandle: "next", target: "n" }],
});
const problems = (g: Graph, connections?: readonly KnownConnection[]) =>
  validateGraph(g, { connections }).problems.filter((p) => p.nodeId === "n").map((p) => ({ code: p.code, severity: p.severity, field: p.field }));

describe("connection problems", () => {
  const known = [
    { id: "c1", name: "Orders API", type: "http_bearer", fields: ["token"] },
    { id: "s1", name: "Ops Slack", type: "slack_webhook", fields: ["webhookUrl"] },
    { id: "v1", name: "vault", type: "secrets", fields: ["key"] },
  ];

  it("a chosen connection must exist and have a type the field accepts", () => {
    expect(problems(graph({ url: "https://x.test", connectionId: "c1" }), known)).toEqual([]);
    expect(problems(graph({ url: "https://x.test", connectionId: "gone" }), known)).toEqual([{ code: "connection_missing", severity: "error", field: "connectionId" }]);
    expect(problems(graph({ url: "https://x.test", connectionId: "s1" }), known)).toEqual([{ code: "connection_type", severity: "error", field: "connectionId" }]);
    // without the workspace's list, existence is not checked (drafts validated offline)
    expect(problems(graph({ url: "https://x.test", connectionId: "gone" }))).toEqual([]);
  });

  it("{{connections.*}} only in fields that accept secrets, naming an existing connection and field", () => {
    expect(problems(graph({ url: "https://x.test/?k={{connections.vault.key}}" }), known)).toEqual([]);
    expect(problems(graph({ connectionId: "s1", text: "{{connections.vault.key}}" }, "slack_message"), known)).toEqual([{ code: "secret_not_allowed", severity: "error", field: "text" }]);
    expect(problems(graph({ url: "https://x.test/?k={{connections.nope.key}}" }), known)).toEqual([{ code: "unknown_connection", severity: "error", field: "url" }]);
    expect(problems(graph({ url: "https://x.test/?k={{connections.vault.other}}" }), known)).toEqual([{ code: "unknown_connection", severity: "error", field: "url" }]);
  });

  it("flags secrets typed into steps with a 'move to a connection' warning, not templates or harmless headers", () => {
    const headers = [
      { key: "Authorization", value: "Bearer sk_live_123456" },
      { key: "X-Api-Key", value: "{{connections.vault.key}}" },
      { key: "Accept", value: "application/json" },
      { key: "api_token", value: "abc123456" },
    ];
    expect(problems(graph({ url: "https://x.test", headers }), known)).toEqual([
      { code: "inline_secret", severity: "warning", field: "headers.0.value" },
      { code: "inline_secret", severity: "warning", field: "headers.3.value" },
    ]);
    expect(problems(graph({ webhookUrl: "https://hooks.slack.com/services/T/B/x", text: "hi" }, "slack_message"), known)).toEqual([
      { code: "inline_secret", severity: "warning", field: "webhookUrl" },
    ]);
  });
});
