import { z } from "zod";

export const listNotificationsInput = z.object({
  unreadOnly: z.boolean({ error: "unreadOnly: must be true or false" }).default(false),
  cursor: z.string().max(500, "cursor: pass the nextCursor value of the previous page unchanged").optional(),
  limit: z
    .number({ error: "limit: must be a number" })
    .int("limit: must be a whole number")
    .min(1, "limit: at least 1")
    .max(100, "limit: at most 100")
    .default(20),
});
