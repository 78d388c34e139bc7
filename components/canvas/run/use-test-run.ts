"use client";

import { useCallback, useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { useEditorApi } from "../store/context";
import { errorDetails, type Autosave } from "../hooks/use-autosave";
import { isFinishedRunStatus } from "@/lib/statuses";
import { overlayFromNodes } from "./overlay";
import { useLiveRun } from "@/components/live/use-live";

export interface TestRun {
  runId: string | null;
  status: string | null;
  starting: boolean;
  error: string | null;
  start(testData: Record<string, unknown>): Promise<boolean>;
  clear(): void;
}

/**
 * Starts a test run of the draft (saved first) and keeps the canvas overlay in sync
 * without polling: useLiveRun invalidates runs.overlay (per-node statuses, no payloads)
 * when the server says the run changed; the step payloads (request/response for the
 * step panel and the variable picker) are read once the run has settled.
 */
export function useTestRun(automationId: string, autosave: Autosave): TestRun {
  const api = useEditorApi();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [runId, setRunId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useLiveRun(runId);
  const query = useQuery({ ...trpc.runs.overlay.queryOptions({ runId: runId ?? "" }), enabled: runId !== null, staleTime: 0 });
  // settled: finished, or waiting (paused for a timer/approval, or for a child run)
  const settled = query.data ? isFinishedRunStatus(query.data.status) || query.data.status === "PAUSED" || query.data.status === "WAITING_FOR_CHILD" : false;
  const payloads = useQuery({ ...trpc.runs.steps.queryOptions({ runId: runId ?? "", limit: 200 }), enabled: runId !== null && settled, staleTime: 0 });

  useEffect(() => {
    const run = query.data;
    if (!run || run.id !== runId) return;
    const previous = api.getState().run;
    const triggerData = previous?.runId === runId ? previous.triggerData : undefined;
    const edges = api.getState().getGraph().edges;
    api.getState().setRun(overlayFromNodes(run, edges, { triggerData, payloads: settled ? payloads.data?.items : undefined }));
  }, [api, query.data, payloads.data, settled, runId]);

  const start = useCallback(
    async (testData: Record<string, unknown>) => {
      setStarting(true);
      setError(null);
      try {
        await autosave.flush();
        const res = await client.runs.trigger.mutate({ automationId, test: true, testData });
        api.getState().setRun({ runId: res.runId, status: "QUEUED", steps: {}, takenEdges: new Set(), triggerData: testData, error: null });
        setRunId(res.runId);
        return true;
      } catch (e) {
        setError(errorDetails(e).message);
        return false;
      } finally {
        setStarting(false);
      }
    },
    [api, automationId, autosave, client],
  );

  const clear = useCallback(() => {
    setRunId(null);
    api.getState().setRun(null);
  }, [api]);

  return { runId, status: query.data?.status ?? (runId ? "QUEUED" : null), starting, error, start, clear };
}
