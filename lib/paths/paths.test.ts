import { describe, expect, it } from "vitest";
import { formatPath, getPath, lookupPath, parsePath } from "./index";

describe("parsePath", () => {
  it("splits dots, indexes and quoted brackets", () => {
    expect(parsePath("a.b.0.c")).toEqual({ ok: true, segments: ["a", "b", "0", "c"] });
    expect(parsePath("items[2].name")).toEqual({ ok: true, segments: ["items", "2", "name"] });
    expect(parsePath('steps["Fetch order"].body')).toEqual({ ok: true, segments: ["steps", "Fetch order", "body"] });
    expect(parsePath("steps['a.b'][0]")).toEqual({ ok: true, segments: ["steps", "a.b", "0"] });
    expect(parsePath('x["say \\"hi\\""]')).toEqual({ ok: true, segments: ["x", 'say "hi"'] });
  });
  it("allows spaces inside dot segments (node names)", () => {
    expect(parsePath("steps.Fetch order.body")).toEqual({ ok: true, segments: ["steps", "Fetch order", "body"] });
    expect(parsePath("  trigger.a  ")).toEqual({ ok: true, segments: ["trigger", "a"] });
  });
  it("rejects malformed paths with a reason", () => {
    for (const bad of ["", "a..b", "a.", ".a", "a[", "a[x]", 'a["x', "a]b", "a[0]b", "a(1)\""]) {
      const r = parsePath(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(3);
    }
  });
  it("formats canonically", () => {
    expect(formatPath(["steps", "Fetch order", "body", "0"])).toBe('steps["Fetch order"].body.0');
    expect(formatPath(["trigger", "contact", "first_name"])).toBe("trigger.contact.first_name");
  });
});

describe("getPath", () => {
  const data = { a: { b: [{ c: 1 }, { c: null }] }, list: [10, 20], "x y": { z: true } };
  it("walks objects and arrays", () => {
    expect(getPath(data, "a.b.0.c")).toBe(1);
    expect(getPath(data, "a.b[1].c")).toBeNull();
    expect(getPath(data, "list.1")).toBe(20);
    expect(getPath(data, "list.length")).toBe(2);
    expect(getPath(data, '["x y"].z')).toBe(true);
  });
  it("distinguishes missing from null", () => {
    expect(lookupPath(data, "a.b.1.c")).toEqual({ found: true, value: null });
    expect(lookupPath(data, "a.b.5.c")).toEqual({ found: false, value: undefined });
    expect(lookupPath(data, "a.nope")).toEqual({ found: false, value: undefined });
    expect(lookupPath(null, "a")).toEqual({ found: false, value: undefined });
    expect(lookupPath("text", "length")).toEqual({ found: false, value: undefined });
  });
  it("never reaches the prototype chain", () => {
    expect(getPath({}, "constructor")).toBeUndefined();
    expect(getPath({}, "__proto__")).toBeUndefined();
    expect(getPath({ a: {} }, "a.toString")).toBeUndefined();
    expect(getPath([], "map")).toBeUndefined();
  });
});
