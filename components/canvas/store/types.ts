import type { Edge, Node } from "@xyflow/react";
import type { GraphNode } from "@/lib/graph/schema";
import type { NodeKind } from "@/lib/nodes/types";

/** React Flow node type keys (one custom component per kind). */
export type FlowNodeKind = NodeKind | "unknown";

/** data carried by every canvas node: the graph node itself (position lives on the RF node). */
export type FlowNodeData = { node: GraphNode };
export type FlowNode = Node<FlowNodeData, FlowNodeKind>;
export type FlowEdge = Edge<Record<string, never>, "flow">;

/** What the editor needs to know about node types; built from lib/nodes/registry. */
export interface EditorCatalog {
  kindOf(type: string): FlowNodeKind;
  handlesOf(type: string): readonly string[];
  isTrigger(type: string): boolean;
  /** A new node of `type` at `position` (fresh id, default config), or null for an unknown type. */
  createNode(type: string, position: { x: number; y: number }): GraphNode | null;
}

/** A validation problem shown on a node (from lib/graph/validate). */
export interface NodeProblem {
  field?: string;
  message: string;
  severity: "error" | "warning";
}

export type OverlayStepStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "SKIPPED" | "WAITING";

export interface OverlayStep {
  nodeId: string;
  status: OverlayStepStatus;
  handle?: string | null;
  request?: unknown;
  response?: unknown;
  error?: string | null;
  durationMs?: number | null;
  attempt?: number;
  /** Run detail canvas: executions of the node (loop iterations) and attempts recorded, shown as counts on the node. */
  executions?: number;
  attempts?: number;
}

/** Live test-run overlay on the canvas. */
export interface RunOverlay {
  runId: string;
  status: string;
  steps: Record<string, OverlayStep>;
  takenEdges: ReadonlySet<string>;
  triggerData?: unknown;
  error?: string | null;
  /** A simulation (automations.simulate): previews only, nothing ran; runId is not a run. */
  simulated?: boolean;
}
