import { z } from "zod";
import { getBuiltInEventType } from "@/lib/triggers/event-types";
import { deprecatedEventTypeMessage } from "@/lib/triggers/names";
import type { DbOrTx } from "@/server/db";
import { AppError } from "@/server/services/errors";

export const MAX_EVENT_DATA_BYTES = 1024 * 1024;

export const eventTypeField = z
  .string({ error: "event_type is required" })
  .trim()
  .min(1, "event_type is required")
  .max(100, "event_type: at most 100 characters")
  .superRefine((v, ctx) => {
    const deprecated = deprecatedEventTypeMessage(v);
    if (deprecated) ctx.addIssue({ code: "custom", message: deprecated });
  });

export const eventDataField = z.record(z.string(), z.unknown(), {
  error: () => 'data: must be a JSON object such as { "deal": { "id": "dl_1" } }',
});

/** Throws unless `type` is a built-in event type or a custom type of the workspace. */
export async function assertKnownEventType(db: DbOrTx, workspaceId: string, type: string, field = "event_type"): Promise<void> {
  const deprecated = deprecatedEventTypeMessage(type);
  if (deprecated) throw new AppError("BAD_REQUEST", `${field}: ${deprecated}`, { issues: [{ field, message: deprecated }] });
  if (getBuiltInEventType(type)) return;
  const custom = await db.customEventType.findUnique({ where: { workspaceId_name: { workspaceId, name: type } }, select: { id: true } });
  if (custom) return;
  const message = `unknown event type "${type}": use a built-in type (e.g. contact_created, deal_updated, stage_changed) or create a custom event type first`;
  throw new AppError("BAD_REQUEST", `${field}: ${message}`, { issues: [{ field, message }] });
}

export function eventDataJson(data: Record<string, unknown>): string {
  const text = JSON.stringify(data);
  if (Buffer.byteLength(text, "utf8") > MAX_EVENT_DATA_BYTES) {
    throw new AppError("BAD_REQUEST", "data: at most 1 MB of JSON", { issues: [{ field: "data", message: "at most 1 MB of JSON" }] });
  }
  return text;
}
