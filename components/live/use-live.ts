"use client";

import { useEffect } from "react";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Live updates for runs: one server-sent-events stream per distinct scope
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

type Listener = (notice: LiveNotice | { type: "reset" }) => void;

interface Stream {
  source: EventSource;
  listeners: Set<Listener>;
  opened: boolean;
}

const streams = new Map<string, Stream>();

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

/** Subscribe to a (shared, ref-counted) stream; returns the unsubscribe function. */
function subscribe(url: string, listener: Listener): () => void {
  let stream = streams.get(url);
  if (!stream) {
    const source = new EventSource(url, { withCredentials: true });
    const s: Stream = { source, listeners: new Set(), opened: false };
    source.onmessage = (e) => {
      const notice = parseNotice(e.data as string);
      if (notice) for (const l of s.listeners) l(notice);
    };
    source.onopen = () => {
      // After a reconnect the server replays from Last-Event-ID when it can; if it
      // cannot (restart, buffer exceeded) it sends a "reset" event. Refetch anyway
      // on reconnect: cheap, and nothing is missed.
      if (s.opened) for (const l of s.listeners) l({ type: "reset" });
      s.opened = true;
    };
    source.addEventListener("reset", () => {
      for (const l of s.listeners) l({ type: "reset" });
    });
    source.onerror = () => {
      // 401/403/limit responses close the source for good (readyState CLOSED): drop it
      // so a later subscriber (e.g. after signing in again) starts a fresh one.
      if (source.readyState === EventSource.CLOSED && streams.get(url) === s) streams.delete(url);
    };
    stream = s;
    streams.set(url, s);
  }
  stream.listeners.add(listener);
  const current = stream;
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0) {
      current.source.close();
      if (streams.get(url) === current) streams.delete(url);
    }
  };
}

/** Close every live stream (call on sign-out). */
export function closeLiveStreams(): void {
  for (const s of streams.values()) s.source.close();
  streams.clear();
}

const THROTTLE_MS = 250;

/** Trailing-edge throttle per key: fn runs at most once per THROTTLE_MS for each key. */
function makeThrottle() {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const last = new Map<string, number>();
  return {
    run(key: string, fn: () => void) {
      if (timers.has(key)) return;
      const wait = Math.max(0, (last.get(key) ?? 0) + THROTTLE_MS - Date.now());
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
  if (steps) {
    void queryClient.invalidateQueries({ ...trpc.runs.steps.pathFilter(), predicate: forRun });
    void queryClient.invalidateQueries({ ...trpc.runs.step.pathFilter(), predicate: forRun });
  }
}

/**
 * Keeps the queries of one run fresh (runs.get, runs.steps, runs.step):
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
    const refresh = () => {
      throttle.run("list", () => {
        void queryClient.invalidateQueries(trpc.runs.list.pathFilter());
      });
      // Stats are aggregates: refresh them less eagerly (same throttle, separate key).
      throttle.run("stats", () => {
        void queryClient.invalidateQueries(trpc.runs.stats.pathFilter());
      });
    };
    const unsubscribe = subscribe(liveUrl({ automationId }), (notice) => {
      if (notice.type === "steps") return; // lists show step counts only for finished runs' summaries; status notices cover them
      if (notice.type === "run" && automationId && notice.automationId !== automationId) return;
      refresh();
    });
    return () => {
      unsubscribe();
      throttle.dispose();
    };
  }, [automationId, queryClient, trpc]);
}
