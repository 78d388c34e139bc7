import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import { writeAudit } from "@/server/services/audit/write-audit";
import { customEventTypeDescriptionField, customEventTypeNameField, samplePayloadField, toCustomEventType, type CustomEventTypeItem } from "./fields";

export const MAX_CUSTOM_EVENT_TYPES = 200;

export const createCustomEventTypeInput = z.object({
  name: customEventTypeNameField,
  description: customEventTypeDescriptionField.default(""),
  samplePayload: samplePayloadField.default({}),
});

/** Adds a workspace event type that event triggers can listen to and events.emit accepts. */
export async function createCustomEventType(actor: Actor, input: z.input<typeof createCustomEventTypeInput>, db: Db = getDb()): Promise<CustomEventTypeItem> {
  assertCan(actor, "automations:write");
  const { name, description, samplePayload } = parseInput(createCustomEventTypeInput, input);
  try {
    return await db.$transaction(async (tx) => {
      const count = await tx.customEventType.count({ where: { workspaceId: actor.workspaceId } });
      if (count >= MAX_CUSTOM_EVENT_TYPES) {
        throw new AppError("UNPROCESSABLE", `A workspace can have at most ${MAX_CUSTOM_EVENT_TYPES} custom event types; delete unused ones first`);
      }
      const row = await tx.customEventType.create({
        data: { workspaceId: actor.workspaceId, name, description, samplePayload: JSON.stringify(samplePayload), createdById: actor.userId },
      });
      await writeAudit(tx, actor, { action: "event_type.created", targetType: "event_type", targetId: row.id, details: { name } });
      return toCustomEventType(row);
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === "P2002") {
      throw new AppError("CONFLICT", `name: a custom event type named "${name}" already exists in this workspace`, { issues: [{ field: "name", message: "already exists" }] });
    }
    throw err;
  }
}
