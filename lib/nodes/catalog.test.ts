import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NODE_TYPES, getNodeType, nodeTypesByCategory, isTriggerType } from "./registry";
import { resolveNodeConfig, validateNodeConfig } from "./config";
import { delayDurationMs } from "./catalog/delay";
import { metaKeyMatches } from "./field-meta";

const EXPECTED_TYPES = [
  "manual",
  "event",
  "schedule",
  "webhook",
  "condition",
  "delay",
  "loop",
  "set_variables",
  "run_workflow",
  "approval",
  "form",
  "stop",
  "http_request",
  "outgoing_webhook",
  "send_email",
  "slack_message",
  "notification",
  "code",
  "respond",
];

function issuesOf(type: string, config: unknown) {
  const def = getNodeType(type);
  if (!def) throw new Error(type);
  return validateNodeConfig(def, config).issues;
}

describe("catalog", () => {
  it("has every node type exactly once", () => {
    expect(NODE_TYPES.map((d) => d.type)).toEqual(EXPECTED_TYPES);
    expect(getNodeType("nope")).toBeUndefined();
    expect(isTriggerType("manual")).toBe(true);
    expect(isTriggerType("http_request")).toBe(false);
  });

  for (const def of NODE_TYPES) {
    describe(def.type, () => {
      it("defaultConfig parses with configSchema and summarize works on it", () => {
        const parsed = def.configSchema.safeParse(def.defaultConfig);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        const summary = def.summarize(parsed.data);
        expect(typeof summary).toBe("string");
        expect(summary.length).toBeGreaterThan(0);
        expect(summary.length).toBeLessThanOrEqual(120);
      });
      it("has complete metadata", () => {
        expect(def.version).toBe(1);
        expect(def.label.length).toBeGreaterThan(1);
        expect(def.description.length).toBeGreaterThan(10);
        expect(def.icon).toMatch(/^[A-Z][A-Za-z]+$/);
        expect(def.defaultTimeoutMs).toBeGreaterThan(0);
        expect(def.sampleOutput).toBeDefined();
        expect(new Set(def.handles.map((h) => h.id)).size).toBe(def.handles.length);
        expect(() => z.toJSONSchema(def.configSchema, { io: "input" })).not.toThrow();
      });
      it("fieldMeta keys name real config fields", () => {
        const topKeys = Object.keys((def.configSchema.safeParse(def.defaultConfig).data ?? {}) as object);
        for (const key of Object.keys(def.fieldMeta)) expect(topKeys, key).toContain(key.split(".")[0]);
      });
    });
  }

  it("handles per kind", () => {
    expect(getNodeType("condition")?.handles.map((h) => h.id)).toEqual(["true", "false"]);
    expect(getNodeType("loop")?.handles.map((h) => h.id)).toEqual(["item", "done"]);
    expect(getNodeType("stop")?.handles).toEqual([]);
    expect(getNodeType("http_request")?.handles.map((h) => h.id)).toEqual(["next"]);
  });

  it("groups by category in palette order", () => {
    const groups = nodeTypesByCategory();
    expect(groups.map((g) => g.category)).toEqual(["Triggers", "Logic", "Flow", "Actions", "Messaging", "Code"]);
    expect(groups.flatMap((g) => g.types).length).toBe(NODE_TYPES.length);
  });
});

describe("summaries", () => {
  const summarize = (type: string, config: unknown) => {
    const def = getNodeType(type)!;
    return def.summarize(def.configSchema.parse(config));
  };
  it("reads naturally", () => {
    expect(summarize("http_request", { method: "POST", url: "https://api.example.com/orders" })).toBe("POST https://api.example.com/orders");
    expect(summarize("condition", { groups: [{ conditions: [{ field: "amount", operator: "gt", value: 10 }] }] })).toBe("amount > 10");
    expect(summarize("delay", { amount: 1, unit: "hours" })).toBe("Wait 1 hour");
    expect(summarize("delay", { mode: "until", until: "2025-01-31T09:00:00Z" })).toBe("Wait until 2025-01-31T09:00:00Z");
    expect(summarize("send_email", { to: "a@b.co", subject: "Hi" })).toBe("Email a@b.co: Hi");
    expect(summarize("stop", { status: "failed", message: "No stock" })).toBe("Stop as failed: No stock");
    expect(summarize("set_variables", { variables: [{ key: "a" }, { key: "b", value: "1" }] })).toBe("Set a, b");
    expect(summarize("notification", { title: "New lead", roles: ["ADMIN"] })).toBe("Notify admins: New lead");
    expect(summarize("approval", {})).toBe("Approval by one of admins");
    expect(summarize("form", { approverEmails: "ann@example.com" })).toBe("Form (1 field) for ann@example.com, admins");
    expect(summarize("code", {})).toBe("JavaScript: return { ok: true, input: input.trigger };");
  });
});

describe("config validation", () => {
  it("reports required fields that a fresh node leaves empty", () => {
    expect(issuesOf("send_email", {})).toEqual([
      { field: "to", message: "is required" },
      { field: "subject", message: "is required" },
    ]);
    expect(issuesOf("http_request", {})).toEqual([{ field: "url", message: "is required" }]);
    expect(issuesOf("run_workflow", {})).toEqual([{ field: "automationId", message: "is required" }]);
    expect(issuesOf("code", {})).toEqual([]);
  });
  it("http_request", () => {
    expect(issuesOf("http_request", { url: "ftp://x" })[0]).toMatchObject({ field: "url", message: expect.stringContaining("http://") });
    expect(issuesOf("http_request", { url: "{{vars.base}}/x" })).toEqual([]);
    expect(issuesOf("http_request", { url: "https://x.test", timeoutMs: 200_000 })).toEqual([{ field: "timeoutMs", message: "must be at most 120,000 ms (2 minutes)" }]);
    expect(issuesOf("http_request", { url: "https://x.test", method: "GET", bodyType: "json" })[0].field).toBe("bodyType");
    expect(issuesOf("http_request", { url: "https://x.test", method: "POST", bodyType: "json", body: "{nope" })).toEqual([{ field: "body", message: "must be valid JSON when body type is json" }]);
    expect(issuesOf("http_request", { url: "https://x.test", method: "POST", bodyType: "json", body: '{"a": {{trigger.a}}}' })).toEqual([]);
    expect(issuesOf("http_request", { url: "https://x.test", headers: [{ key: "Bad Header", value: "1" }] })[0].field).toBe("headers.0.key");
    expect(issuesOf("http_request", { url: "https://x.test", method: "TRACE" })[0]).toEqual({ field: "method", message: "must be one of: GET, POST, PUT, PATCH, DELETE, HEAD" });
  });
  it("send_email addresses", () => {
    expect(issuesOf("send_email", { to: "ada@example.com, Bob <bob@example.com>, {{trigger.email}}", subject: "x" })).toEqual([]);
    expect(issuesOf("send_email", { to: "ada@, nope", subject: "x" })).toEqual([{ field: "to", message: "has invalid addresses: ada@, nope" }]);
  });
  it("delay", () => {
    expect(issuesOf("delay", { amount: 366, unit: "days" })).toEqual([{ field: "amount", message: "must be at most 365 days in total" }]);
    expect(issuesOf("delay", { amount: 0 })).toEqual([{ field: "amount", message: "must be greater than 0" }]);
    expect(issuesOf("delay", { mode: "until" })).toEqual([{ field: "until", message: 'is required when mode is "until"' }]);
    expect(issuesOf("delay", { mode: "until", until: "tomorrow" })[0].field).toBe("until");
    expect(issuesOf("delay", { mode: "until", until: "{{trigger.at}}" })).toEqual([]);
    expect(issuesOf("delay", { amount: "5" })).toEqual([{ field: "amount", message: "must be a number" }]);
    expect(delayDurationMs({ amount: 1.5, unit: "minutes" })).toBe(90_000);
  });
  it("loop, set_variables, code, notification, slack, run_workflow", () => {
    expect(issuesOf("loop", { maxItems: 10_001 })).toEqual([{ field: "maxItems", message: "must be at most 10,000" }]);
    expect(issuesOf("set_variables", { variables: [{ key: "1bad", value: "" }] })[0].field).toBe("variables.0.key");
    expect(issuesOf("set_variables", { variables: [{ key: "a" }, { key: "a" }] })).toEqual([{ field: "variables.1.key", message: 'is a duplicate: "a" is already used' }]);
    expect(issuesOf("set_variables", { variables: [] })).toEqual([{ field: "variables", message: "must have at least one variable" }]);
    expect(issuesOf("approval", { approverRoles: [], approverEmails: "" })).toEqual([{ field: "approverEmails", message: "must name at least one person: email addresses, users or roles" }]);
    expect(issuesOf("approval", { expiresIn: 31 })).toEqual([{ field: "expiresIn", message: "must be at most 30 days" }]);
    expect(issuesOf("approval", { approverEmails: "not-an-address" })).toEqual([{ field: "approverEmails", message: "has invalid address: not-an-address" }]);
    expect(issuesOf("form", { fields: [{ name: "size", label: "Size", type: "select" }, { name: "size", label: "Again" }] })).toEqual([
      { field: "fields.0.options", message: "must list at least one option for a select field" },
      { field: "fields.1.name", message: 'is a duplicate: "size" is already used' },
    ]);
    expect(issuesOf("code", { memoryMb: 256 })).toEqual([{ field: "memoryMb", message: "must be at most 128 MB" }]);
    expect(issuesOf("code", { code: "" })).toEqual([{ field: "code", message: "is required" }]);
    expect(issuesOf("notification", { title: "x", roles: [] })).toEqual([{ field: "roles", message: "must name at least one recipient: choose roles or users" }]);
    expect(issuesOf("notification", { title: "x", roles: ["GOD"] })[0]).toEqual({ field: "roles.0", message: "must be one of: OWNER, ADMIN, SPECIALIST" });
    expect(issuesOf("notification", { title: "x", userIds: ["u1"], roles: [] })).toEqual([]);
    expect(issuesOf("slack_message", { webhookUrl: "https://hooks.slack.com/x", text: "hi", blocks: "{}" })).toEqual([{ field: "blocks", message: "must be a JSON array of blocks" }]);
    expect(issuesOf("run_workflow", { automationId: "a1", input: [{ key: "x", value: "1" }, { key: "x", value: "2" }] })[0].field).toBe("input.1.key");
    expect(issuesOf("condition", { groups: [{ conditions: [{ field: "amount", operator: "gt" }] }] })).toEqual([
      { field: "groups.0.conditions.0.value", message: 'is required for operator "gt" (is greater than); only exists and not_exists take no value' },
    ]);
  });
});

describe("resolveNodeConfig", () => {
  const scope = { trigger: { name: "<Ada>", items: [1, 2] }, steps: {}, vars: {}, now: new Date("2025-01-01T00:00:00Z") };
  it("keeps raw fields literal and escapes html fields", () => {
    const code = resolveNodeConfig("code", { code: "return '{{trigger.name}}'", timeoutMs: 1000, memoryMb: 32 }, scope);
    expect((code.value as { code: string }).code).toBe("return '{{trigger.name}}'");
    const email = resolveNodeConfig("send_email", { to: "a@b.co", subject: "Hi {{trigger.name}}", html: "<p>{{trigger.name}}</p>", text: "{{trigger.nope}}" }, scope);
    expect(email.value).toMatchObject({ subject: "Hi <Ada>", html: "<p>&lt;Ada&gt;</p>", text: "" });
    expect(email.warnings).toEqual(["text: {{trigger.nope}} was not found"]);
    const cond = resolveNodeConfig("condition", { match: "all", groups: [{ match: "all", conditions: [{ field: "{{trigger.items}}", operator: "eq", value: "{{trigger.items}}" }] }] }, scope);
    expect((cond.value as { groups: Array<{ conditions: Array<{ field: unknown; value: unknown }> }> }).groups[0].conditions[0]).toEqual({
      field: "{{trigger.items}}",
      operator: "eq",
      value: [1, 2],
    });
  });
  it("fieldMeta patterns match config paths", () => {
    expect(metaKeyMatches("groups.*.conditions.*.field", ["groups", 0, "conditions", 3, "field"])).toBe(true);
    expect(metaKeyMatches("code", ["code"])).toBe(true);
    expect(metaKeyMatches("code", ["timeoutMs"])).toBe(false);
  });
});
