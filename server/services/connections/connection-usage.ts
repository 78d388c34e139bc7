import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { connectionIdField } from "./fields";
import { findConnectionInWorkspace } from "./scope";
import { traceUsage, type ConnectionUsage } from "./usage";

export const connectionUsageInput = z.object({ id: connectionIdField });
export type ConnectionUsageInput = z.input<typeof connectionUsageInput>;

export interface ConnectionUsageResult {
  id: string;
  /** Automations that use it (draft or any published version). */
  count: number;
  automations: ConnectionUsage[];
}

/** Seed 001: count and trace a connection's usage (automations, their drafts' steps and published versions). */
export async function getConnectionUsage(actor: Actor, input: ConnectionUsageInput, db: DbOrTx = getDb()): Promise<ConnectionUsageResult> {
  assertCan(actor, "connections:read");
  const { id } = parseInput(connectionUsageInput, input);
  const row = await findConnectionInWorkspace(db, actor, id);
  const automations = (await traceUsage(db, actor.workspaceId, [row])).get(row.id) ?? [];
  return { id: row.id, count: automations.length, automations };
}
