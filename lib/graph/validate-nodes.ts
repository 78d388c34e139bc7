import { normalizeField } from "../conditions/schema";
import { formatFieldMessage, validateNodeConfig } from "../nodes/config";
import { isRawConfigPath, metaKeyMatches, type CatalogNodeType } from "../nodes/field-meta";
import { formatPath, parsePath } from "../paths/parse";
import { extractTemplateRefs, TEMPLATE_ROOTS, type TemplateRef } from "../templates/parse";
import type { Graph, GraphNode, GraphProblem } from "./schema";
import { enclosingLoops, upstreamNodes } from "./traverse";

type Lookup = (type: string) => CatalogNodeType | undefined;

/** Config problems of one node: zod issues and empty required fields, each naming the node and field. */
export function configProblems(node: GraphNode, def: CatalogNodeType): GraphProblem[] {
  const result = validateNodeConfig(def, node.config);
  return result.issues.map((issue) => ({
    nodeId: node.id,
    field: issue.field,
    message: `"${node.name}": ${formatFieldMessage(issue.field, issue.message)}`,
    severity: "error",
    code: result.config !== undefined ? "required_field" : "invalid_config",
  }));
}

interface StringAt {
  path: Array<string | number>;
  text: string;
  /** The whole string is a scope path (condition field), not a template. */
  isScopePath: boolean;
}

function collectStrings(value: unknown, def: CatalogNodeType, path: Array<string | number>, out: StringAt[]): void {
  const scopePath = Object.entries(def.fieldMeta).some(([key, m]) => m.scopePath && metaKeyMatches(key, path));
  if (typeof value === "string") {
    if (scopePath) out.push({ path, text: value, isScopePath: true });
    else if (!isRawConfigPath(def.fieldMeta, path)) out.push({ path, text: value, isScopePath: false });
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => collectStrings(item, def, [...path, i], out));
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) collectStrings(child, def, [...path, key], out);
  }
}

function refsOf(item: StringAt): TemplateRef[] {
  if (!item.isScopePath) return extractTemplateRefs(item.text);
  const expression = normalizeField(item.text);
  const parsed = parsePath(expression);
  // invalid condition-field paths are reported by the config schema already
  if (!parsed.ok) return [];
  return [{ expression, segments: parsed.segments, path: formatPath(parsed.segments), start: 0, end: item.text.length }];
}

const ROOTS = new Set<string>(TEMPLATE_ROOTS);

/**
 * Warnings for variables a node uses that cannot have a value when it runs:
 * unknown roots, `steps.X` where X is not a step that runs before this one,
 * `loop.*` outside a loop's "Each item" branch, malformed `{{…}}`.
 */
export function templateProblems(graph: Graph, node: GraphNode, def: CatalogNodeType, lookup: Lookup): GraphProblem[] {
  const strings: StringAt[] = [];
  collectStrings(node.config, def, [], strings);
  if (strings.length === 0) return [];

  const problems: GraphProblem[] = [];
  let upstream: GraphNode[] | undefined;
  let inLoop: boolean | undefined;
  const reported = new Set<string>();
  const warn = (field: string, code: string, message: string) => {
    const key = `${field}|${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push({ nodeId: node.id, field, message: `"${node.name}": ${message}`, severity: "warning", code });
  };

  for (const item of strings) {
    const field = item.path.map(String).join(".");
    for (const ref of refsOf(item)) {
      const shown = item.isScopePath ? ref.path : `{{${ref.expression}}}`;
      const where = `in "${field}"`;
      if (ref.error) {
        warn(field, "invalid_template", `${shown} ${where} is not a valid variable (${ref.error})`);
        continue;
      }
      const [root, second] = ref.segments;
      if (!ROOTS.has(root)) {
        warn(
          field,
          "unknown_template_root",
          `${shown} ${where} starts with "${root}"; variables start with trigger, steps, vars, loop, today or now (did you mean trigger.${ref.path}?)`,
        );
        continue;
      }
      // stored secrets: checked by connectionProblems (validate-connections.ts)
      if (root === "connections") continue;
      if ((root === "today" || root === "now") && ref.segments.length > 1) {
        warn(field, "invalid_template", `${shown} ${where}: ${root} has no fields; use {{${root}}}`);
        continue;
      }
      if (root === "loop") {
        inLoop ??= lookup("loop") !== undefined && enclosingLoops(graph, node.id).length > 0;
        if (!inLoop) warn(field, "loop_outside", `${shown} ${where} is only available on steps after a Loop's "Each item" output`);
        continue;
      }
      if (root !== "steps") continue;
      if (second === undefined) {
        warn(field, "unknown_step_reference", `${shown} ${where} must name a step, e.g. steps["Fetch order"].body`);
        continue;
      }
      const target = graph.nodes.find((n) => n.name === second) ?? graph.nodes.find((n) => n.id === second);
      if (!target) {
        warn(field, "unknown_step_reference", `${shown} ${where} refers to "${second}", but no step has that name or id`);
        continue;
      }
      upstream ??= upstreamNodes(graph, node.id);
      if (!upstream.some((n) => n.id === target.id)) {
        const why = target.id === node.id ? "which is this step itself" : "which does not run before this step";
        warn(field, "step_not_upstream", `${shown} ${where} refers to "${target.name}", ${why}`);
      }
    }
  }
  return problems;
}
