"use client";

import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { X } from "lucide-react";
import { cn } from "@/components/ui/utils";
import { useEditor, useEditorApi } from "../store/context";
import type { FlowEdge as FlowEdgeType } from "../store/types";

/** Edge with run-path highlighting and a delete button when selected. */
function FlowEdgeImpl({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd }: EdgeProps<FlowEdgeType>) {
  const taken = useEditor((s) => s.run?.takenEdges.has(id) ?? false);
  const hasRun = useEditor((s) => s.run !== null);
  const readOnly = useEditor((s) => s.readOnly);
  const api = useEditorApi();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });

  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={24}
        className={cn("flow-edge", taken && "flow-edge-taken", hasRun && !taken && "flow-edge-dim", selected && "flow-edge-selected")}
      />
      {selected && !readOnly ? (
        <EdgeLabelRenderer>
          <button
            type="button"
            aria-label="Delete connection"
            data-testid={`edge-delete-${id}`}
            className="nodrag nopan pointer-events-auto absolute flex size-5 items-center justify-center rounded-full border border-border bg-background text-muted-foreground shadow-sm hover:border-destructive hover:bg-destructive hover:text-destructive-foreground"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            onClick={() => api.getState().deleteEdges([id])}
          >
            <X className="size-3" />
          </button>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeImpl);

/** Module scope for React Flow. */
export const edgeTypes = { flow: FlowEdge };
