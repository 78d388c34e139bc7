"use client";

import { useCallback, useEffect, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from "react";
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type IsValidConnection,
} from "@xyflow/react";
import { useTheme } from "next-themes";
import { wouldCreateCycle } from "@/lib/graph/edit-ops";
import { KIND_STYLES } from "./catalog";
import { nodeTypes } from "./nodes/flow-node";
import { edgeTypes } from "./edges/flow-edge";
import { DND_MIME } from "./palette/palette";
import { useEditor, useEditorApi, useEditorShallow } from "./store/context";
import type { FlowEdge, FlowNode, FlowNodeKind } from "./store/types";
import type { EditorCommands } from "./hooks/use-editor-commands";
import { EmptyCanvasHint } from "./empty-canvas-hint";
import { SelectionToolbar } from "./selection-toolbar";
import { panIntoView } from "./pan-into-view";

const NODE_W = 260;
const NODE_H = 90;
const FIT_VIEW_OPTIONS = { padding: 0.25, maxZoom: 1.1 };
const DEFAULT_EDGE_OPTIONS = { type: "flow" as const };
const minimapColor = (n: FlowNode) => KIND_STYLES[(n.type ?? "unknown") as FlowNodeKind].minimap;

function edgeIdAt(clientX: number, clientY: number): string | null {
  for (const el of document.elementsFromPoint(clientX, clientY)) {
    const edge = el.closest?.(".react-flow__edge");
    if (edge) return edge.getAttribute("data-id");
  }
  return null;
}

let dropHighlight: Element | null = null;
function setDropHighlight(edgeId: string | null) {
  const next = edgeId ? document.querySelector(`.react-flow__edge[data-id="${CSS.escape(edgeId)}"]`) : null;
  if (next === dropHighlight) return;
  dropHighlight?.classList.remove("edge-drop-target");
  next?.classList.add("edge-drop-target");
  dropHighlight = next;
}

/** The React Flow canvas, controlled by the editor store. */
export function Canvas({ commands }: { commands: EditorCommands }) {
  const api = useEditorApi();
  const { nodes, edges, readOnly } = useEditorShallow((s) => ({ nodes: s.nodes, edges: s.edges, readOnly: s.readOnly }));
  const isEmpty = useEditor((s) => s.nodes.length === 0);
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const { screenToFlowPosition } = rf;
  const { resolvedTheme } = useTheme();
  // the theme is only known in the browser: render the server's "light" first, then switch (no hydration mismatch)
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const frame = useRef(0);

  const st = api.getState();

  const onDragOver = useCallback(
    (e: DragEvent) => {
      if (readOnly || !e.dataTransfer.types.includes(DND_MIME)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
      const { clientX, clientY } = e;
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(() => setDropHighlight(edgeIdAt(clientX, clientY)));
    },
    [readOnly],
  );

  const onDragLeave = useCallback((e: DragEvent) => {
    if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
    setDropHighlight(null);
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      setDropHighlight(null);
      if (readOnly) return;
      const type = e.dataTransfer.getData(DND_MIME);
      if (!type) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const position = { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 };
      const edgeId = edgeIdAt(e.clientX, e.clientY);
      if (edgeId) api.getState().insertOnEdge(edgeId, type, position);
      else api.getState().addNodeOfType(type, position);
    },
    [api, readOnly, screenToFlowPosition],
  );

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback(
    (c) => {
      if (!c.source || !c.target || c.source === c.target) return false;
      const target = api.getState().nodes.find((n) => n.id === c.target);
      if (!target || target.type === "trigger") return false;
      return !wouldCreateCycle(api.getState().getGraph(), c.source, c.target);
    },
    [api],
  );

  const onNodeClick = useCallback((_e: ReactMouseEvent, node: FlowNode) => panIntoView(rf, node.id), [rf]);

  const onMouseMove = useCallback(
    (e: ReactMouseEvent) => {
      commands.pointer.current = { x: e.clientX, y: e.clientY };
    },
    [commands],
  );

  return (
    <div className="relative h-full w-full" data-testid="canvas" data-readonly={readOnly ? "true" : undefined} onMouseMove={onMouseMove}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={st.onNodesChange}
        onEdgesChange={st.onEdgesChange}
        onConnect={st.onConnect}
        onNodeClick={onNodeClick}
        isValidConnection={isValidConnection}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        elementsSelectable
        deleteKeyCode={null}
        multiSelectionKeyCode={["Meta", "Control"]}
        selectionKeyCode="Shift"
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        connectionLineType={ConnectionLineType.Bezier}
        connectionRadius={28}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
        maxZoom={2}
        onlyRenderVisibleElements={nodes.length > 120}
        colorMode={mounted && resolvedTheme === "dark" ? "dark" : "light"}
        attributionPosition="top-right"
        zoomOnDoubleClick={false}
        className="flow-canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} className="flow-bg" />
        <Controls showInteractive={false} position="bottom-left" className="flow-controls" />
        <MiniMap
          position="bottom-right"
          pannable
          zoomable
          nodeColor={minimapColor}
          nodeBorderRadius={6}
          className="flow-minimap"
          ariaLabel="Minimap"
        />
        {!readOnly ? <SelectionToolbar commands={commands} /> : null}
      </ReactFlow>
      {isEmpty ? <EmptyCanvasHint readOnly={readOnly} /> : null}
    </div>
  );
}
