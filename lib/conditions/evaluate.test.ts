import { describe, expect, it } from "vitest";
import { evaluateCondition, evaluateConditions, evaluateConditionTree, type Condition, type OperatorId } from "./index";

const data = {
  contact: { age: 17, age_text: "17", email: "ada@example.com", name: "Ada Lovelace", nickname: null, vip: true, vip_text: "TRUE", zip: "01234" },
  deal: { value: "5000", created: "2024-05-01T10:00:00Z", closes: "2024-06-01" },
  tags: ["VIP", "Lead", 42],
  lead_source: "Referral",
  empty: "",
  zero: 0,
  items: [{ sku: "A" }, { sku: "B" }],
};

function run(field: string, operator: OperatorId, value?: unknown) {
  const cond = { field, operator, value } as Condition;
  return evaluateCondition(cond, data);
}
const passes = (field: string, operator: OperatorId, value?: unknown) => run(field, operator, value).passed;

describe("eq / neq", () => {
  it("compares numbers with numeric strings loosely", () => {
    expect(passes("contact.age", "eq", 17)).toBe(true);
    expect(passes("contact.age", "eq", "17")).toBe(true);
    expect(passes("contact.age_text", "eq", 17)).toBe(true);
    expect(passes("deal.value", "eq", 5000.0)).toBe(true);
    expect(passes("contact.age", "eq", 18)).toBe(false);
  });
  it("keeps text strict between two strings", () => {
    expect(passes("contact.zip", "eq", "01234")).toBe(true);
    expect(passes("contact.zip", "eq", "1234")).toBe(false);
    expect(passes("contact.zip", "eq", 1234)).toBe(true); // number vs numeric text: numeric
    expect(passes("lead_source", "eq", "referral")).toBe(false); // case-sensitive
  });
  it("matches booleans with true/false text", () => {
    expect(passes("contact.vip", "eq", true)).toBe(true);
    expect(passes("contact.vip", "eq", "true")).toBe(true);
    expect(passes("contact.vip_text", "eq", true)).toBe(true);
    expect(passes("contact.vip", "eq", 1)).toBe(false);
    expect(passes("contact.vip", "eq", "yes")).toBe(false);
  });
  it("treats null and missing alike", () => {
    expect(passes("contact.nickname", "eq", null)).toBe(true);
    expect(passes("contact.missing", "eq", null)).toBe(true);
    expect(passes("contact.missing", "eq", "")).toBe(false);
    expect(passes("contact.missing", "neq", "x")).toBe(true);
    expect(passes("contact.nickname", "neq", null)).toBe(false);
  });
  it("compares arrays and objects structurally", () => {
    expect(passes("items", "eq", [{ sku: "A" }, { sku: "B" }])).toBe(true);
    expect(passes("items.0", "eq", { sku: "B" })).toBe(false);
    expect(passes("tags", "neq", ["VIP", "Lead", "42"])).toBe(false); // 42 == "42"
  });
});

describe("exists / not_exists", () => {
  it("exists = not undefined and not null", () => {
    expect(passes("contact.email", "exists")).toBe(true);
    expect(passes("empty", "exists")).toBe(true);
    expect(passes("zero", "exists")).toBe(true);
    expect(passes("contact.nickname", "exists")).toBe(false);
    expect(passes("contact.nope", "exists")).toBe(false);
    expect(passes("contact.nickname", "not_exists")).toBe(true);
    expect(passes("nope.deeper.still", "not_exists")).toBe(true);
    expect(passes("contact.email", "not_exists")).toBe(false);
  });
});

describe("gt / gte / lt / lte", () => {
  it("compares numerically when both sides are numeric", () => {
    expect(passes("deal.value", "gt", 999)).toBe(true); // "5000" > 999, not "5000" > "999" as text
    expect(passes("deal.value", "gte", "5000")).toBe(true);
    expect(passes("contact.age", "gt", 18)).toBe(false);
    expect(passes("contact.age", "lt", 18)).toBe(true);
    expect(passes("contact.age", "lte", 17)).toBe(true);
    expect(passes("contact.age", "lt", 17)).toBe(false);
    expect(passes("zero", "gte", 0)).toBe(true);
    expect(passes("contact.age_text", "gt", "9")).toBe(true);
  });
  it("compares ISO dates chronologically", () => {
    expect(passes("deal.created", "gt", "2024-04-30")).toBe(true);
    expect(passes("deal.created", "lt", "2024-05-01T09:59:59Z")).toBe(false);
    expect(passes("deal.created", "gte", "2024-05-01T12:00:00+02:00")).toBe(true); // same instant
    expect(passes("deal.closes", "gt", "2024-05-31T23:59:59Z")).toBe(true);
    expect(passes("deal.closes", "lte", "2024-06-01")).toBe(true);
  });
  it("fails with an explanation when values are not comparable", () => {
    const r = run("lead_source", "gt", 5);
    expect(r.passed).toBe(false);
    expect(r.reason).toContain("not comparable");
    expect(passes("contact.vip", "gt", 0)).toBe(false);
    expect(passes("contact.missing", "lt", 100)).toBe(false);
    expect(passes("contact.nickname", "lt", 100)).toBe(false);
    expect(passes("deal.created", "gt", 5)).toBe(false);
    expect(passes("empty", "lt", 1)).toBe(false);
  });
});

describe("contains / not_contains", () => {
  it("finds elements in arrays with loose equality", () => {
    expect(passes("tags", "contains", "VIP")).toBe(true);
    expect(passes("tags", "contains", "vip")).toBe(false);
    expect(passes("tags", "contains", "42")).toBe(true);
    expect(passes("items", "contains", { sku: "B" })).toBe(true);
  });
  it("finds substrings in text (case-sensitive)", () => {
    expect(passes("contact.name", "contains", "Love")).toBe(true);
    expect(passes("contact.name", "contains", "love")).toBe(false);
    expect(passes("contact.age", "contains", 7)).toBe(true);
  });
  it("missing fields contain nothing", () => {
    expect(passes("nope", "contains", "x")).toBe(false);
    expect(passes("nope", "not_contains", "x")).toBe(true);
    expect(passes("tags", "not_contains", "Customer")).toBe(true);
    expect(passes("tags", "not_contains", "VIP")).toBe(false);
    expect(passes("contact.vip", "contains", true)).toBe(false);
  });
});

describe("contains_any", () => {
  it("works on arrays and text, with array or comma-separated values", () => {
    expect(passes("tags", "contains_any", ["Customer", "Lead"])).toBe(true);
    expect(passes("tags", "contains_any", "Customer, Lead")).toBe(true);
    expect(passes("tags", "contains_any", ["Customer"])).toBe(false);
    expect(passes("contact.email", "contains_any", ["@example.com", "@test.com"])).toBe(true);
    expect(passes("contact.email", "contains_any", ["@EXAMPLE.com"])).toBe(false);
    expect(passes("tags", "contains_any", 42)).toBe(true);
  });
  it("an empty list or missing field never matches", () => {
    expect(run("tags", "contains_any", []).reason).toContain("empty");
    expect(passes("tags", "contains_any", [])).toBe(false);
    expect(passes("nope", "contains_any", ["a"])).toBe(false);
  });
});

describe("contains_text", () => {
  it("is a case-insensitive substring test", () => {
    expect(passes("contact.name", "contains_text", "LOVELACE")).toBe(true);
    expect(passes("contact.name", "contains_text", "babbage")).toBe(false);
    expect(passes("tags", "contains_text", "vi")).toBe(true);
    expect(passes("contact.age", "contains_text", "17")).toBe(true);
    expect(passes("nope", "contains_text", "a")).toBe(false);
    expect(passes("items", "contains_text", "sku")).toBe(false); // objects are not text
  });
});

describe("in", () => {
  it("checks membership with eq semantics", () => {
    expect(passes("lead_source", "in", ["Referral", "Website"])).toBe(true);
    expect(passes("lead_source", "in", "Website, Referral")).toBe(true);
    expect(passes("lead_source", "in", ["referral"])).toBe(false);
    expect(passes("contact.age", "in", ["16", "17"])).toBe(true);
    expect(passes("nope", "in", ["a"])).toBe(false);
    expect(passes("nope", "in", [null])).toBe(true);
    expect(passes("lead_source", "in", [])).toBe(false);
  });
});

describe("reasons and results", () => {
  it("explains failures and passes", () => {
    const r = run("contact.age", "gt", 18);
    expect(r).toMatchObject({ passed: false, field: "contact.age", operator: "gt", expected: 18, actual: 17 });
    expect(r.reason).toBe("contact.age is 17, expected gt 18");
    expect(run("contact.age", "lt", 18).reason).toBe("contact.age is 17, matches lt 18");
    expect(run("contact.nope", "exists").reason).toBe("contact.nope is missing, expected exists");
    expect(run("lead_source", "in", ["A", "B"]).reason).toBe('lead_source is "Referral", expected in ["A", "B"]');
  });
  it("accepts {{ }} around the field", () => {
    expect(passes("{{contact.age}}", "eq", 17)).toBe(true);
  });
  it("reports an unknown operator instead of throwing", () => {
    const r = evaluateCondition({ field: "a", operator: "nope" as OperatorId, value: 1 }, data);
    expect(r.passed).toBe(false);
    expect(r.reason).toContain("unknown operator");
  });
});

describe("evaluateConditions (AND)", () => {
  it("passes when all pass, reports the first failure", () => {
    const conds: Condition[] = [
      { field: "tags", operator: "contains", value: "VIP" },
      { field: "deal.value", operator: "gte", value: 6000 },
      { field: "lead_source", operator: "in", value: ["Nope"] },
    ];
    const r = evaluateConditions(conds, data);
    expect(r.passed).toBe(false);
    expect(r.results).toHaveLength(3);
    expect(r.failed?.field).toBe("deal.value");
    const ok = evaluateConditions(conds.slice(0, 1), data);
    expect(ok.passed).toBe(true);
    expect(ok.failed).toBeUndefined();
    expect(evaluateConditions([], data).passed).toBe(true);
  });
});

describe("evaluateConditionTree", () => {
  const tree = {
    match: "all" as const,
    groups: [
      { match: "any" as const, conditions: [{ field: "lead_source", operator: "eq" as const, value: "Website" }, { field: "tags", operator: "contains" as const, value: "VIP" }] },
      { match: "all" as const, conditions: [{ field: "contact.age", operator: "gte" as const, value: 16 }] },
    ],
  };
  it("combines groups and conditions", () => {
    const r = evaluateConditionTree(tree, data);
    expect(r.passed).toBe(true);
    expect(r.groups.map((g) => g.passed)).toEqual([true, true]);
    expect(r.reason).toContain("tags is");
  });
  it("all vs any", () => {
    const failing = { ...tree, groups: [...tree.groups, { match: "all" as const, conditions: [{ field: "nope", operator: "exists" as const }] }] };
    expect(evaluateConditionTree(failing, data).passed).toBe(false);
    expect(evaluateConditionTree(failing, data).reason).toContain("nope is missing");
    expect(evaluateConditionTree({ ...failing, match: "any" }, data).passed).toBe(true);
  });
});
