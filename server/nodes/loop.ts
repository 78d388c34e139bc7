import { LOOP_MAX_ITEMS } from "@/lib/nodes/catalog/loop";
import { fatal, type JsonValue, type NodeContext, type NodeResult, type NodeExecutor } from "@/server/engine/contract";
import { json, numeric, record, snippet } from "./config";

/** Items shown in the loop's own output (the engine iterates over all processed items). */
const OUTPUT_ITEMS = 100;

/**
 * Loop: fans out over a list. `items` is a template that usually resolves to an
 * array ({{trigger.items}}); JSON array text is accepted too. Lists longer than
 * maxItems are truncated to the first maxItems with a warning.
 */
function listOf(value: unknown): { items: JsonValue[]; warnings: string[] } {
  if (Array.isArray(value)) return { items: json(value) as JsonValue[], warnings: [] };
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) {
    return { items: [], warnings: ["Items resolved to nothing (missing or empty); the loop ran 0 times"] };
  }
  if (typeof value === "string") {
    const t = value.trim();
    if (t.startsWith("[")) {
      try {
        const parsed: unknown = JSON.parse(t);
        if (Array.isArray(parsed)) return { items: parsed as JsonValue[], warnings: [] };
      } catch {
        // reported below
      }
    }
  }
  const kind = Array.isArray(value) ? "list" : value === null ? "null" : typeof value === "object" ? "object" : typeof value;
  throw fatal(
    `Loop items must resolve to a list, e.g. {{trigger.items}}; got ${kind}: ${snippet(typeof value === "string" ? value : JSON.stringify(value), 120)}`,
    "LOOP_NOT_A_LIST",
  );
}

function maxItemsOf(value: unknown): number {
  const n = numeric(value);
  if (n === undefined) return 100;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > LOOP_MAX_ITEMS) {
    throw fatal(`Loop "maxItems" must be a whole number from 1 to ${LOOP_MAX_ITEMS.toLocaleString("en-US")}`, "CONFIG_INVALID");
  }
  return n;
}

function plan(ctx: NodeContext): { processed: JsonValue[]; total: number; maxItems: number; warnings: string[] } {
  const cfg = record(ctx.config);
  const maxItems = maxItemsOf(cfg.maxItems);
  const { items, warnings } = listOf(cfg.items);
  const processed = items.length > maxItems ? items.slice(0, maxItems) : items;
  if (items.length > maxItems) {
    warnings.push(`The list has ${items.length} items; only the first ${maxItems} were processed (raise "Maximum items" to process more)`);
  }
  return { processed, total: items.length, maxItems, warnings };
}

export const loopExecutor: NodeExecutor = {
  type: "loop",
  version: 1,
  async preview(ctx) {
    const p = plan(ctx);
    return { count: p.processed.length, total: p.total, maxItems: p.maxItems, items: p.processed.slice(0, OUTPUT_ITEMS), warnings: p.warnings };
  },
  async execute(ctx): Promise<NodeResult> {
    const p = plan(ctx);
    return {
      output: {
        count: p.processed.length,
        total: p.total,
        truncated: p.total > p.processed.length,
        items: p.processed.slice(0, OUTPUT_ITEMS),
      },
      handle: "item",
      iterate: { items: p.processed, then: "done" },
      ...(p.warnings.length ? { warnings: p.warnings } : {}),
    };
  },
};
