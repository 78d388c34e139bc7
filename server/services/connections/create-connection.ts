import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { splitAndSeal } from "@/server/connections/sealed";
import { connectionDescriptionField, connectionNameField, connectionTypeField, connectionValuesField } from "./fields";
import type { ConnectionInfo } from "./present";
import { assertNameFree, CONNECTION_SELECT, isUniqueViolation, nameTaken, presentFor } from "./scope";
import { checkValues } from "./values";

export const createConnectionInput = z.object({
  name: connectionNameField,
  type: connectionTypeField,
  description: connectionDescriptionField.default(""),
  values: connectionValuesField,
});
export type CreateConnectionInput = z.input<typeof createConnectionInput>;

/** Stores a connection; its secret fields are sealed before they reach the database and never returned. */
export async function createConnection(actor: Actor, input: CreateConnectionInput, db: Db = getDb()): Promise<ConnectionInfo> {
  assertCan(actor, "connections:write");
  const parsed = parseInput(createConnectionInput, input);
  const { values } = checkValues(parsed.type, parsed.values);
  const { publicValues, sealed } = splitAndSeal(parsed.type, values, { userId: actor.userId, at: new Date() });
  const row = await db
    .$transaction(async (tx) => {
    await assertNameFree(tx, actor.workspaceId, parsed.name);
    const created = await tx.connection.create({
      data: {
        workspaceId: actor.workspaceId,
        name: parsed.name,
        type: parsed.type,
        description: parsed.description,
        values: JSON.stringify(publicValues),
        secrets: JSON.stringify(sealed),
        createdById: actor.userId,
        updatedById: actor.userId,
      },
      select: CONNECTION_SELECT,
    });
    await writeAudit(tx, actor, { action: "connection.created", targetType: "connection", targetId: created.id, details: { name: created.name, type: created.type } });
    return created;
  })
    .catch((e: unknown) => {
      throw isUniqueViolation(e) ? nameTaken(parsed.name) : e;
    });
  const [info] = await presentFor(db, actor, [row]);
  return info;
}
