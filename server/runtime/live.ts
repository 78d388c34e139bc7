import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { providerOf, type Db } from "@/server/db";
import { env } from "@/server/env";
import { readSessionClaims } from "@/server/auth/session-token";
import { resolveSessionUser, type SessionUser } from "@/server/auth/session";
import { actorCan, memberActor } from "@/server/auth/actor";
import { currentEventId, eventId, eventsSince, subscribeRunChanges, useRunChangesDb, type LiveEvent } from "./run-changes";
import { listenForRunChanges } from "./run-changes-pg";

/**
 * GET /api/live — server-sent events with small change notices about the
 * signed-in member's workspace runs (server/runtime/run-changes.ts), never
 * payloads: the page refetches what changed.
 *
 *   ?runId=…         one run: `{type:"run",id,status,automationId,updatedAt}` on each status change,
 *                    `{type:"steps",runId}` when step rows were written
 *   ?automationId=…  status changes (and new runs) of that automation's runs
 *   (nothing)        status changes (and new runs) of the whole workspace
 *
 * Authenticated by the session cookie like tRPC (JWT + membership re-checked
 * in the database, again at every heartbeat: a removed member's stream ends).
 * Comments every HEARTBEAT_MS keep proxies from closing an idle stream. Each
 * event has an id; a reconnect with Last-Event-ID replays what was missed from
 * this process's ring buffer, or sends `event: reset` (the client refetches).
 * At most MAX_STREAMS_PER_MEMBER open streams per member and process (429
 * beyond). A client that does not read (more than MAX_BUFFERED_BYTES queued)
 * is disconnected: it reconnects and replays or refetches.
 *
 * Served by the production front (server/runtime/ingress.ts, plain
 * node:http: no Next.js routing per stream) and, for `next dev`, by
 * app/api/live/route.ts — both through openLiveStream below.
 */
export const LIVE_PATH = "/api/live";
export const HEARTBEAT_MS = 15_000;
export const MAX_STREAMS_PER_MEMBER = 12;
const MAX_BUFFERED_BYTES = 512 * 1024;

const idParam = (name: string) => z.string().trim().min(1, `${name}: must not be empty`).max(64, `${name}: at most 64 characters`);
const queryInput = z
  .object({ runId: idParam("runId").optional(), automationId: idParam("automationId").optional(), lastEventId: z.string().max(80).optional() })
  .refine((q) => !(q.runId && q.automationId), { message: "Pass runId or automationId, not both" });

export interface LiveSink {
  /** false: the client is not keeping up (too much buffered) */
  write(text: string): boolean;
  end(): void;
}

export type LiveOpen =
  | { kind: "error"; status: number; body: string }
  | { kind: "stream"; headers: Record<string, string>; start(sink: LiveSink): () => void };

export interface LiveOptions {
  heartbeatMs?: number;
  maxStreamsPerMember?: number;
}

const STREAM_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  // no-transform: compression middlewares must not buffer the stream
  "cache-control": "no-cache, no-store, no-transform",
  "x-accel-buffering": "no",
  connection: "keep-alive",
};

const OPEN_KEY = Symbol.for("switchyard.runtime.live.open");
function openStreams(): Map<string, number> {
  const g = globalThis as unknown as Record<symbol, Map<string, number> | undefined>;
  return (g[OPEN_KEY] ??= new Map());
}

/** Open streams of this process (tests, diagnostics). */
export function openLiveStreamCount(): number {
  let n = 0;
  for (const v of openStreams().values()) n += v;
  return n;
}

function error(status: number, code: string, message: string): LiveOpen {
  return { kind: "error", status, body: JSON.stringify({ error: { code, message } }) };
}

function frame(e: LiveEvent): string {
  return `id: ${eventId(e.seq)}\ndata: ${JSON.stringify(e.notice)}\n\n`;
}

async function member(db: Db, headers: Headers): Promise<SessionUser | null> {
  // The same checks as tRPC's context (verified JWT, then the membership in the database), without
  // next-auth's runtime: this module also runs in the bundled node:http front.
  return resolveSessionUser(db, await readSessionClaims(headers));
}

/** Validates the request and prepares the stream; the adapters below write it. */
export async function openLiveStream(req: { url: string; headers: Headers }, db: Db, o: LiveOptions = {}): Promise<LiveOpen> {
  const user = await member(db, req.headers);
  if (!user) return error(401, "UNAUTHORIZED", "Sign in to continue");
  if (!actorCan(memberActor(user.userId, user.workspaceId, user.role), "runs:read")) {
    return error(403, "FORBIDDEN", `Your role (${user.role.toLowerCase()}) cannot do this: requires runs:read`);
  }
  const search = new URL(req.url, "http://localhost").searchParams;
  const parsed = queryInput.safeParse({
    runId: search.get("runId") ?? undefined,
    automationId: search.get("automationId") ?? undefined,
    lastEventId: search.get("lastEventId") ?? undefined,
  });
  if (!parsed.success) return error(400, "BAD_REQUEST", parsed.error.issues.map((i) => i.message).join("; "));
  const q = parsed.data;
  if (q.runId && !(await db.run.findFirst({ where: { id: q.runId, workspaceId: user.workspaceId }, select: { id: true } }))) {
    return error(404, "NOT_FOUND", "Run not found");
  }
  if (q.automationId && !(await db.automation.findFirst({ where: { id: q.automationId, workspaceId: user.workspaceId }, select: { id: true } }))) {
    return error(404, "NOT_FOUND", "Automation not found");
  }
  const key = `${user.workspaceId}:${user.userId}`;
  const open = openStreams();
  const max = o.maxStreamsPerMember ?? MAX_STREAMS_PER_MEMBER;
  if ((open.get(key) ?? 0) >= max) return error(429, "TOO_MANY_REQUESTS", `At most ${max} live streams per member; close other tabs`);

  useRunChangesDb(db);
  const url = env().DATABASE_URL;
  if (providerOf(url) === "postgresql") listenForRunChanges(url);

  const lastEventId = req.headers.get("last-event-id") ?? q.lastEventId ?? null;
  const heartbeatMs = o.heartbeatMs ?? HEARTBEAT_MS;
  const matches = (e: LiveEvent): boolean => {
    if (q.runId) return e.runId === q.runId;
    if (e.notice.type !== "run") return false; // lists need status changes only
    return !q.automationId || e.automationId === q.automationId;
  };

  return {
    kind: "stream",
    headers: STREAM_HEADERS,
    start(sink) {
      open.set(key, (open.get(key) ?? 0) + 1);
      let closed = false;
      const stop = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        const n = (open.get(key) ?? 1) - 1;
        if (n <= 0) open.delete(key);
        else open.set(key, n);
        sink.end();
      };
      const send = (text: string) => {
        if (closed) return;
        if (!sink.write(text)) stop();
      };

      // Replay and subscription happen in one synchronous turn: no event falls in between.
      let head = `retry: 2000\n: switchyard live\n\n`;
      const replay = lastEventId ? eventsSince(lastEventId, user.workspaceId) : [];
      if (replay === null) head += `event: reset\nid: ${currentEventId()}\ndata: {}\n\n`;
      else {
        for (const e of replay) if (matches(e)) head += frame(e);
        // Pin the client's Last-Event-ID to now, so that a reconnect replays from here.
        head += `id: ${currentEventId()}\n\n`;
      }
      const unsubscribe = subscribeRunChanges(user.workspaceId, (e) => {
        if (matches(e)) send(frame(e));
      });
      const heartbeat = setInterval(() => {
        send(": heartbeat\n\n");
        // The membership must still exist (removed member, expired session: the stream ends).
        member(db, req.headers).then(
          (u) => {
            if (!u || u.workspaceId !== user.workspaceId) stop();
          },
          () => undefined,
        );
      }, heartbeatMs);
      heartbeat.unref?.();
      send(head);
      return stop;
    },
  };
}

/** Production front: node:http. */
export async function serveLive(req: IncomingMessage, res: ServerResponse, db: Db, o: LiveOptions = {}): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET", "content-type": "application/json" }).end(JSON.stringify({ error: { code: "METHOD_NOT_ALLOWED", message: "Use GET" } }));
    return;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const opened = await openLiveStream({ url: req.url ?? LIVE_PATH, headers }, db, o);
  if (opened.kind === "error") {
    res.writeHead(opened.status, { "content-type": "application/json", "cache-control": "no-store" }).end(opened.body);
    return;
  }
  res.writeHead(200, opened.headers);
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  const stop = opened.start({
    write: (text) => {
      res.write(text);
      return res.writableLength <= MAX_BUFFERED_BYTES;
    },
    end: () => {
      if (!res.writableEnded) res.end();
    },
  });
  res.on("close", stop);
  if (res.destroyed) stop(); // the client left while the request was being checked
}

/** Next.js route handler (next dev; `npm start` serves /api/live on the node:http front). */
export async function liveResponse(request: Request, db: Db, o: LiveOptions = {}): Promise<Response> {
  const opened = await openLiveStream({ url: request.url, headers: request.headers }, db, o);
  if (opened.kind === "error") return new Response(opened.body, { status: opened.status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let ended = false;
        stop = opened.start({
          write: (text) => {
            if (ended) return false;
            controller.enqueue(encoder.encode(text));
            return (controller.desiredSize ?? 0) > -MAX_BUFFERED_BYTES;
          },
          end: () => {
            if (ended) return;
            ended = true;
            try {
              controller.close();
            } catch {
              // already closed by the client
            }
          },
        });
        request.signal.addEventListener("abort", () => stop(), { once: true });
      },
      cancel() {
        stop();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  return new Response(body, { status: 200, headers: opened.headers });
}
