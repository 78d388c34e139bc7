"use client";

import { useEffect } from "react";
import { validateGraph } from "@/lib/graph/validate";
import { useEditorApi } from "../store/context";
import type { NodeProblem } from "../store/types";

/** Re-validates the graph (lib/graph/validate) shortly after each change; results feed node badges and the panel. */
export function useValidation() {
  const api = useEditorApi();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const validate = () => {
      const result = validateGraph(api.getState().getGraph());
      const byNode: Record<string, NodeProblem[]> = {};
      const list: Array<NodeProblem & { nodeId?: string }> = [];
      for (const p of result.problems) {
        const problem: NodeProblem = { field: p.field, message: p.message, severity: p.severity ?? "error" };
        list.push({ ...problem, nodeId: p.nodeId });
        if (p.nodeId) (byNode[p.nodeId] ??= []).push(problem);
      }
      api.getState().setProblems(byNode, list);
    };
    validate();
    const unsub = api.subscribe((s, prev) => {
      if (s.graphVersion === prev.graphVersion) return;
      clearTimeout(timer);
      timer = setTimeout(validate, 150);
    });
    return () => {
      unsub();
      clearTimeout(timer);
    };
  }, [api]);
}
