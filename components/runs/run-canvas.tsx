"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { Background, BackgroundVariant, Controls, ReactFlow, ReactFlowProvider, type OnSelectionChangeParams } from "@xyflow/react";
import { useTheme } from "next-themes";
import type { Graph } from "@/lib/graph/schema";
import type { RouterOutputs } from "@/lib/trpc/types";
import { editorCatalog } from "@/components/canvas/catalog";
import { nodeTypes } from "@/components/canvas/nodes/flow-node";
import { edgeTypes } from "@/components/canvas/edges/flow-edge";
import { EditorStoreProvider, useEditorApi, useEditorShallow } from "@/components/canvas/store/context";
import type { FlowEdge, FlowNode, OverlayStep, RunOverlay } from "@/components/canvas/store/types";
import "@xyflow/react/dist/style.css";
import "@/components/canvas/canvas.css";

type RunHeader = RouterOutputs["runs"]["get"];
export type RunNode = RunHeader["nodes"][number];

const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1 };

/**
 * The overlay of a run on its graph from the per-node aggregates of runs.get: status,
 * counts (loop iterations, attempts) and the edges taken. An edge is taken when its
 * source left through that handle and its target ran; a loop that ran its items also
 * left through "done" once its "done" target ran.
 */
export function overlayFromNodes(run: Pick<RunHeader, "id" | "status" | "error" | "nodes">, graph: Graph): RunOverlay {
  const steps: Record<string, OverlayStep> = {};
  for (const n of run.nodes) {
    steps[n.nodeId] = {
      nodeId: n.nodeId,
      status: n.status,
      attempt: n.latestAttempt,
      error: n.error,
      durationMs: n.durationMs,
      executions: n.executions,
      attempts: n.attempts,
    };
  }
  const handles = new Map(run.nodes.map((n) => [n.nodeId, new Set(n.handles)]));
  const takenEdges = new Set<string>();
  for (const e of graph.edges) {
    if (!steps[e.target]) continue;
    const h = handles.get(e.source);
    if (!h) continue;
    if (h.has(e.sourceHandle) || (e.sourceHandle === "done" && h.has("item"))) takenEdges.add(e.id);
  }
  return { runId: run.id, status: run.status, steps, takenEdges, error: run.error };
}

function RunFlow({ overlay, selectedNodeId, onSelectNode }: { overlay: RunOverlay; selectedNodeId: string | null; onSelectNode: (nodeId: string) => void }) {
  const api = useEditorApi();
  const { nodes, edges } = useEditorShallow((s) => ({ nodes: s.nodes, edges: s.edges }));
  const { resolvedTheme } = useTheme();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  useEffect(() => {
    api.getState().setRun(overlay);
  }, [api, overlay]);

  // the step panel's selection shows on the canvas (and vice versa, below)
  useEffect(() => {
    const current = api.getState().nodes.filter((n) => n.selected).map((n) => n.id);
    const wanted = selectedNodeId ? [selectedNodeId] : [];
    if (current.length !== wanted.length || current.some((id, i) => id !== wanted[i])) api.getState().selectOnly(wanted);
  }, [api, selectedNodeId, nodes.length]);

  const onSelectionChange = useCallback(
    ({ nodes: selected }: OnSelectionChangeParams<FlowNode, FlowEdge>) => {
      if (selected.length === 1 && selected[0].id !== selectedNodeId) onSelectNode(selected[0].id);
    },
    [onSelectNode, selectedNodeId],
  );

  return (
    <ReactFlow<FlowNode, FlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={api.getState().onNodesChange}
      onNodeClick={(_e, n) => onSelectNode(n.id)}
      onSelectionChange={onSelectionChange}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      deleteKeyCode={null}
      selectionKeyCode={null}
      multiSelectionKeyCode={null}
      fitView
      fitViewOptions={FIT_VIEW_OPTIONS}
      minZoom={0.1}
      maxZoom={1.5}
      onlyRenderVisibleElements={nodes.length > 120}
      colorMode={mounted && resolvedTheme === "dark" ? "dark" : "light"}
      attributionPosition="top-right"
      zoomOnDoubleClick={false}
      className="flow-canvas"
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} className="flow-bg" />
      <Controls showInteractive={false} position="bottom-left" className="flow-controls" />
    </ReactFlow>
  );
}

/**
 * Read-only canvas of the graph the run executed (its version, or a test run's snapshot),
 * drawn with the editor's node components: path taken highlighted, untouched nodes dimmed,
 * status and counts per node. Clicking a node selects its latest step.
 */
export function RunCanvas({
  run,
  graph,
  selectedNodeId,
  onSelectNode,
}: {
  run: Pick<RunHeader, "id" | "status" | "error" | "nodes">;
  graph: Graph;
  selectedNodeId: string | null;
  onSelectNode: (nodeId: string) => void;
}) {
  const overlay = useMemo(() => overlayFromNodes(run, graph), [run, graph]);
  return (
    <div className="relative h-full w-full" data-testid="run-canvas" data-readonly="true" role="region" aria-label="Graph of the version that ran: select a node to see its latest step">
      <ReactFlowProvider>
        <EditorStoreProvider init={() => ({ graph, catalog: editorCatalog, readOnly: true })}>
          <RunFlow overlay={overlay} selectedNodeId={selectedNodeId} onSelectNode={onSelectNode} />
        </EditorStoreProvider>
      </ReactFlowProvider>
    </div>
  );
}
