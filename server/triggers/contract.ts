import type { Prisma } from "@/server/db/generated/sqlite/client";
import type { GraphNode } from "@/lib/graph/schema";

/**
 * One trigger source (webhook, schedule, event): what it stores and how it
 * follows the automation's lifecycle. server/triggers/sync.ts calls `sync` of
 * the source whose type matches the published trigger node, and `deactivate`
 * of every other source, inside the transaction that publishes, pauses,
 * resumes, archives or re-prioritizes the automation. A source turns an
 * outside event into runs only through services/runs/create-run.ts.
 */
export type Tx = Prisma.TransactionClient;

export interface TriggerSyncInput {
  automationId: string;
  workspaceId: string;
  /** the trigger node of the published version (null: nothing published yet) */
  node: GraphNode | null;
  versionId: string | null;
  /** ACTIVE and published: only then may outside events start runs */
  active: boolean;
  priority: number;
}

export interface TriggerSource {
  /** the trigger node type it serves, e.g. "webhook" */
  type: string;
  /** Brings this source's rows in line with the automation (create on first publish, update config, (de)activate). */
  sync(tx: Tx, input: TriggerSyncInput): Promise<void>;
  /** The automation no longer uses this trigger type (or is archived): stop starting runs; keep rows a later publish can reuse. */
  deactivate(tx: Tx, automationId: string): Promise<void>;
}
