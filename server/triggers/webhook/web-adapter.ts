import { getDb } from "@/server/db";
import { meterHookHandler } from "@/server/ops/webhook-metrics";
import { createHookHandler, NOT_FOUND, type HookHandler, type HookResponse } from "./ingress";
import { matchHookPath } from "./node-adapter";

/**
 * The same ingress behind a Next.js route handler (app/api/hooks): used by
 * `next dev` and plain `next start`; `npm start` serves hooks on the faster
 * node:http front (server/runtime/ingress.ts) before Next.js sees them.
 */
const KEY = Symbol.for("switchyard.webhooks.route-handler");

function handler(): HookHandler {
  const g = globalThis as unknown as Record<symbol, HookHandler | undefined>;
  return (g[KEY] ??= meterHookHandler(createHookHandler({ db: getDb() })));
}

async function readLimited(request: Request, limit: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function toResponse(out: HookResponse): Response {
  return new Response(out.body, { status: out.status, headers: out.headers });
}

export async function handleHookRoute(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const match = matchHookPath(url.pathname);
  if (!match) return toResponse(NOT_FOUND());
  const headers: Record<string, string> = {};
  request.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
  return toResponse(
    await handler()({
      method: request.method.toUpperCase(),
      token: match.token,
      subpath: match.subpath,
      query: url.searchParams,
      headers,
      readBody: (limit) => readLimited(request, limit),
    }),
  );
}
