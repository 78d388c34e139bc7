import { respondConfigSchema, type RespondConfig } from "@/lib/nodes/catalog/respond";
import { fatal, type JsonValue, type NodeContext, type NodeExecutor, type NodeResult } from "@/server/engine/contract";
import { numeric, parseConfig, record, text, textRows } from "./config";

/**
 * Respond to webhook. Output contract: `{ status, headers, body }` — recorded
 * with the step; a webhook in "wait" mode answers its caller with the output of
 * the last Respond step of the run (server/triggers/webhook/ingress).
 */
function config(ctx: NodeContext): RespondConfig & { rawBody: unknown } {
  const raw = record(ctx.config);
  const parsed = parseConfig(
    respondConfigSchema,
    { ...raw, status: numeric(raw.status), headers: textRows(raw.headers), body: typeof raw.body === "string" || raw.body === undefined ? raw.body : "{}" },
    "Respond to webhook",
  );
  return { ...parsed, rawBody: raw.body };
}

function bodyOf(c: RespondConfig & { rawBody: unknown }): JsonValue {
  // A whole-value template ("{{vars.result}}") keeps its type.
  if (c.rawBody !== undefined && typeof c.rawBody !== "string") return c.bodyType === "json" ? (c.rawBody as JsonValue) : text(c.rawBody);
  if (c.bodyType === "text") return c.body;
  if (c.body.trim() === "") return null;
  try {
    return JSON.parse(c.body) as JsonValue;
  } catch (err) {
    throw fatal(`"body" is not valid JSON after filling in variables (${(err as Error).message}); quote text values, e.g. "name": "{{trigger.body.name}}"`, "CONFIG_INVALID");
  }
}

function build(ctx: NodeContext): JsonValue {
  const c = config(ctx);
  const headers: Record<string, string> = {};
  for (const row of c.headers) headers[row.key.toLowerCase()] = row.value;
  return { status: c.status, headers, body: bodyOf(c) };
}

export const respondExecutor: NodeExecutor = {
  type: "respond",
  version: 1,
  async preview(ctx) {
    return build(ctx);
  },
  async execute(ctx): Promise<NodeResult> {
    return { output: build(ctx) };
  },
};
