"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { TRPCClientError } from "@trpc/client";
import { useSaveClient } from "./save-client";
import type { AppRouter } from "@/lib/trpc/types";
import type { Graph } from "@/lib/graph/schema";
import { useEditorApi } from "../store/context";

/**
 * Draft autosave: debounced (800 ms) after every graph change, one request at a
 * time, with the draftRevision we last saw (optimistic concurrency). A conflict
 * stops saving and surfaces a dialog; other errors retry with backoff and can be
 * retried by hand. Flushes when the tab is hidden, on unmount (client-side
 * navigation), and on page unload (keepalive request + the browser's prompt).
 */

export type SaveState = "saved" | "dirty" | "saving" | "error" | "conflict";

export interface ConflictInfo {
  currentRevision: number | null;
  updatedBy: string | null;
  updatedAt: string | null;
  message: string;
}

const DEBOUNCE_MS = 800;

export function errorDetails(err: unknown): { code?: string; message: string; details: Record<string, unknown> | null } {
  if (err instanceof TRPCClientError) {
    const data = (err as TRPCClientError<AppRouter>).data;
    return { code: data?.code, message: err.message, details: (data?.appDetails as Record<string, unknown> | null) ?? null };
  }
  return { message: err instanceof Error ? err.message : String(err), details: null };
}

export interface Autosave {
  state: SaveState;
  error: string | null;
  conflict: ConflictInfo | null;
  lastSavedAt: Date | null;
  /** Saves now (if needed) and resolves when the draft on the server matches the editor; rejects on failure. */
  flush(): Promise<void>;
  retry(): void;
  /** Resolve a conflict by saving over the other version. */
  overwrite(): Promise<void>;
  /** After reloading the server draft (conflict, restore): continue from this revision. */
  resetRevision(revision: number): void;
  revision(): number;
}

export function useAutosave(automationId: string, initialRevision: number, enabled: boolean): Autosave {
  const api = useEditorApi();
  const client = useSaveClient();
  const [state, setState] = useState<SaveState>("saved");
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ConflictInfo | null>(null);
  const [lastSavedAt, setLastSavedAt] = useState<Date | null>(null);

  const revisionRef = useRef(initialRevision);
  const savedCount = useRef(api.getState().changeCount);
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const retryDelay = useRef(2000);
  const blocked = useRef(false); // conflict: wait for the user
  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;

  const isDirty = () => api.getState().changeCount !== savedCount.current;

  const saveOnce = useCallback(async (): Promise<void> => {
    const count = api.getState().changeCount;
    const graph: Graph = api.getState().getDraftGraph();
    setState("saving");
    try {
      const res = await client.automations.saveDraft.mutate({ id: automationId, graph, baseRevision: revisionRef.current });
      revisionRef.current = res.draftRevision;
      savedCount.current = count;
      retryDelay.current = 2000;
      setError(null);
      setLastSavedAt(new Date());
      setState(api.getState().changeCount === count ? "saved" : "dirty");
    } catch (err) {
      const e = errorDetails(err);
      if (e.code === "CONFLICT") {
        blocked.current = true;
        const by = e.details?.updatedBy as { name?: string } | null | undefined;
        setConflict({
          currentRevision: typeof e.details?.currentRevision === "number" ? e.details.currentRevision : null,
          updatedBy: by?.name ?? null,
          updatedAt: e.details?.updatedAt ? String(e.details.updatedAt) : null,
          message: e.message,
        });
        setState("conflict");
      } else {
        setError(e.message);
        setState("error");
      }
      throw err;
    }
  }, [api, automationId, client]);

  const run = useCallback((): Promise<void> => {
    if (inFlight.current) return inFlight.current;
    if (!isDirty() || blocked.current || !enabledRef.current) return Promise.resolve();
    const p = (async () => {
      // keep saving while edits arrive during a save
      while (isDirty() && !blocked.current && enabledRef.current) await saveOnce();
    })();
    inFlight.current = p;
    const clear = () => {
      if (inFlight.current === p) inFlight.current = null;
    };
    p.then(clear, clear);
    return p;
  }, [saveOnce]);

  const schedule = useCallback(
    (delay = DEBOUNCE_MS) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        run().catch(() => {
          if (!blocked.current) {
            // transient failure: retry with backoff (up to 30 s)
            const d = retryDelay.current;
            retryDelay.current = Math.min(30_000, d * 2);
            schedule(d);
          }
        });
      }, delay);
    },
    [run],
  );

  // watch graph changes
  useEffect(() => {
    return api.subscribe((s, prev) => {
      if (s.changeCount === prev.changeCount || !enabledRef.current || s.versionView) return;
      if (blocked.current) return;
      setState((st) => (st === "saving" ? st : "dirty"));
      schedule();
    });
  }, [api, schedule]);

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    if (blocked.current) throw new Error("Resolve the save conflict first.");
    await run();
    if (isDirty() && enabledRef.current) await run();
  }, [run]);

  // flush on tab hide, unmount; keepalive save + prompt on unload
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === "hidden" && isDirty() && !blocked.current) run().catch(() => undefined);
    };
    // Ask before leaving with unsaved edits…
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!enabledRef.current || (!isDirty() && !inFlight.current)) return;
      e.preventDefault();
      e.returnValue = "";
    };
    // …and when the page really goes away, send the last edits with a keepalive request.
    const onPageHide = () => {
      if (!enabledRef.current || !isDirty() || blocked.current || inFlight.current) return;
      const body = JSON.stringify({ json: { id: automationId, graph: api.getState().getDraftGraph(), baseRevision: revisionRef.current } });
      if (body.length > 60_000) return; // keepalive body limit
      void fetch("/api/trpc/automations.saveDraft", { method: "POST", keepalive: true, headers: { "content-type": "application/json" }, body }).catch(() => undefined);
    };
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("beforeunload", onBeforeUnload);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("pagehide", onPageHide);
      clearTimeout(timer.current);
      if (isDirty() && !blocked.current && enabledRef.current) run().catch(() => undefined);
    };
  }, [api, automationId, run]);

  const retry = useCallback(() => {
    retryDelay.current = 2000;
    schedule(0);
  }, [schedule]);

  const overwrite = useCallback(async () => {
    if (conflict?.currentRevision !== null && conflict?.currentRevision !== undefined) revisionRef.current = conflict.currentRevision;
    blocked.current = false;
    setConflict(null);
    savedCount.current = -1; // force a save even if nothing changed since
    await run();
  }, [conflict, run]);

  const resetRevision = useCallback(
    (revision: number) => {
      revisionRef.current = revision;
      blocked.current = false;
      setConflict(null);
      setError(null);
      savedCount.current = api.getState().changeCount;
      setState("saved");
    },
    [api],
  );

  return { state, error, conflict, lastSavedAt, flush, retry, overwrite, resetRevision, revision: () => revisionRef.current };
}
