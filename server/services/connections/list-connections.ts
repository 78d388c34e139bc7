import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { connectionTypeField } from "./fields";
import type { ConnectionInfo } from "./present";
import { CONNECTION_SELECT, presentFor } from "./scope";

export const listConnectionsInput = z
  .object({ types: z.array(connectionTypeField).max(10, "types: at most 10").optional() })
  .default({});
export type ListConnectionsInput = z.input<typeof listConnectionsInput>;

/** The workspace's connections by name (optionally of some types); never a secret. */
export async function listConnections(actor: Actor, input: ListConnectionsInput = {}, db: DbOrTx = getDb()): Promise<ConnectionInfo[]> {
  assertCan(actor, "connections:read");
  const { types } = parseInput(listConnectionsInput, input);
  const rows = await db.connection.findMany({
    where: { workspaceId: actor.workspaceId, ...(types?.length ? { type: { in: types } } : {}) },
    select: CONNECTION_SELECT,
    orderBy: { name: "asc" },
  });
  return presentFor(db, actor, rows);
}
