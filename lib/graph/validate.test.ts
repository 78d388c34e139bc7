import { describe, expect, it } from "vitest";
import type { Graph, GraphEdge, GraphNode } from "./schema";
import { graphErrors, validateGraph } from "./validate";

function node(id: string, type: string, name: string, config: Record<string, unknown> = {}): GraphNode {
  return { id, type, name, config, position: { x: 0, y: 0 } };
}
function edge(source: string, target: string, sourceHandle = "next", id = `${source}-${sourceHandle}-${target}`): GraphEdge {
  return { id, source, target, sourceHandle };
}

const trigger = node("t", "manual", "Start", { sampleData: {} });
const http = node("h", "http_request", "Fetch order", { method: "GET", url: "https://api.example.com/orders/{{trigger.id}}" });
const check = node("c", "condition", "Paid?", {
  match: "all",
  groups: [{ match: "all", conditions: [{ field: 'steps["Fetch order"].body.status', operator: "eq", value: "paid" }] }],
});
const email = node("e", "send_email", "Send email", { to: "{{trigger.email}}", subject: "Order {{steps.Fetch order.body.id}}" });

function valid(): Graph {
  return {
    nodes: [trigger, http, check, email],
    edges: [edge("t", "h"), edge("h", "c"), edge("c", "e", "true")],
  };
}

function codes(graph: unknown) {
  return validateGraph(graph).problems.map((p) => p.code);
}
function only(graph: unknown, code: string) {
  return validateGraph(graph).problems.filter((p) => p.code === code);
}

describe("validateGraph", () => {
  it("accepts a valid graph with no problems", () => {
    const r = validateGraph(valid());
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.graph?.nodes).toHaveLength(4);
  });

  it("reports shape problems with paths", () => {
    const r = validateGraph({ nodes: [{ id: "bad id!", type: "manual", name: "" }], edges: "nope" });
    expect(r.ok).toBe(false);
    expect(r.graph).toBeUndefined();
    expect(r.problems.every((p) => p.code === "schema")).toBe(true);
    const messages = r.problems.map((p) => p.message);
    expect(messages).toContain("Step 1: name is required");
    expect(messages).toContain("Step 1: node id: 1–64 letters, digits, _ or -");
    expect(messages.some((m) => m.startsWith('Graph: "edges" must be an array'))).toBe(true);
    expect(validateGraph(null).ok).toBe(false);
  });

  it("requires exactly one trigger", () => {
    expect(only({ nodes: [http], edges: [] }, "no_trigger")[0].message).toContain("needs a trigger");
    const two = valid();
    two.nodes.push(node("t2", "manual", "Start again"));
    const p = only(two, "multiple_triggers");
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ nodeId: "t2", severity: "error" });
  });

  it("rejects unknown node types and duplicate ids", () => {
    const g = valid();
    g.nodes.push(node("x", "teleport", "Beam me up"), node("h", "code", "Twin"));
    g.edges.push(edge("t", "x"), { ...edge("h", "c"), id: "h-next-c" });
    expect(only(g, "unknown_type")[0].message).toBe('"Beam me up": unknown step type "teleport"');
    expect(only(g, "duplicate_node_id")[0].message).toContain('"h"');
    expect(only(g, "duplicate_edge_id")).toHaveLength(1);
  });

  it("rejects edges to or from missing nodes, self loops, bad handles, duplicate connections, edges into the trigger", () => {
    const g = valid();
    g.edges.push(edge("h", "ghost"), edge("ghost", "h"), edge("e", "e"), edge("c", "e", "next"), { ...edge("c", "e", "true"), id: "dup" }, edge("e", "t"));
    const r = validateGraph(g);
    const byCode = (c: string) => r.problems.filter((p) => p.code === c);
    expect(byCode("missing_target")[0].message).toContain('"ghost", which does not exist');
    expect(byCode("missing_source")).toHaveLength(1);
    expect(byCode("self_loop")[0].message).toBe('"Send email" is connected to itself; use a Loop step to repeat work');
    expect(byCode("invalid_handle")[0].message).toBe('"Paid?" has no output "next" (its outputs: true, false)');
    expect(byCode("duplicate_edge")[0].message).toBe('"Paid?" output "true" is connected to "Send email" twice');
    expect(byCode("trigger_incoming")).toHaveLength(1);
    expect(r.ok).toBe(false);
  });

  it("stop has no outputs", () => {
    const g: Graph = { nodes: [trigger, node("s", "stop", "Stop"), node("k", "code", "Code")], edges: [edge("t", "s"), edge("s", "k")] };
    expect(only(g, "invalid_handle")[0].message).toBe('"Stop" ends the run and has no outputs; remove the connection to "Code"');
  });

  it("names the nodes of a cycle", () => {
    const a = node("a", "code", "A");
    const b = node("b", "code", "B");
    const g: Graph = { nodes: [trigger, a, b], edges: [edge("t", "a"), edge("a", "b"), edge("b", "a")] };
    const p = only(g, "cycle");
    expect(p).toHaveLength(1);
    expect(p[0].message).toContain('"A" → "B" → "A"');
    expect(validateGraph(g).ok).toBe(false);
  });

  it("reports config problems per node and field", () => {
    const g = valid();
    g.nodes[3] = node("e", "send_email", "Send email", { to: "", subject: "Hi", cc: "not-an-address" });
    g.nodes[1] = node("h", "http_request", "Fetch order", { url: "https://x.test", timeoutMs: 999_999 });
    const r = validateGraph(g);
    const config = r.problems.filter((p) => p.code === "invalid_config" || p.code === "required_field");
    expect(config).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: "e", field: "cc", message: '"Send email": "cc" has invalid address: not-an-address' }),
        expect.objectContaining({ nodeId: "h", field: "timeoutMs", message: '"Fetch order": "timeoutMs" must be at most 120,000 ms (2 minutes)' }),
      ]),
    );
    const g2 = valid();
    g2.nodes[3] = node("e", "send_email", "Send email", { subject: "Hi" });
    expect(only(g2, "required_field")[0]).toMatchObject({ nodeId: "e", field: "to", message: '"Send email": "to" is required', severity: "error" });
    expect(validateGraph(g2).ok).toBe(false);
  });

  it("warns about unreachable nodes without failing", () => {
    const g = valid();
    g.nodes.push(node("lonely", "code", "Lonely"));
    const r = validateGraph(g);
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([expect.objectContaining({ code: "unreachable", nodeId: "lonely", severity: "warning", message: '"Lonely" is not connected to the trigger and will never run' })]);
  });

  it("warns about condition nodes without branches", () => {
    const g: Graph = { nodes: [trigger, check, http], edges: [edge("t", "h"), edge("h", "c")] };
    const p = only(g, "condition_no_branches");
    expect(p[0]).toMatchObject({ nodeId: "c", severity: "warning" });
    expect(validateGraph(g).ok).toBe(true);
  });

  it("warns about templates that reference steps that do not run before", () => {
    const g = valid();
    g.nodes[1] = node("h", "http_request", "Fetch order", { url: "https://x.test/{{steps.Send email.id}}" });
    g.nodes.push(node("x", "code", "Other branch"));
    g.edges.push(edge("c", "x", "false"));
    g.nodes[3] = node("e", "send_email", "Send email", { to: "{{trigger.email}}", subject: "{{steps.Other branch.ok}} {{steps.Nobody.x}} {{contact.name}} {{loop.item}} {{steps.e.id}}" });
    const r = validateGraph(g);
    expect(r.ok).toBe(true);
    const messages = r.problems.map((p) => `${p.code}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'step_not_upstream: "Fetch order": {{steps.Send email.id}} in "url" refers to "Send email", which does not run before this step',
        'step_not_upstream: "Send email": {{steps.Other branch.ok}} in "subject" refers to "Other branch", which does not run before this step',
        'unknown_step_reference: "Send email": {{steps.Nobody.x}} in "subject" refers to "Nobody", but no step has that name or id',
        'unknown_template_root: "Send email": {{contact.name}} in "subject" starts with "contact"; variables start with trigger, steps, vars, loop, today or now (did you mean trigger.contact.name?)',
        'loop_outside: "Send email": {{loop.item}} in "subject" is only available on steps after a Loop\'s "Each item" output',
        'step_not_upstream: "Send email": {{steps.e.id}} in "subject" refers to "Send email", which is this step itself',
      ]),
    );
    expect(r.problems.every((p) => p.severity === "warning")).toBe(true);
  });

  it("checks condition fields as scope paths and allows loop vars inside loops", () => {
    const loop = node("l", "loop", "Each line", { items: "{{steps.Fetch order.body.lines}}" });
    const inner = node("i", "condition", "Big line?", { groups: [{ conditions: [{ field: "loop.item.qty", operator: "gt", value: 5 }, { field: "steps.Later.x", operator: "exists" }] }] });
    const later = node("z", "code", "Later");
    const g: Graph = {
      nodes: [trigger, http, loop, inner, later],
      edges: [edge("t", "h"), edge("h", "l"), edge("l", "i", "item"), edge("i", "z", "true"), edge("l", "z", "done")],
    };
    const r = validateGraph(g);
    expect(r.problems.map((p) => p.code)).toEqual(["step_not_upstream"]);
    expect(r.problems[0]).toMatchObject({ nodeId: "i", field: "groups.0.conditions.1.field" });
    const outside: Graph = { ...g, edges: [edge("t", "h"), edge("h", "l"), edge("l", "i", "done"), edge("i", "z", "true")] };
    expect(codes(outside)).toContain("loop_outside");
  });

  it("warns about duplicate names and malformed templates", () => {
    const g = valid();
    g.nodes.push(node("h2", "code", "Fetch order"));
    g.edges.push(edge("h", "h2"));
    g.nodes[3] = node("e", "send_email", "Send email", { to: "{{trigger.email}}", subject: "{{ a..b }}" });
    expect(codes(g)).toEqual(expect.arrayContaining(["duplicate_name", "invalid_template"]));
    expect(validateGraph(g).ok).toBe(true);
  });

  it("graphErrors keeps only errors", () => {
    const g = valid();
    g.nodes.push(node("lonely", "teleport", "Lonely"));
    const r = validateGraph(g);
    expect(graphErrors(r.problems).map((p) => p.code)).toEqual(["unknown_type"]);
  });
});
