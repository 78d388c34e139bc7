import type { NextRequest } from "next/server";
import { handlers } from "@/server/auth";
import { parseRateLimitedCode, signInErrorMessage } from "@/server/auth/messages";

export const { GET } = handlers;

/**
 * A throttled credentials sign-in through Auth.js's own endpoint answers 429 with
 * Retry-After instead of the redirect to /login?code=rate_limited_N (the app's
 * login form uses a server action and shows the same message).
 */
export async function POST(req: NextRequest): Promise<Response> {
  const res = await handlers.POST(req);
  const location = res.headers.get("location");
  if (!location || !location.includes("code=rate_limited_")) return res;
  const code = new URL(location, req.url).searchParams.get("code");
  const wait = parseRateLimitedCode(code);
  if (wait === null) return res;
  return Response.json(
    { error: { code: "rate_limited", message: signInErrorMessage(code), details: { retry_after_seconds: wait } } },
    { status: 429, headers: { "Retry-After": String(wait), "Cache-Control": "no-store" } },
  );
}
