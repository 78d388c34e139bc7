"use client";

import { useEffect, useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { validateGraph } from "@/lib/graph/validate";
import type { KnownConnection } from "@/lib/graph/validate-connections";
import { getConnectionType, templateFields } from "@/lib/connections/catalog";
import { useTRPC } from "@/lib/trpc/client";
import { useEditorApi } from "../store/context";
import type { NodeProblem } from "../store/types";

/** Re-validates the graph (lib/graph/validate) shortly after each change; results feed node badges and the panel. */
export function useValidation() {
  const api = useEditorApi();
  const trpc = useTRPC();
  const list = useQuery(trpc.connections.list.queryOptions({}));
  const endpoints = useQuery(trpc.outgoingWebhooks.list.queryOptions({}));
  // The workspace's outgoing webhook endpoints: a step whose endpoint was deleted shows a problem.
  const outgoingWebhooks = useMemo(() => endpoints.data?.map((w) => ({ id: w.id, name: w.name, active: w.active })), [endpoints.data]);
  // The workspace's connections: a step whose connection was deleted shows a problem (fields: admins only).
  const connections = useMemo<KnownConnection[] | undefined>(
    () =>
      list.data?.map((c) => {
        const def = getConnectionType(c.type);
        const fields = c.detail && def ? templateFields(def, c.detail.secrets.map((s) => s.field)) : undefined;
        return { id: c.id, name: c.name, type: c.type, ...(fields ? { fields } : {}) };
      }),
    [list.data],
  );
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const validate = () => {
      const result = validateGraph(api.getState().getGraph(), { connections, outgoingWebhooks });
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
  }, [api, connections, outgoingWebhooks]);
}
