import { z } from "zod";
import { idField, versionNumberField } from "./list.schema";

export const restoreVersionInput = z.object({
  automationId: idField("automationId"),
  number: versionNumberField,
  draftRevision: z.number().int("draftRevision: must be a whole number").min(0, "draftRevision: must be 0 or more").optional(),
});
