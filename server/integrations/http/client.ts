import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { env } from "@/server/env";
import { fatal, retryable, StepError, type HttpClient, type HttpRequestSpec, type HttpResponseData } from "@/server/engine/contract";
import { assertAddressAllowed, assertSchemeAllowed, parseAllowList, type AllowList } from "./ssrf";

/**
 * Outbound HTTP with the SSRF guard. Host names are resolved by our own `lookup`,
 * every resolved address is checked, and the socket connects to the checked address
 * (no second resolution, so DNS rebinding cannot swap it). Redirects are followed
 * manually so every hop is checked again.
 */

export interface HttpClientOptions {
  /** Overrides env().HTTP_ALLOWLIST (read on every request otherwise). */
  allowList?: string;
  /** Response bodies beyond this many bytes are cut off and flagged `truncated`. */
  maxBodyBytes?: number;
  maxRedirects?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** Carries a StepError through Node's socket error path. */
class GuardError extends Error {
  constructor(readonly stepError: StepError) {
    super(stepError.message);
  }
}

function guardedLookup(list: AllowList) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints }, (err, addresses) => {
      if (err) return callback(err, []);
      try {
        if (addresses.length === 0) throw retryable(`Could not resolve ${hostname}: no addresses`, "HTTP_NETWORK");
        // Every address must pass: a host may not mix public and internal records.
        for (const a of addresses) assertAddressAllowed(hostname, a.address, list);
      } catch (e) {
        return callback(e instanceof StepError ? new GuardError(e) : (e as Error), []);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * Keep-alive agents, one per scheme and allow list: a pooled socket is connected to an
 * address that passed this allow list's check when it was opened (guardedLookup), so
 * reusing it for the same host and port cannot reach anything the list forbids. Idle
 * sockets are kept shortly (servers commonly close theirs after 5 s; Node also follows
 * a `Keep-Alive: timeout=N` hint), which saves a TCP (and TLS) handshake per request.
 */
const agents = new Map<string, http.Agent>();
function agentFor(protocol: string, list: AllowList, listKey: string): http.Agent {
  const key = `${protocol}|${listKey}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, keepAliveMsecs: 1_000, maxFreeSockets: 32, timeout: 4_000, scheduling: "lifo" as const, lookup: guardedLookup(list) as unknown as net.LookupFunction };
    agent = protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

function headerRecord(res: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

function decoded(res: http.IncomingMessage): Readable {
  const enc = String(res.headers["content-encoding"] ?? "").trim().toLowerCase();
  if (enc === "gzip" || enc === "x-gzip") return res.pipe(zlib.createGunzip());
  if (enc === "deflate") return res.pipe(zlib.createInflate());
  if (enc === "br") return res.pipe(zlib.createBrotliDecompress());
  return res;
}

function readBody(res: http.IncomingMessage, maxBytes: number): Promise<{ body: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const stream = decoded(res);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    stream.on("data", (chunk: Buffer) => {
      if (done) return;
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        done = true;
        res.destroy();
        if (stream !== res) stream.destroy();
        resolve({ body: Buffer.concat(chunks).toString("utf8"), truncated: true });
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.on("end", () => {
      if (done) return;
      done = true;
      resolve({ body: Buffer.concat(chunks).toString("utf8"), truncated: false });
    });
    stream.on("error", (e) => {
      if (done) return;
      done = true;
      reject(e);
    });
    res.on("error", (e) => {
      if (done) return;
      done = true;
      reject(e);
    });
  });
}

function send(hop: Hop, list: AllowList, listKey: string, signal: AbortSignal): Promise<http.IncomingMessage> {
  const host = hop.url.hostname.replace(/^\[|\]$/g, "");
  // Node connects to IP literals without calling lookup: check them here.
  if (net.isIP(host)) assertAddressAllowed(host, host, list);
  const mod = hop.url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = { ...hop.headers };
  if (hop.body !== undefined) headers["content-length"] = String(Buffer.byteLength(hop.body));
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = mod.request(hop.url, {
        method: hop.method,
        headers,
        agent: agentFor(hop.url.protocol, list, listKey),
        signal,
        lookup: guardedLookup(list) as unknown as net.LookupFunction,
      });
    } catch (e) {
      // Invalid header names/values are rejected synchronously by Node.
      reject(fatal(`Invalid HTTP request: ${(e as Error).message}`, "HTTP_INVALID_REQUEST"));
      return;
    }
    req.on("response", resolve);
    req.on("error", reject);
    if (hop.body !== undefined) req.write(hop.body);
    req.end();
  });
}

function nextHop(prev: Hop, status: number, location: string): Hop {
  let url: URL;
  try {
    url = new URL(location, prev.url);
  } catch {
    throw fatal(`Redirect from ${prev.url.origin} has an invalid Location header: ${location}`, "HTTP_INVALID_REDIRECT");
  }
  assertSchemeAllowed(url);
  const headers = { ...prev.headers };
  if (url.origin !== prev.url.origin) for (const h of Object.keys(headers)) if (CREDENTIAL_HEADERS.includes(h.toLowerCase())) delete headers[h];
  const toGet = status === 303 || ((status === 301 || status === 302) && prev.method === "POST");
  if (toGet) {
    for (const h of Object.keys(headers)) if (["content-type", "content-length"].includes(h.toLowerCase())) delete headers[h];
    return { url, method: prev.method === "HEAD" ? "HEAD" : "GET", headers };
  }
  return { url, method: prev.method, headers, body: prev.body };
}

function toStepError(e: unknown, url: URL, timedOut: boolean, timeoutMs: number, outerSignal?: AbortSignal): StepError {
  if (e instanceof StepError) return e;
  if (e instanceof GuardError) return e.stepError;
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof GuardError) return cause.stepError;
  if (timedOut) return retryable(`Request to ${url.host} timed out after ${timeoutMs} ms`, "HTTP_TIMEOUT");
  if (outerSignal?.aborted) return retryable(`Request to ${url.host} was aborted`, "HTTP_ABORTED");
  const err = e as NodeJS.ErrnoException;
  const code = err.code ? `${err.code}: ` : "";
  return retryable(`Request to ${url.host} failed: ${code}${err.message}`, "HTTP_NETWORK", { errno: err.code ?? null });
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRedirects = options.maxRedirects ?? 5;
  return {
    async request(spec: HttpRequestSpec): Promise<HttpResponseData> {
      let url: URL;
      try {
        url = new URL(spec.url);
      } catch {
        throw fatal(`Invalid URL "${spec.url}": use an absolute http:// or https:// URL`, "HTTP_INVALID_URL");
      }
      assertSchemeAllowed(url);
      const listKey = options.allowList ?? env().HTTP_ALLOWLIST;
      const list = parseAllowList(listKey);
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, spec.timeoutMs);
      const onOuterAbort = () => controller.abort();
      if (spec.signal?.aborted) controller.abort();
      spec.signal?.addEventListener("abort", onOuterAbort, { once: true });
      let hop: Hop = { url, method: spec.method.toUpperCase(), headers: { ...(spec.headers ?? {}) }, body: spec.body };
      try {
        for (let redirects = 0; ; redirects++) {
          const res = await send(hop, list, listKey, controller.signal);
          const location = res.headers.location;
          if (REDIRECT_STATUSES.has(res.statusCode ?? 0) && location) {
            res.resume();
            res.destroy();
            if (redirects >= maxRedirects) {
              throw fatal(`Too many redirects: stopped after ${maxRedirects} (last: ${hop.url.toString()} → ${location})`, "HTTP_TOO_MANY_REDIRECTS");
            }
            hop = nextHop(hop, res.statusCode ?? 0, location);
            continue;
          }
          const { body, truncated } = await readBody(res, maxBody);
          return { status: res.statusCode ?? 0, headers: headerRecord(res), body, truncated, url: hop.url.toString() };
        }
      } catch (e) {
        throw toStepError(e, hop.url, timedOut, spec.timeoutMs, spec.signal);
      } finally {
        clearTimeout(timer);
        spec.signal?.removeEventListener("abort", onOuterAbort);
      }
    },
  };
}

let shared: HttpClient | undefined;

/** The process-wide guarded HTTP client (allow-list read from env on every request). */
export function getHttpClient(): HttpClient {
  shared ??= createHttpClient();
  return shared;
}
