import type { Db } from "@/server/db";
import { AppError } from "@/server/services/errors";
import { clientIpFromHeaders } from "@/server/security/client-ip";
import type { CallbackRateLimiter } from "./rate-limit";
import { CALLBACK_STATUS, decideCallback, viewCallback, type CallbackDecisionInput } from "@/server/services/approvals/callback";
import { renderCallbackPage, type PageState } from "./page-html";

/**
 * Route handler of app/approve/[token]: GET renders (reads only, safe for mail
 * scanners), POST (an HTML form or JSON) decides. Status codes: 200 open or
 * decided, 404 unknown link, 409 already decided, 410 expired / withdrawn / used
 * / closed, 422 invalid form, 429 rate-limited. Nothing is cached or sent as Referer.
 */
const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex, nofollow",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

/** The client address (per-IP limit, decision history): the TCP peer, or X-Forwarded-For as far as TRUST_PROXY trusts it. */
export function clientIp(req: Request): string {
  return clientIpFromHeaders(req.headers);
}

/** The body of a POST: urlencoded / multipart form (`decision`, `comment`, `field.<name>`) or JSON `{ decision, comment, values }`. */
export async function readDecision(req: Request): Promise<CallbackDecisionInput> {
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body = (await req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== "object") throw new AppError("BAD_REQUEST", "The body must be a JSON object: { decision, comment, values }");
    return body as CallbackDecisionInput;
  }
  const form = await req.formData().catch(() => null);
  if (!form) throw new AppError("BAD_REQUEST", "The form could not be read; send it again from the page");
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (k.startsWith("field.") && typeof v === "string") values[k.slice(6)] = v;
  const decision = form.get("decision");
  const comment = form.get("comment");
  return { decision: (typeof decision === "string" ? decision : "") as CallbackDecisionInput["decision"], comment: typeof comment === "string" ? comment : "", values };
}

function page(state: PageState, status: number, extra: Record<string, string> = {}): Response {
  return new Response(renderCallbackPage(state), { status, headers: { ...HEADERS, ...extra } });
}

/** The handler (tests pass their database and limiter; the route uses the app's). */
export function callbackPageHandler(deps: { db?: Db; limiter?: CallbackRateLimiter } = {}) {
  return async (req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> => handle(req, (await ctx.params).token, deps);
}

async function handle(req: Request, token: string, deps: { db?: Db; limiter?: CallbackRateLimiter }): Promise<Response> {
  const meta = { ip: clientIp(req), ...(deps.limiter ? { limiter: deps.limiter } : {}) };
  try {
    if (req.method === "POST") {
      const r = await decideCallback(token, await readDecision(req), meta, deps.db);
      return page(r, CALLBACK_STATUS[r.state]);
    }
    const v = await viewCallback(token, meta, deps.db);
    return page(v, CALLBACK_STATUS[v.state]);
  } catch (e) {
    if (e instanceof AppError && e.code === "RATE_LIMITED") {
      const retryAfter = Number(e.details?.retryAfter ?? 60);
      return page({ state: "rate-limited", retryAfter }, 429, { "retry-after": String(retryAfter) });
    }
    if (e instanceof AppError && e.code === "BAD_REQUEST") return page({ state: "bad-request", message: e.message }, 400);
    throw e;
  }
}
