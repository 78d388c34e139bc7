import { extractTemplateRefs } from "../templates/parse";
import type { CatalogNodeType } from "../nodes/field-meta";
import type { GraphNode } from "../graph/schema";

/** Template root of stored secrets: {{connections.<name>.<field>}}. */
export const CONNECTIONS_ROOT = "connections";

export { SECRET_MASK } from "../templates/resolve";

export interface ConnectionTemplateRef {
  name: string;
  field: string | undefined;
  /** The `{{…}}` expression as written. */
  expression: string;
}

/** The {{connections.*}} references of one string. */
export function connectionRefsInText(text: string): ConnectionTemplateRef[] {
  if (!text.includes("{{")) return [];
  return extractTemplateRefs(text)
    .filter((ref) => !ref.error && ref.segments[0] === CONNECTIONS_ROOT)
    .map((ref) => ({ name: ref.segments[1] ?? "", field: ref.segments[2], expression: ref.expression }));
}

/** `{{connections.stripe.key}}`, or the bracket form when the name is not a plain identifier. */
export function connectionTemplate(name: string, field: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/;
  const seg = (s: string) => (plain.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`);
  return `{{${CONNECTIONS_ROOT}${seg(name)}${seg(field)}}}`;
}

/** Top-level config fields of a node type that pick a connection (widget "connection"). */
export function connectionFieldsOf(def: Pick<CatalogNodeType, "fieldMeta">): Array<{ field: string; types: readonly string[] }> {
  return Object.entries(def.fieldMeta)
    .filter(([key, m]) => m.widget === "connection" && !key.includes("."))
    .map(([field, m]) => ({ field, types: m.connectionTypes ?? [] }));
}

/** Every string of a config with its path. */
export function stringsOf(value: unknown, path: Array<string | number> = [], out: Array<{ path: Array<string | number>; text: string }> = []) {
  if (typeof value === "string") out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringsOf(v, [...path, i], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) stringsOf(v, [...path, k], out);
  return out;
}

export interface NodeConnectionUse {
  /** Connection ids chosen in connection fields. */
  ids: string[];
  /** Connection names referenced by templates. */
  names: string[];
}

/** Which connections one node uses (by id and by template name). */
export function nodeConnectionUse(node: Pick<GraphNode, "config">, def: Pick<CatalogNodeType, "fieldMeta"> | undefined): NodeConnectionUse {
  const config = (node.config ?? {}) as Record<string, unknown>;
  const ids = def
    ? connectionFieldsOf(def)
        .map(({ field }) => config[field])
        .filter((v): v is string => typeof v === "string" && v !== "")
    : [];
  const names = new Set<string>();
  for (const s of stringsOf(config)) for (const ref of connectionRefsInText(s.text)) if (ref.name) names.add(ref.name);
  return { ids, names: [...names] };
}
