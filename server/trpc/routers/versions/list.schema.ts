import { z } from "zod";
import { idField } from "@/lib/paging";

export { idField };

export const versionNumberField = z
  .number({ error: "number is required (the version number, e.g. 3)" })
  .int("number: must be a whole number")
  .min(1, "number: versions start at 1");

export const listVersionsInput = z.object({ automationId: idField("automationId") });
