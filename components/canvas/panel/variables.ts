import type { Graph } from "@/lib/graph/schema";
import { enclosingLoops, upstreamNodes } from "@/lib/graph/traverse";
import { formatPath } from "@/lib/paths/parse";
import type { CatalogNodeType } from "@/lib/nodes/field-meta";
import { triggerSample } from "@/lib/triggers/event-config";

/**
 * What the variable picker offers at one node: trigger fields, outputs of the
 * steps upstream of it, vars set upstream, loop item (inside a loop), and the
 * built-ins. Real data from the last test run wins over catalog samples.
 */

export interface VariableOption {
  /** canonical path to insert as {{path}} */
  path: string;
  /** path relative to its group root, for display */
  label: string;
  /** short preview of the value */
  preview?: string;
}

export interface VariableGroup {
  id: string;
  title: string;
  /** where the values come from */
  source: "run" | "sample" | "config" | "builtin";
  options: VariableOption[];
}

export interface VariableContext {
  graph: Graph;
  nodeId: string;
  getType: (type: string) => CatalogNodeType | undefined;
  /** trigger data of the last test run */
  runTriggerData?: unknown;
  /** outputs of the last test run, by node id */
  runOutputs?: Readonly<Record<string, unknown>>;
  maxPerGroup?: number;
}

const MAX_DEPTH = 6;

function preview(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `list (${value.length})`;
  if (typeof value === "object") return "object";
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Every path in a JSON value (objects, arrays via index 0, leaves), depth-limited. */
export function flattenPaths(value: unknown, prefix: string[] = [], out: Array<{ segments: string[]; value: unknown }> = [], depth = 0): Array<{ segments: string[]; value: unknown }> {
  if (depth > MAX_DEPTH) return out;
  if (Array.isArray(value)) {
    if (value.length > 0) {
      out.push({ segments: [...prefix, "0"], value: value[0] });
      if (value[0] && typeof value[0] === "object") flattenPaths(value[0], [...prefix, "0"], out, depth + 1);
    }
    return out;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push({ segments: [...prefix, k], value: v });
      if (v && typeof v === "object") flattenPaths(v, [...prefix, k], out, depth + 1);
    }
  }
  return out;
}

function groupFrom(id: string, title: string, source: VariableGroup["source"], root: string[], value: unknown, max: number): VariableGroup {
  const options: VariableOption[] = [{ path: formatPath(root), label: root[root.length - 1], preview: preview(value) }];
  for (const p of flattenPaths(value)) {
    if (options.length >= max) break;
    options.push({ path: formatPath([...root, ...p.segments]), label: formatPath(p.segments), preview: preview(p.value) });
  }
  return { id, title, source, options };
}

const isEmptyObject = (v: unknown) => !v || (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);

/**
 * Trigger fields: last run > trigger's sample data (config) > catalog sample.
 * `root` is ["trigger"] for templates; [] for automation-level conditions, whose
 * fields are paths into the trigger data itself.
 */
export function triggerGroup(ctx: Pick<VariableContext, "graph" | "getType" | "runTriggerData" | "maxPerGroup">, root: string[]): VariableGroup {
  const max = ctx.maxPerGroup ?? 150;
  const trigger = ctx.graph.nodes.find((n) => ctx.getType(n.type)?.kind === "trigger");
  if (!trigger) return { id: "trigger", title: "Trigger", source: "sample", options: [] };
  const sampleData = (trigger.config as { sampleData?: unknown }).sampleData;
  const [data, source]: [unknown, VariableGroup["source"]] =
    ctx.runTriggerData !== undefined && !isEmptyObject(ctx.runTriggerData)
      ? [ctx.runTriggerData, "run"]
      : !isEmptyObject(sampleData)
        ? [sampleData, "config"]
        : [triggerSample(trigger, ctx.getType(trigger.type)?.sampleOutput), "sample"];
  const title = `Trigger · ${trigger.name}`;
  if (root.length) return groupFrom("trigger", title, source, root, data, max);
  const options = flattenPaths(data)
    .slice(0, max)
    .map((p) => ({ path: formatPath(p.segments), label: formatPath(p.segments), preview: preview(p.value) }));
  return { id: "trigger", title, source, options };
}

export function collectVariables(ctx: VariableContext): VariableGroup[] {
  const max = ctx.maxPerGroup ?? 150;
  const { graph, getType } = ctx;
  const groups: VariableGroup[] = [];
  const upstream = upstreamNodes(graph, ctx.nodeId);
  const self = graph.nodes.find((n) => n.id === ctx.nodeId);
  const trigger = graph.nodes.find((n) => getType(n.type)?.kind === "trigger");

  if (trigger && trigger.id !== ctx.nodeId) groups.push(triggerGroup(ctx, ["trigger"]));

  // Loop item
  if (self) {
    for (const loop of enclosingLoops(graph, self.id)) {
      const out = ctx.runOutputs?.[loop.id] as { items?: unknown[] } | undefined;
      const sample = (getType(loop.type)?.sampleOutput as { items?: unknown[] } | undefined)?.items?.[0];
      const item = out?.items?.[0] ?? sample ?? null;
      const g = groupFrom(`loop-${loop.id}`, `Loop · ${loop.name}`, out ? "run" : "sample", ["loop", "item"], item, max);
      g.options.push({ path: "loop.index", label: "index", preview: "0" });
      groups.push(g);
    }
  }

  // Upstream step outputs
  for (const node of upstream) {
    const def = getType(node.type);
    if (!def || def.kind === "trigger") continue;
    const hasRun = ctx.runOutputs && Object.prototype.hasOwnProperty.call(ctx.runOutputs, node.id);
    const output = hasRun ? ctx.runOutputs![node.id] : def.sampleOutput;
    groups.push(groupFrom(`step-${node.id}`, node.name, hasRun ? "run" : "sample", ["steps", node.name], output ?? null, max));
  }

  // vars set upstream
  const vars: VariableOption[] = [];
  for (const node of upstream) {
    if (node.type !== "set_variables") continue;
    const rows = (node.config as { variables?: Array<{ key?: unknown; value?: unknown }> }).variables ?? [];
    for (const row of rows) {
      if (typeof row.key !== "string" || !row.key || vars.some((v) => v.label === row.key)) continue;
      vars.push({ path: formatPath(["vars", row.key]), label: row.key, preview: typeof row.value === "string" ? preview(row.value) : undefined });
    }
  }
  if (vars.length) groups.push({ id: "vars", title: "Variables", source: "config", options: vars });

  groups.push({
    id: "builtin",
    title: "Built-in",
    source: "builtin",
    options: [
      { path: "now", label: "now", preview: "current date-time (ISO)" },
      { path: "today", label: "today", preview: "YYYY-MM-DD (UTC)" },
    ],
  });
  return groups;
}
