import type { IncomingMessage, ServerResponse } from "node:http";
import { logger as rootLogger, type Logger } from "@/server/log";
import type { HookHandler, HookRequest } from "./ingress";

const PREFIX = "/api/hooks/";

/** `/api/hooks/<token>[/<anything>]` → token and subpath; null for other paths. */
export function matchHookPath(pathname: string): { token: string; subpath: string } | null {
  if (!pathname.startsWith(PREFIX)) return null;
  const rest = pathname.slice(PREFIX.length);
  const slash = rest.indexOf("/");
  const token = slash < 0 ? rest : rest.slice(0, slash);
  if (!token) return null;
  return { token, subpath: slash < 0 ? "" : rest.slice(slash) };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return; // keep draining so the connection can be reused
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

/** Serves one hook request on a node:http request/response pair; false when the path is not a hook. `log`: the request's logger. */
export async function serveHook(handle: HookHandler, req: IncomingMessage, res: ServerResponse, log?: Logger): Promise<boolean> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const match = matchHookPath(q < 0 ? url : url.slice(0, q));
  if (!match) return false;
  const hookReq: HookRequest = {
    method: (req.method ?? "GET").toUpperCase(),
    token: match.token,
    subpath: match.subpath,
    query: new URLSearchParams(q < 0 ? "" : url.slice(q + 1)),
    headers: headersOf(req),
    readBody: (limit) => readBody(req, limit),
    ...(log ? { log } : {}),
  };
  let out;
  try {
    out = await handle(hookReq);
  } catch (err) {
    (log ?? rootLogger()).error({ err }, "webhook request failed");
    out = { status: 500, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"error":{"code":"INTERNAL","message":"Internal error"}}' };
  }
  if (!req.complete) req.resume();
  res.writeHead(out.status, { ...out.headers, "content-length": Buffer.byteLength(out.body) });
  res.end(out.body);
  return true;
}
