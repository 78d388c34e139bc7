/** A user-facing message from a tRPC/fetch error: the server's specific message, plus field issues. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Try again."): string {
  if (!error || typeof error !== "object") return fallback;
  const e = error as { message?: unknown; data?: { zodIssues?: { field: string; message: string }[] | null } | null };
  const issues = e.data?.zodIssues;
  if (issues && issues.length > 0) {
    return issues.map((i) => (i.message.startsWith(i.field) || !i.field ? i.message : `${i.field}: ${i.message}`)).join("; ");
  }
  if (typeof e.message === "string" && e.message.trim()) {
    // Network failures surface as TypeError "Failed to fetch": say what it means.
    if (e.message === "Failed to fetch") return "Could not reach the server. Check your connection and try again.";
    return e.message;
  }
  return fallback;
}

/** tRPC error code (NOT_FOUND, FORBIDDEN …) of an error, if any. */
export function errorCode(error: unknown): string | null {
  const code = (error as { data?: { code?: unknown } } | null)?.data?.code;
  return typeof code === "string" ? code : null;
}
