import { z } from "zod";
import { scopeFor, API_KEY_SCOPES } from "@/server/auth/permissions";
import { API_OPERATIONS } from "./operations";
import type { ApiOperation, PublicOperation } from "./operation";
import { callbackOperations } from "./callbacks";
import { apiSchemas } from "./presenters/common";
import { DEFAULT_LIMIT, MAX_LIMIT } from "./paging";

/**
 * OpenAPI 3.1 document generated from the operations' zod schemas (the same
 * ones the wrapper validates with): named components from the presenters'
 * registry, bodies and parameters converted per operation.
 */
type Json = Record<string, unknown>;
const REF = (id: string) => `#/components/schemas/${id}`;
const ERROR_TEXT: Record<number, string> = {
  400: "Validation failed or malformed JSON (details.issues lists every field)",
  401: "Missing, invalid, expired or revoked API key",
  403: "The key lacks the required scope (named in the message)",
  404: "Not found in the key's workspace",
  409: "Conflict with the current state",
  413: "Body larger than 1 MB",
  415: "Body is not JSON",
  422: "Cannot be processed (e.g. reused Idempotency-Key with another body, draft problems)",
  429: "Rate limited (Retry-After says when to retry)",
};

function strip(schema: unknown): Json {
  const s = { ...(schema as Json) };
  delete s.$schema;
  delete s.$id;
  return s;
}

function convert(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, { metadata: apiSchemas, uri: REF, io, unrepresentable: "any", target: "draft-2020-12" } as Parameters<typeof z.toJSONSchema>[1]);
  const s = strip(out);
  // Registered sub-schemas come back in $defs; the components section holds them, so point there.
  delete s.$defs;
  return JSON.parse(JSON.stringify(s).replace(/"#\/\$defs\/([^"]+)"/g, (_, id: string) => JSON.stringify(REF(id)))) as Json;
}

function parameters(op: Pick<ApiOperation, "params" | "query" | "idempotent">): Json[] {
  const out: Json[] = [];
  const add = (schema: z.ZodType | undefined, where: "path" | "query") => {
    if (!schema) return;
    const json = convert(schema, "input") as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = prop as Json & { description?: string };
      out.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest });
    }
  };
  add(op.params, "path");
  add(op.query, "query");
  if (op.idempotent) {
    out.push({ name: "Idempotency-Key", in: "header", required: false, description: "Same key + same body replays the first answer; another body → 422", schema: { type: "string", maxLength: 200 } });
  }
  return out;
}

function operationObject(op: ApiOperation, deprecated: boolean): Json {
  const scope = scopeFor(op.permission);
  const statuses = [...new Set([400, 401, 403, 429, ...op.errors, ...(op.body ? [413, 415] : [])])].sort();
  const responses: Json = {
    [String(op.success.status)]: op.success.schema
      ? { description: op.success.description, content: { "application/json": { schema: convert(op.success.schema, "output") } } }
      : { description: op.success.description },
  };
  for (const s of statuses) responses[String(s)] = { $ref: `#/components/responses/E${s}` };
  return {
    operationId: deprecated ? `${op.operationId}Alias` : op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    ...(deprecated ? { deprecated: true } : {}),
    security: [{ bearerAuth: [] }],
    "x-required-scope": scope,
    parameters: parameters(op),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: convert(op.body, "input") } } } } : {}),
    responses,
  };
}

/** A public operation: `security: []` (OpenAPI 3.1: no credential), so no 401/403; its own statuses answer its schema. */
function publicOperationObject(op: PublicOperation): Json {
  const schema = convert(op.schema, "output");
  const responses: Json = {};
  for (const [status, description] of Object.entries(op.responses)) responses[status] = { description, content: { "application/json": { schema } } };
  for (const s of [...op.errors].sort()) responses[String(s)] = { $ref: `#/components/responses/E${s}` };
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    tags: [op.tag],
    security: [],
    parameters: parameters({ params: op.params, idempotent: false }),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: convert(op.body, "input") } } } } : {}),
    responses,
  };
}

export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const op of callbackOperations) (paths[op.path] ??= {})[op.method.toLowerCase()] = publicOperationObject(op);
  for (const op of API_OPERATIONS) {
    for (const [i, p] of [op.path, ...op.aliases].entries()) {
      (paths[p] ??= {})[op.method.toLowerCase()] = operationObject(op, i > 0);
    }
  }
  const components = z.toJSONSchema(apiSchemas, { uri: REF, io: "output", unrepresentable: "any", target: "draft-2020-12" }) as { schemas: Record<string, unknown> };
  const schemas = Object.fromEntries(Object.entries(components.schemas).map(([k, v]) => [k, strip(v)]));
  const responses = Object.fromEntries(
    Object.entries(ERROR_TEXT).map(([s, description]) => [`E${s}`, { description, content: { "application/json": { schema: { $ref: REF("Error") } } } }]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchyard REST API",
      version: "1.0.0",
      description: `Automations, runs, events and catalogs of one workspace. Authenticate with Authorization: Bearer <API key>; each operation names the scope it needs (x-required-scope). Operations with security: [] (the approval link callbacks) take no key: the link token is the credential. Lists take limit (1–${MAX_LIMIT}, default ${DEFAULT_LIMIT}) and cursor, and answer { data, next_cursor }. Errors: { "error": { "code", "message", "details" } }. Every response carries X-Request-Id.`,
    },
    servers: [{ url: "/api/v1" }],
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    tags: [...new Set(API_OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: `API key (sy_…). Scopes: ${API_KEY_SCOPES.join(", ")}` } },
    },
  };
}
