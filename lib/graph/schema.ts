import { z } from "zod";

/**
 * The automation graph: one trigger, conditions, actions, branches. Stored as
 * JSON (Automation.draftGraph, AutomationVersion.graph, Run.graphSnapshot) and
 * validated with these schemas at every boundary.
 */

export const NODE_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export const retrySettingsSchema = z.object({
  /** Total attempts including the first (1 = no retry). */
  maxAttempts: z.number().int().min(1).max(10).default(1),
  /** Delay before the 2nd attempt; doubles each attempt (exponential), with ±20% jitter. */
  backoffMs: z.number().int().min(0).max(3_600_000).default(1000),
  /** Upper bound for one backoff delay. */
  maxBackoffMs: z.number().int().min(0).max(24 * 3_600_000).default(300_000),
});

export const nodeSettingsSchema = z.object({
  retry: retrySettingsSchema.default({ maxAttempts: 1, backoffMs: 1000, maxBackoffMs: 300_000 }),
  /** Per-attempt timeout; 0 = the node type's default. */
  timeoutMs: z.number().int().min(0).max(3_600_000).default(0),
  /** On failure, record the failed step and continue along the node's normal output. */
  continueOnError: z.boolean().default(false),
});
export type NodeSettings = z.infer<typeof nodeSettingsSchema>;
export type NodeSettingsInput = z.input<typeof nodeSettingsSchema>;

export const positionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

export const graphNodeSchema = z.object({
  id: z.string().regex(NODE_ID_RE, "node id: 1–64 letters, digits, _ or -"),
  /** Node type from the catalog, e.g. "http_request". */
  type: z.string().min(1).max(64),
  name: z.string().trim().min(1, "name is required").max(80, "name: at most 80 characters"),
  config: z.record(z.string(), z.unknown()).default({}),
  position: positionSchema.default({ x: 0, y: 0 }),
  settings: nodeSettingsSchema.optional(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({
  id: z.string().regex(NODE_ID_RE, "edge id: 1–64 letters, digits, _ or -"),
  source: z.string().min(1),
  /** Output handle of the source node: next | true | false | item | done. */
  sourceHandle: z.string().min(1).max(32).default("next"),
  target: z.string().min(1),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphSchema = z.object({
  nodes: z.array(graphNodeSchema).max(1000, "at most 1,000 nodes"),
  edges: z.array(graphEdgeSchema).max(5000, "at most 5,000 edges"),
});
export type Graph = z.infer<typeof graphSchema>;

/** A validation problem, attached to a node or edge when it has one. */
export interface GraphProblem {
  nodeId?: string;
  edgeId?: string;
  /** config field path, when the problem is about one field */
  field?: string;
  message: string;
  /** "error" blocks publishing; "warning" is shown but allowed. Absent = "error". */
  severity?: "error" | "warning";
  /** Machine-readable kind, e.g. "cycle", "unknown_type" (see lib/graph/validate.ts). */
  code?: string;
}
