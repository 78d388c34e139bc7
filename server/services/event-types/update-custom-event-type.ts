import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, notFound, type Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { writeAudit } from "@/server/services/audit/write-audit";
import { customEventTypeDescriptionField, customEventTypeIdField, customEventTypeNameField, samplePayloadField, toCustomEventType, type CustomEventTypeItem } from "./fields";
import { assertUnused } from "./usage";

export const updateCustomEventTypeInput = z.object({
  id: customEventTypeIdField,
  name: customEventTypeNameField.optional(),
  description: customEventTypeDescriptionField.optional(),
  samplePayload: samplePayloadField.optional(),
});

/** Changes a custom event type's description or sample payload; renaming only while no automation listens to it. */
export async function updateCustomEventType(actor: Actor, input: z.input<typeof updateCustomEventTypeInput>, db: Db = getDb()): Promise<CustomEventTypeItem> {
  assertCan(actor, "automations:write");
  const { id, name, description, samplePayload } = parseInput(updateCustomEventTypeInput, input);
  if (name === undefined && description === undefined && samplePayload === undefined) {
    throw new AppError("BAD_REQUEST", "Nothing to change: pass description, samplePayload or name", { issues: [{ field: "", message: "pass description, samplePayload or name" }] });
  }
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.customEventType.findFirst({ where: { id, workspaceId: actor.workspaceId } });
      if (!current) throw notFound("Event type");
      if (name !== undefined && name !== current.name) await assertUnused(tx, actor.workspaceId, current.name, "rename");
      const row = await tx.customEventType.update({
        where: { id: current.id },
        data: {
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(samplePayload !== undefined ? { samplePayload: JSON.stringify(samplePayload) } : {}),
        },
      });
      const changed = [
        ...(name !== undefined && name !== current.name ? ["name"] : []),
        ...(description !== undefined && description !== current.description ? ["description"] : []),
        ...(samplePayload !== undefined && JSON.stringify(samplePayload) !== current.samplePayload ? ["samplePayload"] : []),
      ];
      await writeAudit(tx, actor, { action: "event_type.updated", targetType: "event_type", targetId: row.id, details: { name: row.name, from: current.name, changed } });
      return toCustomEventType(row);
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === "P2002") {
      throw new AppError("CONFLICT", `name: a custom event type named "${name}" already exists in this workspace`, { issues: [{ field: "name", message: "already exists" }] });
    }
    throw err;
  }
}
