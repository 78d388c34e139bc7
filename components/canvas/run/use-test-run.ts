"use client";

import { useCallback, useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { useEditorApi } from "../store/context";
import { errorDetails, type Autosave } from "../hooks/use-autosave";
import { isFinishedRunStatus } from "@/lib/statuses";
import { overlayFromRun } from "./overlay";

export interface TestRun {
  runId: string | null;
  status: string | null;
  starting: boolean;
  error: string | null;
  start(testData: Record<string, unknown>): Promise<boolean>;
  clear(): void;
}

/** Starts a test run of the draft (saved first) and keeps the canvas overlay in sync by polling runs.get. */
export function useTestRun(automationId: string, autosave: Autosave): TestRun {
  const api = useEditorApi();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [runId, setRunId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const query = useQuery({
    ...trpc.runs.get.queryOptions({ runId: runId ?? "" }),
    enabled: runId !== null,
    refetchInterval: (q) => (q.state.data && isFinishedRunStatus(q.state.data.status) ? false : 700),
    refetchIntervalInBackground: true,
  });
  // runs.get carries no step rows: the overlay reads the (first 200) steps; polling stops once a page was read after the run finished
  const finished = query.data ? isFinishedRunStatus(query.data.status) : false;
  const steps = useQuery({
    ...trpc.runs.steps.queryOptions({ runId: runId ?? "", limit: 200 }),
    enabled: runId !== null,
    refetchInterval: (q) => (finished && q.state.dataUpdatedAt > query.dataUpdatedAt ? false : 700),
    refetchIntervalInBackground: true,
  });

  useEffect(() => {
    const run = query.data;
    if (!run || run.id !== runId || !steps.data) return;
    const edges = run.graph?.edges ?? api.getState().getGraph().edges;
    api.getState().setRun(overlayFromRun({ ...run, actionResults: steps.data.items }, edges));
  }, [api, query.data, steps.data, runId]);

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
