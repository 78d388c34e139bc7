import { formatPath } from "../paths/parse";

/**
 * The `{{trigger.…}}` tokens a sample payload offers (seed 003's
 * available_variables): every object field, arrays through their first item
 * (`trigger.items.0.sku`), depth-limited; written like the canvas variable
 * picker writes paths (lib/paths formatPath: bracket form for unusual keys).
 */
const MAX_DEPTH = 8;
const MAX_VARIABLES = 500;

export function triggerVariablePaths(sample: unknown, root = "trigger"): string[] {
  const out: string[] = [];
  const walk = (value: unknown, segments: string[], depth: number) => {
    if (out.length >= MAX_VARIABLES || depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      if (value.length > 0) {
        const p = [...segments, "0"];
        out.push(formatPath(p));
        walk(value[0], p, depth + 1);
      }
      return;
    }
    if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (out.length >= MAX_VARIABLES) return;
        const p = [...segments, k];
        out.push(formatPath(p));
        walk(v, p, depth + 1);
      }
    }
  };
  walk(sample, [root], 0);
  return out;
}

/** The same paths as `{{…}}` tokens, ready to paste into a template. */
export function availableVariables(sample: unknown): string[] {
  return triggerVariablePaths(sample).map((p) => `{{${p}}}`);
}
