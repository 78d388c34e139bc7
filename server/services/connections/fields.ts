import { z } from "zod";
import { CONNECTION_TYPE_IDS } from "@/lib/connections/catalog";

/** Field schemas shared by the connection services (and their tRPC / REST inputs). */

export const CONNECTION_NAME_MAX = 80;

export const connectionIdField = z
  .string({ error: "connection id is required" })
  .trim()
  .min(1, "connection id is required")
  .max(64, "connection id: at most 64 characters");

export const connectionNameField = z
  .string({ error: `name is required (1–${CONNECTION_NAME_MAX} characters)` })
  .trim()
  .min(1, `name is required (1–${CONNECTION_NAME_MAX} characters)`)
  .max(CONNECTION_NAME_MAX, `name: at most ${CONNECTION_NAME_MAX} characters`)
  .refine((v) => !/[{}"\\]/.test(v), 'name must not contain { } " or \\ (it is used in {{connections.<name>.<field>}})');

export const connectionTypeField = z.enum(CONNECTION_TYPE_IDS, {
  error: () => `type must be one of: ${CONNECTION_TYPE_IDS.join(", ")}`,
});

export const connectionDescriptionField = z.string({ error: "description must be text" }).trim().max(500, "description: at most 500 characters");

/** Field name → value; secrets are written here and never read back. */
export const connectionValuesField = z
  .record(z.string().max(64, "field names: at most 64 characters"), z.string({ error: "every value must be text" }).max(10_000, "values: at most 10,000 characters each"), {
    error: 'values must be an object of field → text, e.g. { "token": "…" }',
  })
  .refine((v) => Object.keys(v).length <= 60, "values: at most 60 fields");
