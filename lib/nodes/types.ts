import type { z } from "zod";

/**
 * Browser-safe half of a node type (the catalog entry). The server half lives in
 * server/nodes/<type>.ts and implements NodeExecutor (server/engine/contract.ts).
 * The canvas palette, config forms, REST validation and the schema endpoints all
 * read these definitions.
 */
export type NodeKind = "trigger" | "condition" | "action" | "control";
export type NodeCategory = "Triggers" | "Logic" | "Flow" | "Actions" | "Messaging" | "Code";

export interface NodeHandle {
  id: string;
  label: string;
}

export interface NodeTypeDefinition<TConfig extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  kind: NodeKind;
  category: NodeCategory;
  label: string;
  /** One line shown in the palette. */
  description: string;
  /** lucide-react icon name in PascalCase, e.g. "Globe". */
  icon: string;
  /** zod schema of the node's config; string fields may contain {{templates}}. */
  configSchema: TConfig;
  defaultConfig: z.input<TConfig>;
  /** Output handles, in display order. [] for terminal nodes (stop). */
  handles: NodeHandle[];
  /** Example of what execute() returns as output (variable picker, schemas endpoint). */
  sampleOutput: unknown;
  /** One-line human summary of a config, e.g. "POST https://api.example.com/orders". */
  summarize(config: z.infer<TConfig>): string;
  /** Settings defaults for this type (e.g. http_request defaults to 3 attempts). */
  defaultTimeoutMs: number;
  /** The engine merges this type's output `variables` object (or the output itself) into {{vars.*}}. */
  setsVariables?: boolean;
  /**
   * No effect outside the run (computes from its inputs only). The engine may
   * commit such steps together with the next one: after a crash they are simply
   * executed again, with the same inputs and result. Never set it on a type
   * that sends, writes or waits.
   */
  pure?: boolean;
}
