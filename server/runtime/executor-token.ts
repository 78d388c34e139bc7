import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/server/env";

/** Bearer token of the internal execute route: HMAC-SHA256(APP_SECRET, "run-executor"), hex. */
export function executorToken(secret: string = env().APP_SECRET): string {
  return createHmac("sha256", secret).update("run-executor").digest("hex");
}

/** Checks an Authorization header value in constant time. */
export function isExecutorAuthorized(header: string | null): boolean {
  if (!header?.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length).trim(), "utf8");
  const expected = Buffer.from(executorToken(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
