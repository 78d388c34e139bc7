"use client";

import { useEffect, useSyncExternalStore } from "react";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Live updates for runs (server: server/runtime/live.ts): one server-sent-events stream per distinct scope
 * (`/api/live?runId=…`, `?automationId=…`, or the whole workspace), shared by
 * every component that asks for the same scope. The server sends small change
 * notices, never payloads; on a notice we invalidate only the affected tRPC
 * queries (throttled: at most one invalidation per query group per 250 ms),
 * and React Query refetches whatever is mounted.
 */

export interface RunNotice {
  type: "run";
  id: string;
  status: string;
  automationId: string;
  updatedAt: string;
  created?: boolean;
}
export interface StepsNotice {
  type: "steps";
  runId: string;
}
export type LiveNotice = RunNotice | StepsNotice;

/** reset: refetch (reconnected, or the server could not replay); `first`: the first connect of the stream */
type Control = { type: "reset"; first?: boolean };
type Listener = (notice: LiveNotice | Control) => void;

interface Stream {
  url: string;
  source: EventSource | null;
  listeners: Set<Listener>;
  /** connected at least once: a later open is a reconnect (refetch what may have been missed) */
  opened: boolean;
  connected: boolean;
  retryMs: number;
  retryTimer: ReturnType<typeof setTimeout> | null;
}

const streams = new Map<string, Stream>();
/** A hidden tab closes its streams after this long (browsers allow ~6 connections per host over HTTP/1.1). */
const HIDDEN_CLOSE_MS = 60_000;
const RETRY_MIN_MS = 5_000;
const RETRY_MAX_MS = 60_000;

// ---- connection state for indicators (useSyncExternalStore)
const stateListeners = new Set<() => void>();
let connectedSnapshot = false;
function publishState(): void {
  const next = [...streams.values()].some((s) => s.connected);
  if (next === connectedSnapshot) return;
  connectedSnapshot = next;
  for (const l of stateListeners) l();
}

function parseNotice(data: string): LiveNotice | null {
  try {
    const v = JSON.parse(data) as Partial<LiveNotice> | null;
    if (v?.type === "run" && typeof v.id === "string") return v as RunNotice;
    if (v?.type === "steps" && typeof (v as StepsNotice).runId === "string") return v as StepsNotice;
  } catch {
    /* ignore malformed frames */
  }
  return null;
}

function emit(s: Stream, notice: LiveNotice | Control): void {
  for (const l of [...s.listeners]) l(notice);
}

function connect(s: Stream): void {
  if (s.source || typeof EventSource === "undefined") return;
  const source = new EventSource(s.url, { withCredentials: true });
  s.source = source;
  source.onmessage = (e) => {
    const notice = parseNotice(e.data as string);
    if (notice) emit(s, notice);
  };
  source.addEventListener("reset", () => emit(s, { type: "reset" }));
  source.onopen = () => {
    // The server replays from Last-Event-ID when it can (or sends "reset"); after a
    // reconnect refetch anyway: cheap, and nothing is missed. The first connect too
    // (first: true): changes between the page's first fetch and this moment were not heard.
    emit(s, { type: "reset", ...(s.opened ? {} : { first: true }) });
    s.opened = true;
    s.connected = true;
    s.retryMs = RETRY_MIN_MS;
    publishState();
  };
  source.onerror = () => {
    s.connected = false;
    publishState();
    // Network errors: EventSource reconnects by itself. HTTP errors (401 signed out,
    // 429 too many streams, 5xx) close it for good: retry with backoff, and refetch
    // on each attempt so the page still updates, slowly.
    if (source.readyState !== EventSource.CLOSED || s.source !== source) return;
    s.source = null;
    if (s.retryTimer || s.listeners.size === 0) return;
    s.retryTimer = setTimeout(() => {
      s.retryTimer = null;
      if (s.listeners.size === 0 || document.visibilityState === "hidden") return;
      emit(s, { type: "reset" });
      connect(s);
    }, s.retryMs);
    s.retryMs = Math.min(s.retryMs * 2, RETRY_MAX_MS);
  };
}

function disconnect(s: Stream): void {
  s.source?.close();
  s.source = null;
  s.connected = false;
  if (s.retryTimer) clearTimeout(s.retryTimer);
  s.retryTimer = null;
}

let visibilityBound = false;
let hiddenTimer: ReturnType<typeof setTimeout> | null = null;
function bindVisibility(): void {
  if (visibilityBound || typeof document === "undefined") return;
  visibilityBound = true;
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      hiddenTimer ??= setTimeout(() => {
        hiddenTimer = null;
        for (const s of streams.values()) disconnect(s);
        publishState();
      }, HIDDEN_CLOSE_MS);
      return;
    }
    if (hiddenTimer) clearTimeout(hiddenTimer);
    hiddenTimer = null;
    for (const s of streams.values()) connect(s); // onopen refetches (reset)
  });
}

/** Subscribe to a (shared, ref-counted) stream; returns the unsubscribe function. */
function subscribe(url: string, listener: Listener): () => void {
  bindVisibility();
  let stream = streams.get(url);
  if (!stream) {
    stream = { url, source: null, listeners: new Set(), opened: false, connected: false, retryMs: RETRY_MIN_MS, retryTimer: null };
    streams.set(url, stream);
  }
  stream.listeners.add(listener);
  connect(stream);
  const current = stream;
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0) {
      disconnect(current);
      if (streams.get(url) === current) streams.delete(url);
      publishState();
    }
  };
}

/** Close every live stream (call on sign-out). */
export function closeLiveStreams(): void {
  for (const s of streams.values()) disconnect(s);
  streams.clear();
  publishState();
}

/** true while at least one live stream of this tab is connected (for a "Live" indicator). */
export function useLiveConnected(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      stateListeners.add(onChange);
      return () => void stateListeners.delete(onChange);
    },
    () => connectedSnapshot,
    () => false,
  );
}

const THROTTLE_MS = 250;

/** Stats are aggregates over many runs: refreshed at most every 5 s. */
const STATS_THROTTLE_MS = 5_000;

/** Trailing-edge throttle per key: fn runs at most once per `ms` for each key. */
function makeThrottle(ms = THROTTLE_MS) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const last = new Map<string, number>();
  return {
    run(key: string, fn: () => void) {
      if (timers.has(key)) return;
      const wait = Math.max(0, (last.get(key) ?? 0) + ms - Date.now());
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          last.set(key, Date.now());
          fn();
        }, wait),
      );
    },
    dispose() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}

function inputOf(queryKey: readonly unknown[]): Record<string, unknown> | undefined {
  const meta = queryKey[1] as { input?: unknown } | undefined;
  return meta && typeof meta.input === "object" && meta.input !== null ? (meta.input as Record<string, unknown>) : undefined;
}

function liveUrl(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/api/live?${s}` : "/api/live";
}

function invalidateRun(queryClient: QueryClient, trpc: ReturnType<typeof useTRPC>, runId: string, steps: boolean) {
  const forRun = (q: { queryKey: readonly unknown[] }) => inputOf(q.queryKey)?.runId === runId;
  void queryClient.invalidateQueries({ ...trpc.runs.get.pathFilter(), predicate: forRun });
  void queryClient.invalidateQueries({ ...trpc.runs.overlay.pathFilter(), predicate: forRun });
  if (steps) {
    void queryClient.invalidateQueries({ ...trpc.runs.steps.pathFilter(), predicate: forRun });
    void queryClient.invalidateQueries({ ...trpc.runs.step.pathFilter(), predicate: forRun });
  }
}

/**
 * Keeps the queries of one run fresh (runs.get, runs.overlay, runs.steps, runs.step):
 * invalidates them when the server says the run or its steps changed.
 */
export function useLiveRun(runId: string | null | undefined): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!runId || typeof EventSource === "undefined") return;
    const throttle = makeThrottle();
    const unsubscribe = subscribe(liveUrl({ runId }), (notice) => {
      if (notice.type === "reset") {
        throttle.run("run", () => invalidateRun(queryClient, trpc, runId, true));
        return;
      }
      const id = notice.type === "run" ? notice.id : notice.runId;
      if (id !== runId) return;
      // Status changes also change the step list (a cancel skips pending steps).
      throttle.run("run", () => invalidateRun(queryClient, trpc, runId, true));
    });
    return () => {
      unsubscribe();
      throttle.dispose();
    };
  }, [runId, queryClient, trpc]);
}

/**
 * Keeps run lists fresh (runs.list, runs.stats): invalidates them when a run of the
 * workspace (or of `scope.automationId`) is created or changes status.
 */
export function useLiveRuns(scope: { automationId?: string }): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const automationId = scope.automationId;
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const throttle = makeThrottle();
    const slow = makeThrottle(STATS_THROTTLE_MS);
    const refresh = () => {
      throttle.run("list", () => {
        void queryClient.invalidateQueries(trpc.runs.list.pathFilter());
      });
      slow.run("stats", () => {
        void queryClient.invalidateQueries(trpc.runs.stats.pathFilter());
      });
    };
    const unsubscribe = subscribe(liveUrl({ automationId }), (notice) => {
      // a list loaded just before the stream opened is fresh enough; a reconnect refetches
      if (notice.type === "reset" && notice.first) return;
      if (notice.type === "steps") return; // lists show step counts only for finished runs' summaries; status notices cover them
      if (notice.type === "run" && automationId && notice.automationId !== automationId) return;
      refresh();
    });
    return () => {
      unsubscribe();
      throttle.dispose();
      slow.dispose();
    };
  }, [automationId, queryClient, trpc]);
}
