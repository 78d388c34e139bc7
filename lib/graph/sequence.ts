import type { Graph, GraphNode } from "./schema";
import { findTrigger } from "./traverse";

/**
 * The seed-000 view of a graph: an ordered action sequence after the trigger.
 * It exists only for linear graphs (every step has one `next` successor, no
 * branches, merges or steps off the chain); branching graphs are edited on the
 * canvas, and sequence edits on them are refused with the reason.
 */
export type ActionSequence = { linear: true; actions: GraphNode[] } | { linear: false; actions: GraphNode[]; reason: string };

export function actionSequence(graph: Graph): ActionSequence {
  const trigger = findTrigger(graph);
  const others = graph.nodes.filter((n) => n !== trigger);
  const branching = (reason: string): ActionSequence => ({ linear: false, actions: others, reason });
  if (!trigger) return branching("the graph has no trigger");
  const next = new Map<string, string[]>();
  const incoming = new Map<string, number>();
  for (const e of graph.edges) {
    if (e.sourceHandle !== "next") return branching(`step "${e.source}" branches on its "${e.sourceHandle}" output`);
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
    incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const chain: GraphNode[] = [];
  let at = trigger.id;
  for (;;) {
    const targets = next.get(at) ?? [];
    if (targets.length > 1) return branching(`step "${at}" fans out to ${targets.length} steps`);
    if (targets.length === 0) break;
    const n = byId.get(targets[0]);
    if (!n) break;
    if ((incoming.get(n.id) ?? 0) > 1) return branching(`step "${n.name}" merges several paths`);
    chain.push(n);
    at = n.id;
  }
  if (chain.length !== others.length) return branching(`${others.length - chain.length} step(s) are not on the chain after the trigger`);
  return { linear: true, actions: chain };
}

/** A linear graph whose actions follow `ordered` (trigger → ordered[0] → …); node positions laid out in a column. */
export function linearGraph(trigger: GraphNode, ordered: GraphNode[], newEdgeId: () => string): Graph {
  const nodes = [trigger, ...ordered.map((n, i) => ({ ...n, position: { x: trigger.position.x, y: trigger.position.y + 140 * (i + 1) } }))];
  const edges = nodes.slice(1).map((n, i) => ({ id: newEdgeId(), source: nodes[i].id, sourceHandle: "next", target: n.id }));
  return { nodes, edges };
}
