import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { connectionIdField } from "./fields";
import type { ConnectionInfo } from "./present";
import { findConnectionInWorkspace, presentFor } from "./scope";

export const getConnectionInput = z.object({ id: connectionIdField });
export type GetConnectionInput = z.input<typeof getConnectionInput>;

export async function getConnection(actor: Actor, input: GetConnectionInput, db: DbOrTx = getDb()): Promise<ConnectionInfo> {
  assertCan(actor, "connections:read");
  const { id } = parseInput(getConnectionInput, input);
  const row = await findConnectionInWorkspace(db, actor, id);
  const [info] = await presentFor(db, actor, [row]);
  return info;
}
