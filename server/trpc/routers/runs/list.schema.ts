import { z } from "zod";
import { RUN_STATUSES, STEP_STATUSES } from "@/lib/statuses";
import { cursorField, idField, pagingInput } from "@/lib/paging";

export { cursorField, idField };

export const runStatusField = z.enum(RUN_STATUSES, { error: () => `status must be one of: ${RUN_STATUSES.join(", ")}` });
export const stepStatusField = z.enum(STEP_STATUSES, { error: () => `status must be one of: ${STEP_STATUSES.join(", ")}` });

const dateField = (name: string) => z.coerce.date({ error: `${name}: must be a date (ISO 8601, e.g. 2025-02-01 or 2025-02-01T10:00:00Z)` });

export const listRunsInput = z
  .object({
    automationId: idField("automationId").optional(),
    status: z.array(runStatusField).max(RUN_STATUSES.length, "status: list each status at most once").optional(),
    triggerType: z.string().trim().min(1, "triggerType: must not be empty").max(64, "triggerType: at most 64 characters").optional(),
    isTest: z.boolean({ error: "isTest: must be true or false" }).optional(),
    parentRunId: idField("parentRunId").optional(),
    /** run id (exact or prefix) or trigger-data text; see ListRunsInput.search */
    search: z.string().trim().max(200, "search: at most 200 characters").optional(),
    from: dateField("from").optional(),
    to: dateField("to").optional(),
    ...pagingInput(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: "from: must not be later than to", path: ["from"] });
