import { z } from "zod";
import { AppError, type FieldIssue } from "@/server/services/errors";

/** Turns zod issues into user-facing field issues ("graph.nodes.2.name: name is required"). */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "input",
    message: issue.message,
  }));
}

/** Validates service input; throws AppError BAD_REQUEST listing every field problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = toFieldIssues(result.error);
    const summary = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
    throw new AppError("BAD_REQUEST", `Invalid input — ${summary}`, { issues });
  }
  return result.data;
}
