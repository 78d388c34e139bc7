import type { CatalogNodeType } from "../nodes/field-meta";
import type { GraphNode, GraphProblem } from "./schema";

/** What the validator needs to know of an outgoing webhook endpoint. */
export interface KnownOutgoingWebhook {
  id: string;
  name: string;
  active?: boolean;
}

/**
 * Endpoint problems of one node (fields with widget "outgoingWebhook"):
 *   errors:   outgoing_webhook_missing (the chosen endpoint was deleted or is in another workspace)
 *   warnings: outgoing_webhook_inactive (its runs would fail until it is activated)
 * Checked only when `known` is given (the workspace's endpoints).
 */
export function outgoingWebhookProblems(node: GraphNode, def: CatalogNodeType, known?: readonly KnownOutgoingWebhook[]): GraphProblem[] {
  if (!known) return [];
  const config = (node.config ?? {}) as Record<string, unknown>;
  const problems: GraphProblem[] = [];
  for (const [field, meta] of Object.entries(def.fieldMeta)) {
    if (meta.widget !== "outgoingWebhook" || field.includes(".")) continue;
    const id = config[field];
    if (typeof id !== "string" || id === "") continue;
    const label = meta.label ?? field;
    const found = known.find((w) => w.id === id);
    if (!found) {
      problems.push({
        nodeId: node.id, field, severity: "error", code: "outgoing_webhook_missing",
        message: `"${node.name}": the endpoint chosen in "${label}" no longer exists (it was deleted); choose another one or create it in Settings → Webhooks → Outgoing endpoints`,
      });
    } else if (found.active === false) {
      problems.push({
        nodeId: node.id, field, severity: "warning", code: "outgoing_webhook_inactive",
        message: `"${node.name}": endpoint "${found.name}" is inactive; this step fails until it is activated`,
      });
    }
  }
  return problems;
}
