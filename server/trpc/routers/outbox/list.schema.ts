import { z } from "zod";
import { idField, pagingInput } from "@/lib/paging";
import { OUTBOX_STATUSES } from "@/server/services/outbox/list-outbox";

export const outboxIdField = idField;

export const listOutboxInput = z.object({
  status: z
    .array(z.enum(OUTBOX_STATUSES, { error: () => `status must be one of: ${OUTBOX_STATUSES.join(", ")}` }))
    .max(OUTBOX_STATUSES.length, "status: list each status at most once")
    .optional(),
  runId: idField("runId").optional(),
  ...pagingInput(),
});
