import { z } from "zod";
import { idField } from "./list.schema";

export const runStatsInput = z.object({
  automationId: idField("automationId").optional(),
  days: z
    .number({ error: "days: must be a number" })
    .int("days: must be a whole number")
    .min(1, "days: at least 1")
    .max(90, "days: at most 90")
    .default(14),
  utcOffsetMinutes: z
    .number({ error: "utcOffsetMinutes: must be a number" })
    .int("utcOffsetMinutes: must be a whole number")
    .min(-840, "utcOffsetMinutes: at least -840 (UTC-14)")
    .max(840, "utcOffsetMinutes: at most 840 (UTC+14)")
    .optional()
    .describe("A fixed UTC offset for the day buckets; omitted: the workspace's time zone"),
});
