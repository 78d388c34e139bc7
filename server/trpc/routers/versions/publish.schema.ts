import { z } from "zod";
import { idField } from "./list.schema";

export const publishVersionInput = z.object({
  automationId: idField("automationId"),
  note: z.string().trim().max(500, "note: at most 500 characters").optional(),
  draftRevision: z.number().int("draftRevision: must be a whole number").min(0, "draftRevision: must be 0 or more").optional(),
});
