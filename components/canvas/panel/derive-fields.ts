import { z } from "zod";
import type { CatalogNodeType, FieldMeta, FieldWidget } from "@/lib/nodes/field-meta";

/**
 * Turns a node type's zod config schema (+ its fieldMeta hints) into the list of
 * form fields the config panel renders. Pure: unit-tested in tests/canvas.
 */

export interface FieldDescriptor {
  name: string;
  label: string;
  widget: FieldWidget;
  description?: string;
  placeholder?: string;
  templated: boolean;
  required: boolean;
  advanced: boolean;
  unit?: string;
  showIf?: FieldMeta["showIf"];
  /** select / multiselect choices */
  options?: string[];
  /** widget "connection": accepted connection types */
  connectionTypes?: readonly string[];
  min?: number;
  max?: number;
  integer?: boolean;
  defaultValue?: unknown;
}

interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchemaNode;
  properties?: Record<string, JsonSchemaNode>;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  anyOf?: JsonSchemaNode[];
}

const cache = new WeakMap<z.ZodType, JsonSchemaNode>();

function jsonSchemaOf(schema: z.ZodType): JsonSchemaNode {
  let js = cache.get(schema);
  if (!js) {
    try {
      js = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchemaNode;
    } catch {
      js = {};
    }
    cache.set(schema, js);
  }
  return js;
}

export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function typeOf(node: JsonSchemaNode): string | undefined {
  if (Array.isArray(node.type)) return node.type.find((t) => t !== "null");
  if (node.type) return node.type;
  const alt = node.anyOf?.find((a) => a.type && a.type !== "null");
  return alt ? typeOf(alt) : undefined;
}

export function inferWidget(node: JsonSchemaNode): FieldWidget {
  const type = typeOf(node);
  if (node.enum && node.enum.length) return "select";
  if (type === "boolean") return "switch";
  if (type === "number" || type === "integer") return "number";
  if (type === "string") return "text";
  if (type === "array") {
    const items = node.items ?? {};
    if (items.enum?.length) return "multiselect";
    const props = items.properties ?? {};
    if ("key" in props && "value" in props) return "keyValue";
    return "json";
  }
  return "json";
}

export function deriveFields(def: Pick<CatalogNodeType, "configSchema" | "fieldMeta">): FieldDescriptor[] {
  const js = jsonSchemaOf(def.configSchema);
  const props = js.properties ?? {};
  const fields: FieldDescriptor[] = [];
  for (const [name, node] of Object.entries(props)) {
    const meta: FieldMeta = def.fieldMeta[name] ?? {};
    const widget = meta.widget ?? inferWidget(node);
    if (widget === "hidden") continue;
    const options = (node.enum ?? node.items?.enum)?.map(String);
    fields.push({
      name,
      label: meta.label ?? humanize(name),
      widget,
      description: meta.description ?? node.description,
      placeholder: meta.placeholder,
      templated: meta.templated ?? false,
      required: meta.required ?? false,
      advanced: meta.advanced ?? false,
      unit: meta.unit,
      showIf: meta.showIf,
      options,
      connectionTypes: meta.connectionTypes,
      min: node.minimum,
      max: node.maximum,
      integer: typeOf(node) === "integer",
      defaultValue: node.default,
    });
  }
  // a condition tree editor also edits the top-level "match"
  if (fields.some((f) => f.widget === "conditionTree")) return fields.filter((f) => f.name !== "match");
  return fields;
}

export function isFieldVisible(field: FieldDescriptor, config: Record<string, unknown>, all: FieldDescriptor[]): boolean {
  if (!field.showIf) return true;
  const other = all.find((f) => f.name === field.showIf!.field);
  const value = config[field.showIf.field] ?? other?.defaultValue;
  return field.showIf.equals.some((v) => v === value);
}

/** Groups issues ("headers.0.key": …) by their top-level field. */
export function issuesByField(issues: ReadonlyArray<{ field?: string; message: string }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const [top, ...rest] = (issue.field ?? "").split(".");
    const key = top || "";
    const text = rest.length ? `${humanizePath(rest)}: ${issue.message}` : issue.message;
    const list = (out[key] ??= []);
    if (!list.includes(text)) list.push(text);
  }
  return out;
}

function humanizePath(parts: string[]): string {
  return parts.map((p) => (/^\d+$/.test(p) ? `row ${Number(p) + 1}` : p)).join(" › ");
}
