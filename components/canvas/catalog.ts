import { getNodeType, isTriggerType, NODE_TYPES } from "@/lib/nodes/registry";
import type { CatalogNodeType } from "@/lib/nodes/field-meta";
import type { NodeKind } from "@/lib/nodes/types";
import { newNodeId } from "@/lib/graph/edit-ops";
import type { GraphNode } from "@/lib/graph/schema";
import type { EditorCatalog, FlowNodeKind } from "./store/types";

/** The node catalog as the editor sees it (built once from lib/nodes/registry). */
export const editorCatalog: EditorCatalog = {
  kindOf: (type) => getNodeType(type)?.kind ?? "unknown",
  handlesOf: (type) => getNodeType(type)?.handles.map((h) => h.id) ?? ["next"],
  isTrigger: isTriggerType,
  createNode(type, position) {
    const def = getNodeType(type);
    if (!def) return null;
    return {
      id: newNodeId(),
      type,
      name: def.label,
      config: structuredClone(def.defaultConfig) as Record<string, unknown>,
      position: { x: Math.round(position.x), y: Math.round(position.y) },
    };
  },
};

export { getNodeType, NODE_TYPES };
export type { CatalogNodeType };

/** Safe summary line for a node (summarize() gets parsed config; bad config → a hint, never a crash). */
export function summarizeNode(node: GraphNode): string {
  const def = getNodeType(node.type);
  if (!def) return `Unknown step type "${node.type}"`;
  const parsed = def.configSchema.safeParse(node.config);
  if (!parsed.success) {
    try {
      return def.summarize({ ...(def.defaultConfig as Record<string, unknown>), ...node.config } as never);
    } catch {
      return "Needs configuration";
    }
  }
  try {
    return def.summarize(parsed.data as never);
  } catch {
    return def.description;
  }
}

export interface KindStyle {
  label: string;
  /** icon tile classes */
  tile: string;
  /** accent for the minimap */
  minimap: string;
}

export const KIND_STYLES: Record<FlowNodeKind, KindStyle> = {
  trigger: { label: "Trigger", tile: "bg-amber-500/15 text-amber-600 dark:text-amber-400", minimap: "#f59e0b" },
  condition: { label: "Condition", tile: "bg-violet-500/15 text-violet-600 dark:text-violet-400", minimap: "#8b5cf6" },
  action: { label: "Action", tile: "bg-sky-500/15 text-sky-600 dark:text-sky-400", minimap: "#0ea5e9" },
  control: { label: "Flow", tile: "bg-emerald-500/15 text-emerald-600 dark:text-emerald-400", minimap: "#10b981" },
  unknown: { label: "Unknown", tile: "bg-muted text-muted-foreground", minimap: "#94a3b8" },
};

export function kindOf(type: string): NodeKind | "unknown" {
  return getNodeType(type)?.kind ?? "unknown";
}
