import { z } from "zod";

/**
 * Named REST schemas: registered here so the OpenAPI document lists them as
 * components (`#/components/schemas/<id>`) and operations refer to them.
 */
export const apiSchemas = z.registry<{ id: string }>();

export function registerSchema<T extends z.ZodType>(id: string, schema: T): T {
  apiSchemas.add(schema, { id });
  return schema;
}

export const iso = (d: Date): string => d.toISOString();
export const isoOrNull = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export const errorEnvelopeSchema = registerSchema(
  "Error",
  z.object({
    error: z.object({
      code: z.string().describe("Machine-readable code, e.g. validation_failed, forbidden, not_found"),
      message: z.string().describe("What went wrong and what is allowed"),
      details: z.record(z.string(), z.unknown()).nullable().describe("validation_failed: issues[] with field, message and in (path, query, body)"),
    }),
  }),
);
