/** The parts of an OpenAPI 3.1 document the reference page reads (server/api/openapi.ts writes them). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  "x-required-scope"?: string | null;
  parameters?: Parameter[];
  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
  responses: Record<string, { $ref?: string; description?: string; content?: { "application/json": { schema: JsonSchema } } }>;
}

export interface OpenApiDoc {
  info: { title: string; version: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, { description: string }> };
}

export interface ResolvedOperation extends Operation {
  method: string;
  path: string;
}

/** Operations grouped by tag in document order (aliases marked deprecated stay with their tag). */
export function groupByTag(doc: OpenApiDoc): Array<{ tag: string; operations: ResolvedOperation[] }> {
  const groups = new Map<string, ResolvedOperation[]>();
  for (const t of doc.tags ?? []) groups.set(t.name, []);
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? "Other";
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ ...op, method: method.toUpperCase(), path });
    }
  }
  return [...groups].filter(([, ops]) => ops.length > 0).map(([tag, operations]) => ({ tag, operations }));
}

export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

/** A compact type label: "string (date-time)", "Automation[]", "\"a\" | \"b\"". */
export function typeLabel(s: JsonSchema): string {
  if (s.$ref) return refName(s.$ref);
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map(typeLabel).join(" | ");
  if (s.allOf) return s.allOf.map(typeLabel).join(" & ");
  const t = Array.isArray(s.type) ? s.type.join(" | ") : s.type;
  if (t === "array") return `${s.items ? typeLabel(s.items) : "unknown"}[]`;
  if (t === "object" && !s.properties && s.additionalProperties && typeof s.additionalProperties === "object") return `Record<string, ${typeLabel(s.additionalProperties)}>`;
  return (t ?? "any") + (s.format ? ` (${s.format})` : "");
}

/** Constraints worth showing next to a field. */
export function constraints(s: JsonSchema): string[] {
  const out: string[] = [];
  // zod's int() bounds (±2^53−1) say nothing to a reader.
  const min = s.minimum !== undefined && Math.abs(s.minimum) < Number.MAX_SAFE_INTEGER ? s.minimum : undefined;
  const max = s.maximum !== undefined && Math.abs(s.maximum) < Number.MAX_SAFE_INTEGER ? s.maximum : undefined;
  s = { ...s, minimum: min, maximum: max };
  if (s.minimum !== undefined && s.maximum !== undefined) out.push(`${s.minimum}–${s.maximum}`);
  else if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  else if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) out.push(`length ${s.minLength ?? 0}–${s.maxLength ?? "∞"}`);
  if (s.maxItems !== undefined) out.push(`at most ${s.maxItems} items`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}

/** The object schema to expand below a field (through $ref, arrays and nullable unions). */
export function expandable(s: JsonSchema, schemas: Record<string, JsonSchema>, seen: ReadonlySet<string>): { schema: JsonSchema; name: string | null } | null {
  if (s.$ref) {
    const name = refName(s.$ref);
    const target = schemas[name];
    return target && !seen.has(name) ? (expandable(target, schemas, new Set([...seen, name])) ? { schema: target, name } : null) : null;
  }
  if (s.properties) return { schema: s, name: null };
  if (s.items) return expandable(s.items, schemas, seen);
  const union = (s.anyOf ?? s.oneOf)?.filter((x) => x.type !== "null");
  if (union?.length === 1) return expandable(union[0], schemas, seen);
  return null;
}

/** An example value for a schema (request bodies in curl). */
export function exampleValue(s: JsonSchema, schemas: Record<string, JsonSchema>, depth = 0): unknown {
  if (depth > 4) return null;
  if (s.$ref) return exampleValue(schemas[refName(s.$ref)] ?? {}, schemas, depth + 1);
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const union = (s.anyOf ?? s.oneOf)?.filter((x) => x.type !== "null");
  if (union?.length) return exampleValue(union[0], schemas, depth + 1);
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
  switch (t) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) if ((s.required ?? []).includes(k)) out[k] = exampleValue(v, schemas, depth + 1);
      return out;
    }
    case "array":
      return s.items && (s.minItems ?? 0) > 0 ? [exampleValue(s.items, schemas, depth + 1)] : [];
    case "string":
      return s.format === "date-time" ? "2027-01-31T09:00:00Z" : "string";
    case "integer":
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return true;
    default:
      return {};
  }
}

/** An example curl for an operation, against this server's origin. */
export function curlExample(op: ResolvedOperation, origin: string, schemas: Record<string, JsonSchema>): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => `<${name}>`);
  const lines = [`curl -X ${op.method} '${origin}/api/v1${path}'`, `  -H "Authorization: Bearer $SWITCHYARD_API_KEY"`];
  const body = op.requestBody?.content["application/json"].schema;
  if (body) {
    lines.push(`  -H 'Content-Type: application/json'`);
    if (op.parameters?.some((p) => p.name === "Idempotency-Key")) lines.push(`  -H 'Idempotency-Key: <unique-id>'`);
    lines.push(`  -d '${JSON.stringify(exampleValue(body, schemas)).replace(/'/g, "'\\''")}'`);
  }
  return lines.join(" \\\n");
}
