import { z } from "zod";
import { idField } from "./list.schema";

export const triggerRunInput = z.object({
  automationId: idField("automationId"),
  /** true: test run of the current draft (snapshot); false: run the published version. */
  test: z.boolean({ error: "test: must be true or false" }).default(false),
  /** Trigger data the run starts with (`{{trigger.*}}`); a JSON object, at most 1 MB. */
  testData: z
    .record(z.string(), z.unknown(), { error: "testData: must be a JSON object such as { \"order\": { \"id\": 1 } }" })
    .optional(),
  /** Optional: a repeated call with the same key returns the same run instead of starting another. */
  idempotencyKey: z.string().trim().min(1, "idempotencyKey: must not be empty").max(200, "idempotencyKey: at most 200 characters").optional(),
});
