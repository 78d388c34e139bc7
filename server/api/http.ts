import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "@/server/log";
import { clientIpFromHeaders, clientIpOf } from "@/server/security/client-ip";
import { readableFrom } from "./download";

/**
 * The REST API's own request/response shapes, independent of the server that
 * carries them: Next.js route handlers (app/api/v1) adapt Web Requests, the
 * node:http front and the bench adapt IncomingMessage. Bodies are read lazily
 * and capped (MAX_BODY_BYTES → 413) before anything parses them.
 */
export const API_PREFIX = "/api/v1";
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiRequest {
  method: string;
  /** Path below /api/v1, e.g. "/automations/abc". */
  path: string;
  query: URLSearchParams;
  header(name: string): string | null;
  /** The raw body text; null when larger than `limit` bytes. */
  text(limit: number): Promise<string | null>;
  /** Client address for rate limiting (best effort). */
  ip: string;
  /** Set by the node:http front: the request id it logs with and answers in X-Request-Id. */
  requestId?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or null for 204. */
  body: string | null;
  /** A streamed body (file downloads, server/api/download.ts) instead of `body`. */
  stream?: AsyncIterable<string>;
}

function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const q = url.indexOf("?");
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
  let path = rawPath.startsWith(API_PREFIX) ? rawPath.slice(API_PREFIX.length) : rawPath;
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return { path: path || "/", query };
}

/** A Web Request (Next.js route handlers, tests). */
export function fromWebRequest(req: Request, ip = "unknown"): ApiRequest {
  const url = new URL(req.url);
  const { path, query } = splitUrl(url.pathname + url.search);
  return {
    method: req.method.toUpperCase(),
    path,
    query,
    header: (name) => req.headers.get(name),
    async text(limit) {
      const declared = Number(req.headers.get("content-length") ?? "0");
      if (declared > limit) return null;
      if (!req.body) return "";
      const reader = req.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          await reader.cancel().catch(() => undefined);
          return null;
        }
        chunks.push(value);
      }
      return Buffer.concat(chunks).toString("utf8");
    },
    // X-Forwarded-For only as far as TRUST_PROXY says (server/security/client-ip.ts).
    ip: clientIpFromHeaders(req.headers, ip === "unknown" ? null : ip),
  };
}

export function toWebResponse(res: ApiResponse): Response {
  if (res.stream) return new Response(readableFrom(res.stream), { status: res.status, headers: res.headers });
  return new Response(res.body, { status: res.status, headers: res.headers });
}

/** A node:http request (the production front and the bench server); `requestId`: the front's. */
export function fromNodeRequest(req: IncomingMessage, requestId?: string): ApiRequest {
  const { path, query } = splitUrl(req.url ?? "/");
  return {
    ...(requestId ? { requestId } : {}),
    method: (req.method ?? "GET").toUpperCase(),
    path,
    query,
    header(name) {
      const v = req.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
    text(limit) {
      const declared = Number(req.headers["content-length"] ?? "0");
      if (declared > limit) {
        req.resume();
        return Promise.resolve(null);
      }
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let over = false;
        req.on("data", (c: Buffer) => {
          size += c.length;
          if (size > limit) over = true;
          else chunks.push(c);
        });
        req.on("end", () => resolve(over ? null : Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
      });
    },
    ip: clientIpOf((name) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(", ") : v;
    }, req.socket.remoteAddress ?? null),
  };
}

export function writeNodeResponse(res: ServerResponse, out: ApiResponse): void {
  res.writeHead(out.status, out.headers);
  if (out.stream) {
    void pipeText(res, out.stream, out.headers["x-request-id"]);
    return;
  }
  res.end(out.body ?? undefined);
}

/** Writes a streamed body with backpressure; a failure mid-stream aborts the connection (the status is already sent). */
async function pipeText(res: ServerResponse, chunks: AsyncIterable<string>, requestId: string | undefined): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } catch (err) {
    logger().error({ reqId: requestId, err }, "streamed API response failed");
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}

/** Resolves on "drain", or on "close" when the client went away (never hangs). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}
