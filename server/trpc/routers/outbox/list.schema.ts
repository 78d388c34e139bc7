import { z } from "zod";
import { OUTBOX_STATUSES } from "@/server/services/outbox/list-outbox";

const idField = (name: string) =>
  z.string({ error: `${name} is required` }).trim().min(1, `${name} is required`).max(64, `${name}: at most 64 characters`);

export const outboxIdField = idField;

export const listOutboxInput = z.object({
  status: z
    .array(z.enum(OUTBOX_STATUSES, { error: () => `status must be one of: ${OUTBOX_STATUSES.join(", ")}` }))
    .max(OUTBOX_STATUSES.length, "status: list each status at most once")
    .optional(),
  runId: idField("runId").optional(),
  cursor: z.string().max(500, "cursor: pass the nextCursor value of the previous page unchanged").optional(),
  limit: z
    .number({ error: "limit: must be a number" })
    .int("limit: must be a whole number")
    .min(1, "limit: at least 1")
    .max(100, "limit: at most 100")
    .default(25),
});
