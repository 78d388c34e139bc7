import { ZodError } from "zod";
import { AppError, HTTP_STATUS, type AppErrorCode, type FieldIssue } from "@/server/services/errors";
import { toFieldIssues } from "@/server/services/automations/input";

/**
 * The one REST error envelope: `{ "error": { "code", "message", "details" } }`.
 * Codes are lowercase snake_case; validation errors list every field in
 * `details.issues`. Unexpected errors answer 500 `internal_error` without
 * internals (the request id in X-Request-Id finds them in the log).
 */
export const ERROR_CODES = [
  "bad_request",
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "gone",
  "payload_too_large",
  "unsupported_media_type",
  "unprocessable",
  "idempotency_key_reused",
  "rate_limited",
  "internal_error",
] as const;
export type ApiErrorCode = (typeof ERROR_CODES)[number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const APP_CODES: Record<AppErrorCode, ApiErrorCode> = {
  BAD_REQUEST: "bad_request",
  UNAUTHORIZED: "unauthorized",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not_found",
  CONFLICT: "conflict",
  UNPROCESSABLE: "unprocessable",
  RATE_LIMITED: "rate_limited",
};

export function validationError(where: "path" | "query" | "body", issues: FieldIssue[]): ApiError {
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return new ApiError(400, "validation_failed", `Invalid ${where} — ${summary}`, { issues: issues.map((i) => ({ ...i, in: where })) });
}

/** Any thrown value → ApiError (AppError keeps its message and details; ZodError lists its fields). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof AppError) {
    const issues = err.details?.issues;
    const code: ApiErrorCode = err.code === "BAD_REQUEST" && issues && issues.length > 0 ? "validation_failed" : APP_CODES[err.code];
    return new ApiError(HTTP_STATUS[err.code], code, err.message, err.details ?? null);
  }
  if (err instanceof ZodError) return validationError("body", toFieldIssues(err));
  return new ApiError(500, "internal_error", "Something went wrong on the server. Try again; if it keeps happening, check the server logs with the X-Request-Id of this response.");
}

export function envelope(e: ApiError): string {
  return JSON.stringify({ error: { code: e.code, message: e.message, details: e.details } });
}
