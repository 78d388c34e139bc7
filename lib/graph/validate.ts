import type { z } from "zod";
import { configErrorMap, formatFieldMessage } from "../nodes/config";
import type { CatalogNodeType } from "../nodes/field-meta";
import { getNodeType } from "../nodes/registry";
import { graphSchema, type Graph, type GraphEdge, type GraphProblem } from "./schema";
import { findCycles, reachableFrom } from "./traverse";
import { configProblems, templateProblems } from "./validate-nodes";
import { connectionProblems, type KnownConnection } from "./validate-connections";
import { outgoingWebhookProblems, type KnownOutgoingWebhook } from "./validate-outgoing-webhooks";

/**
 * Problem codes (GraphProblem.code). Errors block publishing; warnings do not.
 *   errors:   schema, no_trigger, multiple_triggers, unknown_type, duplicate_node_id,
 *             duplicate_edge_id, missing_source, missing_target, invalid_handle,
 *             duplicate_edge, self_loop, trigger_incoming, cycle, invalid_config, required_field,
 *             connection_missing, connection_type, secret_not_allowed, unknown_connection,
 *             outgoing_webhook_missing (validate-outgoing-webhooks.ts; outgoing_webhook_inactive is a warning)
 *             (connections: see validate-connections.ts; inline_secret is a warning)
 *   warnings: unreachable, condition_no_branches, duplicate_name, unknown_step_reference,
 *             step_not_upstream, unknown_template_root, loop_outside, invalid_template
 */
export interface ValidateGraphOptions {
  /** Node type lookup (defaults to the catalog registry). */
  getType?: (type: string) => CatalogNodeType | undefined;
  /** Check {{templates}} against upstream steps (default true). */
  checkTemplates?: boolean;
  /** The workspace's connections: chosen connections and {{connections.*}} names must exist. Unchecked when absent. */
  connections?: readonly KnownConnection[];
  /** The workspace's outgoing webhook endpoints: a chosen endpoint must exist. Unchecked when absent. */
  outgoingWebhooks?: readonly KnownOutgoingWebhook[];
}

export interface ValidateGraphResult {
  /** No error-severity problems (warnings allowed). */
  ok: boolean;
  /** The parsed graph whenever its shape is valid (even when other problems exist). */
  graph?: Graph;
  problems: GraphProblem[];
}

function shapeProblems(raw: unknown, issues: z.core.$ZodIssue[]): GraphProblem[] {
  const rawNodes = raw && typeof raw === "object" && Array.isArray((raw as { nodes?: unknown }).nodes) ? (raw as { nodes: unknown[] }).nodes : [];
  const rawEdges = raw && typeof raw === "object" && Array.isArray((raw as { edges?: unknown }).edges) ? (raw as { edges: unknown[] }).edges : [];
  return issues.map((issue): GraphProblem => {
    const [collection, index, ...rest] = issue.path;
    const restPath = rest.map(String).join(".");
    const lastSeg = rest.length > 0 ? String(rest[rest.length - 1]) : "";
    // schema messages that already name their field ("name is required", "node id: …") are kept as they are
    const head = issue.message.split(":")[0];
    const namesField = lastSeg !== "" && head.split(/\s+/).includes(lastSeg);
    const message = namesField ? issue.message : formatFieldMessage(restPath || undefined, issue.message);
    if ((collection === "nodes" || collection === "edges") && typeof index === "number") {
      const item = (collection === "nodes" ? rawNodes : rawEdges)[index] as Record<string, unknown> | undefined;
      const id = item && typeof item.id === "string" ? item.id : undefined;
      const name = item && typeof item.name === "string" && item.name.trim() ? item.name : undefined;
      const label = collection === "nodes" ? (name ? `"${name}"` : `Step ${index + 1}`) : `Connection ${index + 1}`;
      const ref = collection === "nodes" ? { nodeId: id } : { edgeId: id };
      return { ...ref, message: `${label}: ${message}`, severity: "error", code: "schema" };
    }
    const where = issue.path.length > 0 ? formatFieldMessage(issue.path.map(String).join("."), issue.message) : issue.message;
    return { message: `Graph: ${where}`, severity: "error", code: "schema" };
  });
}

function err(code: string, message: string, ref: { nodeId?: string; edgeId?: string } = {}): GraphProblem {
  return { ...ref, message, severity: "error", code };
}
function warn(code: string, message: string, ref: { nodeId?: string; edgeId?: string } = {}): GraphProblem {
  return { ...ref, message, severity: "warning", code };
}

/** Validates a graph (any JSON) and returns every problem at once, most structural first. */
export function validateGraph(input: unknown, opts: ValidateGraphOptions = {}): ValidateGraphResult {
  const lookup = opts.getType ?? getNodeType;
  const parsed = graphSchema.safeParse(input, { error: configErrorMap });
  if (!parsed.success) return { ok: false, problems: shapeProblems(input, parsed.error.issues) };
  const graph = parsed.data;
  const problems: GraphProblem[] = [];
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const label = (id: string) => {
    const node = nodeById.get(id);
    return node ? `"${node.name}"` : `"${id}"`;
  };

  // nodes: ids, names, types, trigger count
  const seenIds = new Set<string>();
  const seenNames = new Set<string>();
  for (const node of graph.nodes) {
    if (seenIds.has(node.id)) problems.push(err("duplicate_node_id", `"${node.name}": another step already uses the id "${node.id}"`, { nodeId: node.id }));
    seenIds.add(node.id);
    if (seenNames.has(node.name)) {
      problems.push(warn("duplicate_name", `"${node.name}": another step has the same name; {{steps.${node.name}}} refers to the first one — rename one of them`, { nodeId: node.id }));
    }
    seenNames.add(node.name);
    if (!lookup(node.type)) problems.push(err("unknown_type", `"${node.name}": unknown step type "${node.type}"`, { nodeId: node.id }));
  }
  const triggers = graph.nodes.filter((n) => lookup(n.type)?.kind === "trigger");
  if (triggers.length === 0) problems.push(err("no_trigger", "The automation needs a trigger: add one trigger step"));
  if (triggers.length > 1) {
    for (const extra of triggers.slice(1)) {
      problems.push(err("multiple_triggers", `"${extra.name}": an automation has exactly one trigger; remove this one or "${triggers[0].name}"`, { nodeId: extra.id }));
    }
  }

  // edges
  const seenEdgeIds = new Set<string>();
  const seenConnections = new Set<string>();
  const usable: GraphEdge[] = [];
  for (const edge of graph.edges) {
    const ref = { edgeId: edge.id };
    if (seenEdgeIds.has(edge.id)) problems.push(err("duplicate_edge_id", `Connection "${edge.id}": another connection already uses this id`, ref));
    seenEdgeIds.add(edge.id);
    const source = nodeById.get(edge.source);
    const target = nodeById.get(edge.target);
    if (!source) problems.push(err("missing_source", `Connection "${edge.id}" starts at step "${edge.source}", which does not exist`, ref));
    if (!target) problems.push(err("missing_target", `Connection "${edge.id}" leads to step "${edge.target}", which does not exist`, ref));
    if (!source || !target) continue;
    if (edge.source === edge.target) {
      problems.push(err("self_loop", `"${source.name}" is connected to itself; use a Loop step to repeat work`, { ...ref, nodeId: source.id }));
      continue;
    }
    const def = lookup(source.type);
    if (def && !def.handles.some((h) => h.id === edge.sourceHandle)) {
      const available = def.handles.map((h) => h.id).join(", ");
      problems.push(
        err(
          "invalid_handle",
          available
            ? `"${source.name}" has no output "${edge.sourceHandle}" (its outputs: ${available})`
            : `"${source.name}" ends the run and has no outputs; remove the connection to "${target.name}"`,
          { ...ref, nodeId: source.id },
        ),
      );
    }
    if (lookup(target.type)?.kind === "trigger") {
      problems.push(err("trigger_incoming", `"${target.name}" is the trigger and cannot have incoming connections (from "${source.name}")`, { ...ref, nodeId: target.id }));
    }
    const key = `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}`;
    if (seenConnections.has(key)) {
      problems.push(err("duplicate_edge", `"${source.name}" output "${edge.sourceHandle}" is connected to "${target.name}" twice`, ref));
      continue;
    }
    seenConnections.add(key);
    usable.push(edge);
  }
  const clean: Graph = { nodes: graph.nodes, edges: usable };

  // cycles
  for (const cycle of findCycles(clean)) {
    const path = [...cycle, cycle[0]].map(label).join(" → ");
    problems.push(err("cycle", `Cycle: ${path}; steps must not lead back to an earlier step (use a Loop step to repeat work)`, { nodeId: cycle[0] }));
  }

  // reachability and branches
  const trigger = triggers[0];
  const reachable = trigger ? reachableFrom(clean, trigger.id) : undefined;
  for (const node of graph.nodes) {
    const def = lookup(node.type);
    if (reachable && def?.kind !== "trigger" && !reachable.has(node.id)) {
      problems.push(warn("unreachable", `"${node.name}" is not connected to the trigger and will never run`, { nodeId: node.id }));
    }
    if (def?.kind === "condition" && !usable.some((e) => e.source === node.id)) {
      problems.push(warn("condition_no_branches", `"${node.name}" has no outgoing connections; connect its True and/or False output`, { nodeId: node.id }));
    }
  }

  // per-node config and templates
  for (const node of graph.nodes) {
    const def = lookup(node.type);
    if (!def) continue;
    problems.push(...configProblems(node, def));
    problems.push(...connectionProblems(node, def, opts.connections));
    problems.push(...outgoingWebhookProblems(node, def, opts.outgoingWebhooks));
    if (opts.checkTemplates !== false) problems.push(...templateProblems(clean, node, def, lookup));
  }

  const ok = !problems.some((p) => p.severity !== "warning");
  return { ok, graph, problems };
}

/** Only the error-severity problems. */
export function graphErrors(problems: readonly GraphProblem[]): GraphProblem[] {
  return problems.filter((p) => p.severity !== "warning");
}
