import { z } from "zod";
import { STEP_STATUSES } from "@/lib/statuses";
import { cursorField, idField, stepStatusField } from "./list.schema";

export const listStepsInput = z.object({
  runId: idField("runId"),
  nodeId: idField("nodeId").optional(),
  status: z.array(stepStatusField).max(STEP_STATUSES.length, "status: list each status at most once").optional(),
  cursor: cursorField,
  limit: z
    .number({ error: "limit: must be a number" })
    .int("limit: must be a whole number")
    .min(1, "limit: at least 1")
    .max(200, "limit: at most 200")
    .default(50),
});
