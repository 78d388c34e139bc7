import { describe, expect, it } from "vitest";
import {
  buildStepsScope,
  extractTemplatePaths,
  extractTemplateRefs,
  resolveDeep,
  resolveTemplate,
  scopeToData,
  type TemplateScope,
} from "./index";

const NOW = new Date("2025-03-04T23:30:00.000Z");

function scope(extra: Partial<TemplateScope> = {}): TemplateScope {
  return {
    trigger: { contact: { first_name: "Ada", email: "ada@example.com" }, items: [1, 2, 3], amount: 42, flag: false, nothing: null },
    steps: buildStepsScope(
      [
        { id: "n1", name: "Fetch order" },
        { id: "n2", name: "Score" },
      ],
      { n1: { status: 200, body: { id: "ord_1", lines: [{ sku: "A" }] } }, n2: 87 },
    ),
    vars: { greeting: "Hello", count: 3 },
    now: NOW,
    ...extra,
  };
}

describe("resolveTemplate", () => {
  it("returns the raw value for a whole-value template", () => {
    expect(resolveTemplate("{{trigger.items}}", scope())).toEqual({ value: [1, 2, 3], missing: [] });
    expect(resolveTemplate("{{ trigger.amount }}", scope()).value).toBe(42);
    expect(resolveTemplate("{{trigger.flag}}", scope()).value).toBe(false);
    expect(resolveTemplate("{{trigger.nothing}}", scope()).value).toBeNull();
    expect(resolveTemplate("{{trigger.contact}}", scope()).value).toEqual({ first_name: "Ada", email: "ada@example.com" });
  });
  it("interpolates into text, objects as JSON", () => {
    expect(resolveTemplate("{{vars.greeting}}, {{trigger.contact.first_name}}!", scope()).value).toBe("Hello, Ada!");
    expect(resolveTemplate("n={{trigger.amount}} f={{trigger.flag}} x={{trigger.nothing}}", scope()).value).toBe("n=42 f=false x=");
    expect(resolveTemplate("items: {{trigger.items}}", scope()).value).toBe("items: [1,2,3]");
    expect(resolveTemplate(" {{trigger.amount}}", scope()).value).toBe(" 42");
    expect(resolveTemplate("no templates", scope())).toEqual({ value: "no templates", missing: [] });
  });
  it("lists missing variables and resolves them to empty text", () => {
    expect(resolveTemplate("Hi {{trigger.contact.last_name}}!", scope())).toEqual({ value: "Hi !", missing: ["trigger.contact.last_name"] });
    expect(resolveTemplate("{{vars.nope}}", scope())).toEqual({ value: "", missing: ["vars.nope"] });
    expect(resolveTemplate("{{contact.email}}", scope()).missing).toEqual(["contact.email"]);
    expect(resolveTemplate("{{ bad..path }}", scope()).missing).toEqual(["bad..path"]);
    expect(resolveTemplate("a {{x.y}} b {{x.y}}", scope()).missing).toEqual(["x.y"]);
    expect(resolveTemplate("Hi {{vars.nope}}", scope(), { onMissing: "keep" }).value).toBe("Hi {{vars.nope}}");
  });
  it("looks steps up by name (dots, spaces or brackets) and by id", () => {
    expect(resolveTemplate('{{steps["Fetch order"].body.id}}', scope()).value).toBe("ord_1");
    expect(resolveTemplate("{{steps.Fetch order.body.lines.0.sku}}", scope()).value).toBe("A");
    expect(resolveTemplate("{{steps.n1.status}}", scope()).value).toBe(200);
    expect(resolveTemplate("score {{steps.Score}}", scope()).value).toBe("score 87");
    expect(resolveTemplate("{{steps.Unknown.x}}", scope()).missing).toEqual(["steps.Unknown.x"]);
  });
  it("supports loop variables only inside loops", () => {
    const inLoop = scope({ loop: { item: { sku: "B" }, index: 2 } });
    expect(resolveTemplate("{{loop.item.sku}}#{{loop.index}}", inLoop).value).toBe("B#2");
    expect(resolveTemplate("{{loop.index}}", inLoop).value).toBe(2);
    expect(resolveTemplate("{{loop.item}}", scope()).missing).toEqual(["loop.item"]);
  });
  it("uses the injected clock for today and now (UTC)", () => {
    expect(resolveTemplate("{{today}}", scope()).value).toBe("2025-03-04");
    expect(resolveTemplate("{{now}}", scope()).value).toBe("2025-03-04T23:30:00.000Z");
    expect(resolveTemplate("Due {{today}}", scope({ now: new Date("2025-12-31T00:00:01Z") })).value).toBe("Due 2025-12-31");
    expect(resolveTemplate("{{today.year}}", scope()).missing).toEqual(["today.year"]);
  });
  it("encodes interpolated values when asked, not whole values", () => {
    const s = scope({ vars: { html: "<b>&</b>" } });
    const enc = (t: string) => t.replace(/</g, "&lt;");
    expect(resolveTemplate("x {{vars.html}}", s, { encode: enc }).value).toBe("x &lt;b>&&lt;/b>");
    expect(resolveTemplate("{{vars.html}}", s, { encode: enc }).value).toBe("<b>&</b>");
  });
  it("never evaluates code", () => {
    const r = resolveTemplate("{{ constructor.constructor('return 1')() }}", scope());
    expect(r.value).toBe("");
    expect(r.missing).toHaveLength(1);
    expect(resolveTemplate("{{trigger.constructor}}", scope()).missing).toEqual(["trigger.constructor"]);
  });
});

describe("resolveDeep", () => {
  it("walks objects and arrays and collects warnings", () => {
    const config = {
      url: "https://x.test/{{trigger.contact.email}}",
      headers: [{ key: "X-Token", value: "{{vars.token}}" }],
      items: "{{trigger.items}}",
      n: 5,
      on: true,
    };
    const r = resolveDeep(config, scope());
    expect(r.value).toEqual({ url: "https://x.test/ada@example.com", headers: [{ key: "X-Token", value: "" }], items: [1, 2, 3], n: 5, on: true });
    expect(r.missing).toEqual(["vars.token"]);
    expect(r.warnings).toEqual(["headers.0.value: {{vars.token}} was not found"]);
    expect(config.items).toBe("{{trigger.items}}"); // input untouched
  });
  it("skips raw paths", () => {
    const r = resolveDeep({ code: "return '{{x}}'", text: "{{vars.greeting}}" }, scope(), { skip: (p) => p[0] === "code" });
    expect(r.value).toEqual({ code: "return '{{x}}'", text: "Hello" });
    expect(r.missing).toEqual([]);
  });
});

describe("extractTemplatePaths", () => {
  it("finds canonical paths with positions", () => {
    expect(extractTemplatePaths('Hi {{ trigger.contact.first_name }} {{steps["Fetch order"].body}} {{steps.Fetch order.body}}')).toEqual([
      "trigger.contact.first_name",
      'steps["Fetch order"].body',
    ]);
    const refs = extractTemplateRefs("a {{x..y}} {{now}}");
    expect(refs[0].error).toBeDefined();
    expect(refs[1]).toMatchObject({ expression: "now", segments: ["now"], start: 11, end: 18 });
    expect(extractTemplatePaths("{{ unclosed")).toEqual([]);
  });
});

describe("scope helpers", () => {
  it("buildStepsScope: name wins over id, first duplicate name wins, only nodes that ran", () => {
    const steps = buildStepsScope(
      [
        { id: "a", name: "b" },
        { id: "b", name: "Other" },
        { id: "c", name: "b" },
        { id: "d", name: "Not run" },
      ],
      { a: "A", b: "B", c: "C" },
    );
    expect(steps).toEqual({ a: "A", b: "A", c: "C", Other: "B" });
  });
  it("scopeToData exposes now/today as text", () => {
    expect(scopeToData(scope())).toMatchObject({ now: "2025-03-04T23:30:00.000Z", today: "2025-03-04", vars: { count: 3 } });
  });
});
