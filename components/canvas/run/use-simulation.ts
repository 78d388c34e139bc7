"use client";

import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import type { OverlayStep, RunOverlay } from "../store/types";
import { useEditorApi } from "../store/context";
import { errorDetails, type Autosave } from "../hooks/use-autosave";
import type { Simulation } from "./simulate-dialog";

export function overlayFromSimulation(sim: Simulation, triggerData: unknown): RunOverlay {
  const steps: Record<string, OverlayStep> = {};
  for (const s of sim.steps) {
    steps[s.nodeId] = { nodeId: s.nodeId, status: s.status === "error" ? "FAILED" : "SUCCEEDED", handle: s.handle, response: s.preview, error: s.error };
  }
  return { runId: "simulation", status: sim.wouldExecute ? "COMPLETED" : "SKIPPED", steps, takenEdges: new Set(sim.edges), triggerData, error: null, simulated: true };
}

/** Simulates the saved draft (saving pending edits first) and highlights the path on the canvas. */
export function useSimulation(automationId: string, autosave: Autosave, canEdit: boolean) {
  const api = useEditorApi();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [simulating, setSimulating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Simulation | null>(null);

  const simulate = useCallback(
    async (triggerData: Record<string, unknown>) => {
      setSimulating(true);
      setError(null);
      try {
        if (canEdit) await autosave.flush();
        const sim = await queryClient.fetchQuery({ ...trpc.automations.simulate.queryOptions({ automationId, triggerData }), staleTime: 0, gcTime: 0 });
        setResult(sim);
        api.getState().setRun(overlayFromSimulation(sim, triggerData));
        return sim;
      } catch (e) {
        setError(errorDetails(e).message);
        return null;
      } finally {
        setSimulating(false);
      }
    },
    [api, automationId, autosave, canEdit, queryClient, trpc],
  );

  const reset = useCallback(() => {
    setResult(null);
    setError(null);
  }, []);

  return { simulate, simulating, error, result, reset };
}
