import { z } from "zod";

export const markReadInput = z.object({
  ids: z
    .array(z.string().trim().min(1, "ids: must not contain empty ids").max(64, "ids: each id at most 64 characters"), {
      error: "ids: must be a list of notification ids",
    })
    .min(1, "ids: pass at least one notification id")
    .max(200, "ids: at most 200 per call (use markAllRead for everything)"),
});
