import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  OPERATORS,
  OPERATOR_IDS,
  conditionSchema,
  conditionTreeSchema,
  conditionsFromObject,
  conditionsInputSchema,
  conditionsSchema,
  conditionsToObject,
  describeCondition,
  describeConditionTree,
} from "./index";

describe("conditionSchema", () => {
  it("requires a value except for exists / not_exists", () => {
    const r = conditionSchema.safeParse({ field: "deal.value", operator: "gte" });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error.issues[0].path).toEqual(["value"]);
      expect(r.error.issues[0].message).toContain('is required for operator "gte"');
    }
    expect(conditionSchema.safeParse({ field: "email", operator: "exists" }).success).toBe(true);
    expect(conditionSchema.safeParse({ field: "email", operator: "not_exists" }).success).toBe(true);
    expect(conditionSchema.safeParse({ field: "x", operator: "eq", value: null }).success).toBe(true);
  });
  it("rejects unknown operators and bad fields with clear messages", () => {
    const r = conditionSchema.safeParse({ field: "x", operator: "bigger", value: 1 });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0].message).toContain("must be one of: eq, neq");
    const f = conditionSchema.safeParse({ field: "a..b", operator: "eq", value: 1 });
    expect(f.success).toBe(false);
    if (!f.success) expect(f.error.issues[0].message).toContain("is not a valid path");
    expect(conditionSchema.safeParse({ field: "  ", operator: "exists" }).success).toBe(false);
  });
  it("conditionsSchema is an array; trees need groups with conditions", () => {
    expect(conditionsSchema.safeParse([]).success).toBe(true);
    expect(conditionTreeSchema.safeParse({ match: "all", groups: [] }).success).toBe(false);
    expect(conditionTreeSchema.safeParse({ groups: [{ conditions: [] }] }).success).toBe(false);
    const tree = conditionTreeSchema.parse({ groups: [{ conditions: [{ field: "a", operator: "exists" }] }] });
    expect(tree.match).toBe("all");
    expect(tree.groups[0].match).toBe("all");
  });
  it("is convertible to JSON Schema", () => {
    expect(() => z.toJSONSchema(conditionTreeSchema, { io: "input" })).not.toThrow();
  });
});

describe("OPERATORS metadata", () => {
  it("covers every operator once", () => {
    expect(OPERATORS.map((o) => o.id).sort()).toEqual([...OPERATOR_IDS].sort());
    expect(OPERATOR_IDS).toHaveLength(13);
    for (const op of OPERATORS) {
      expect(op.valueKind === "none").toBe(!op.needsValue);
      expect(op.label.length).toBeGreaterThan(2);
    }
    expect(OPERATORS.find((o) => o.id === "gt")?.label).toBe("is greater than");
    expect(OPERATORS.find((o) => o.id === "in")?.valueKind).toBe("list");
  });
});

describe("describe", () => {
  it("summarizes conditions compactly", () => {
    expect(describeCondition({ field: "amount", operator: "gt", value: 10 })).toBe("amount > 10");
    expect(describeCondition({ field: "email", operator: "exists" })).toBe("email exists");
    expect(describeCondition({ field: "src", operator: "in", value: ["a", "b"] })).toBe('src in ["a", "b"]');
    expect(
      describeConditionTree({
        match: "all",
        groups: [
          { match: "any", conditions: [{ field: "a", operator: "gt", value: 1 }, { field: "b", operator: "eq", value: 2 }] },
          { match: "all", conditions: [{ field: "c", operator: "exists" }] },
        ],
      }),
    ).toBe("(a > 1 or b = 2) and c exists");
  });
});

describe("TrustPager object form", () => {
  it("converts both ways", () => {
    const obj = { tags: { contains: "VIP" }, "deal.value": { gte: 5000, lt: 10000 }, lead_source: { in: ["Referral", "Website"] }, "appointment.type": "video", email: { exists: true }, phone: { exists: false } };
    const list = conditionsFromObject(obj);
    expect(list).toEqual([
      { field: "tags", operator: "contains", value: "VIP" },
      { field: "deal.value", operator: "gte", value: 5000 },
      { field: "deal.value", operator: "lt", value: 10000 },
      { field: "lead_source", operator: "in", value: ["Referral", "Website"] },
      { field: "appointment.type", operator: "eq", value: "video" },
      { field: "email", operator: "exists" },
      { field: "phone", operator: "not_exists" },
    ]);
    const parsed = conditionsSchema.parse(list);
    expect(conditionsToObject(parsed)).toEqual({
      tags: { contains: "VIP" },
      "deal.value": { gte: 5000, lt: 10000 },
      lead_source: { in: ["Referral", "Website"] },
      "appointment.type": { eq: "video" },
      email: { exists: true },
      phone: { not_exists: true },
    });
  });
  it("conditionsInputSchema accepts array, object or null and reports issues by field", () => {
    expect(conditionsInputSchema.parse(null)).toEqual([]);
    expect(conditionsInputSchema.parse({ a: 1 })).toEqual([{ field: "a", operator: "eq", value: 1 }]);
    expect(conditionsInputSchema.parse([{ field: "a", operator: "exists" }])).toEqual([{ field: "a", operator: "exists" }]);
    const bad = conditionsInputSchema.safeParse({ tags: { contains: "VIP", containz: "x" } });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      expect(bad.error.issues[0].path).toEqual(["tags", "operator"]);
      expect(bad.error.issues[0].message).toContain("must be one of");
    }
    expect(conditionsInputSchema.safeParse("nope").success).toBe(false);
  });
});
