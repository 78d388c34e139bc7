"use client";

import { memo, useMemo } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { AlertTriangle, CheckCircle2, Loader2, SkipForward, XCircle, Hourglass } from "lucide-react";
import { TooltipContent, TooltipRoot, TooltipTrigger } from "@/components/ui/tooltip";
import { cn } from "@/components/ui/utils";
import { getNodeType, KIND_STYLES, summarizeNode } from "../catalog";
import { useEditor } from "../store/context";
import type { FlowEdge, FlowNode, FlowNodeKind, NodeProblem, OverlayStepStatus } from "../store/types";
import { NodeIcon } from "./node-icon";
import { AddNextButton } from "./add-next-button";
import { isFinishedRunStatus } from "@/lib/statuses";

const EMPTY: NodeProblem[] = [];

/** Source handles that already have an edge, per node; computed once per edges array. */
const connectedCache = new WeakMap<readonly FlowEdge[], Map<string, string>>();
function connectedHandles(edges: readonly FlowEdge[], nodeId: string): string {
  let map = connectedCache.get(edges);
  if (!map) {
    const sets = new Map<string, Set<string>>();
    for (const e of edges) {
      const set = sets.get(e.source) ?? new Set<string>();
      set.add(e.sourceHandle ?? "next");
      sets.set(e.source, set);
    }
    map = new Map([...sets].map(([id, set]) => [id, [...set].sort().join(",")]));
    connectedCache.set(edges, map);
  }
  return map.get(nodeId) ?? "";
}

const STATUS_ICON: Record<OverlayStepStatus, { icon: typeof CheckCircle2; className: string; label: string }> = {
  RUNNING: { icon: Loader2, className: "text-info animate-spin", label: "Running" },
  SUCCEEDED: { icon: CheckCircle2, className: "text-success", label: "Succeeded" },
  FAILED: { icon: XCircle, className: "text-destructive", label: "Failed" },
  SKIPPED: { icon: SkipForward, className: "text-muted-foreground", label: "Skipped" },
  WAITING: { icon: Hourglass, className: "text-warning", label: "Waiting" },
};

const STATUS_RING: Record<OverlayStepStatus, string> = {
  RUNNING: "border-info ring-3 ring-info/20",
  SUCCEEDED: "border-success/70",
  FAILED: "border-destructive ring-3 ring-destructive/15",
  SKIPPED: "opacity-60 border-dashed",
  WAITING: "border-warning ring-3 ring-warning/20",
};

function ProblemBadge({ nodeId, problems }: { nodeId: string; problems: NodeProblem[] }) {
  const errors = problems.filter((p) => p.severity === "error").length;
  return (
    <TooltipRoot delayDuration={150}>
      <TooltipTrigger asChild>
        <span
          data-testid={`node-problems-${nodeId}`}
          className={cn(
            "flex h-5 min-w-5 items-center justify-center gap-0.5 rounded-full px-1 text-[11px] font-semibold",
            errors ? "bg-destructive-solid text-destructive-foreground" : "bg-warning text-warning-foreground",
          )}
        >
          <AlertTriangle className="size-3" aria-hidden />
          {problems.length}
        </span>
      </TooltipTrigger>
      <TooltipContent side="top" className="max-w-72 text-left">
        <ul className="grid gap-1 py-0.5">
          {problems.map((p, i) => (
            <li key={i} className="leading-snug">
              {p.message}
            </li>
          ))}
        </ul>
      </TooltipContent>
    </TooltipRoot>
  );
}

/** "×37 iterations" / "2 attempts" on the run detail canvas (counts come from the run's per-node aggregates). */
function RunCounts({ nodeId, executions = 1, attempts = 1 }: { nodeId: string; executions?: number; attempts?: number }) {
  if (executions <= 1 && attempts <= executions) return null;
  return (
    <div className="absolute -top-2.5 right-3 flex gap-1" data-testid={`node-counts-${nodeId}`}>
      {executions > 1 ? (
        <span className="rounded-full border border-border bg-background px-1.5 text-[11px] leading-4 font-semibold tabular text-foreground shadow-xs">
          ×{executions.toLocaleString("en-US")} iterations
        </span>
      ) : null}
      {attempts > executions ? (
        <span className="rounded-full border border-border bg-background px-1.5 text-[11px] leading-4 font-medium tabular text-muted-foreground shadow-xs">
          {attempts.toLocaleString("en-US")} attempts
        </span>
      ) : null}
    </div>
  );
}

function StatusMark({ nodeId, status }: { nodeId: string; status: OverlayStepStatus }) {
  const s = STATUS_ICON[status];
  const Icon = s.icon;
  return (
    <span data-testid={`node-status-${nodeId}`} data-status={status} title={s.label} className="flex">
      <Icon className={cn("size-4", s.className)} aria-label={s.label} />
    </span>
  );
}

/** "+" always shows on a free output; on a connected one only while the node is hovered or selected. */
function plusVisibility(connected: string, handle: string, selected: boolean | undefined): string {
  if (!connected.split(",").includes(handle) || selected) return "";
  return "opacity-0 group-hover/node:opacity-100 focus-visible:opacity-100";
}

function FlowNodeCard({ id, data, selected, kind }: NodeProps<FlowNode> & { kind: FlowNodeKind }) {
  const node = data.node;
  const def = getNodeType(node.type);
  const problems = useEditor((s) => s.problems[id] ?? EMPTY);
  const status = useEditor((s) => s.run?.steps[id]?.status ?? null);
  const executions = useEditor((s) => s.run?.steps[id]?.executions);
  const attempts = useEditor((s) => s.run?.steps[id]?.attempts);
  // a finished test run that never reached this step: fade it so the path taken stands out
  const notRun = useEditor((s) => s.run !== null && isFinishedRunStatus(s.run.status) && !s.run.steps[id]);
  const highlighted = useEditor((s) => s.highlighted.has(id));
  const readOnly = useEditor((s) => s.readOnly);
  const connected = useEditor((s) => connectedHandles(s.edges, id));
  const summary = useMemo(() => summarizeNode(node), [node]);
  const handles = def?.handles ?? [{ id: "next", label: "Next" }];
  const style = KIND_STYLES[kind];
  const multi = handles.length > 1;

  return (
    <div
      data-testid={`node-${id}`}
      data-node-type={node.type}
      data-selected={selected ? "true" : undefined}
      className={cn(
        "group/node relative w-[260px] rounded-xl border bg-card text-card-foreground shadow-sm transition-[box-shadow,border-color]",
        "hover:border-foreground/25 hover:shadow-md",
        status ? STATUS_RING[status] : "border-border",
        problems.length > 0 && !status && "border-destructive/50",
        highlighted && problems.length > 0 && "ring-3 ring-destructive/40",
        selected && "border-primary ring-3 ring-primary/25",
        notRun && !selected && "opacity-50",
      )}
    >
      {status ? <RunCounts nodeId={id} executions={executions} attempts={attempts} /> : null}
      {kind !== "trigger" ? (
        <Handle type="target" id="in" position={Position.Left} className="flow-handle flow-handle-target" isConnectable={!readOnly} />
      ) : null}

      <div className="flex items-start gap-2.5 p-3">
        <span className={cn("flex size-9 shrink-0 items-center justify-center rounded-lg", style.tile)}>
          <NodeIcon name={def?.icon} className="size-[18px]" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-1.5">
            <span className="truncate text-[13px] font-semibold leading-5" title={node.name}>
              {node.name}
            </span>
          </div>
          <div className="truncate text-[11px] font-medium uppercase tracking-wide text-muted-foreground">
            {def?.label ?? `Unknown · ${node.type}`}
          </div>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          {problems.length > 0 ? <ProblemBadge nodeId={id} problems={problems} /> : null}
          {status ? <StatusMark nodeId={id} status={status} /> : null}
        </div>
      </div>
      <div
        className="mx-3 mb-3 truncate rounded-md bg-muted/60 px-2 py-1 font-mono text-[11px] text-muted-foreground"
        title={summary}
        data-testid={`node-summary-${id}`}
      >
        {summary || "—"}
      </div>

      {multi ? (
        <div className="border-t border-border/70 py-1">
          {handles.map((h) => (
            <div key={h.id} className="relative flex h-7 items-center justify-end pr-4">
              <span
                className={cn(
                  "text-[11px] font-semibold uppercase tracking-wide",
                  h.id === "true" && "text-success",
                  h.id === "false" && "text-destructive",
                  h.id !== "true" && h.id !== "false" && "text-muted-foreground",
                )}
              >
                {h.label}
              </span>
              <Handle type="source" id={h.id} position={Position.Right} className="flow-handle" isConnectable={!readOnly} />
              {!readOnly ? <AddNextButton nodeId={id} handle={h.id} className={cn("absolute top-1/2 -right-9 -translate-y-1/2", plusVisibility(connected, h.id, selected))} /> : null}
            </div>
          ))}
        </div>
      ) : handles.length === 1 ? (
        <>
          <Handle type="source" id={handles[0].id} position={Position.Right} className="flow-handle" isConnectable={!readOnly} />
          {!readOnly ? (
            <AddNextButton nodeId={id} handle={handles[0].id} className={cn("absolute top-1/2 -right-9 -translate-y-1/2", plusVisibility(connected, handles[0].id, selected))} />
          ) : null}
        </>
      ) : null}
    </div>
  );
}

const TriggerNode = memo(function TriggerNode(props: NodeProps<FlowNode>) {
  return <FlowNodeCard {...props} kind="trigger" />;
});
const ConditionNode = memo(function ConditionNode(props: NodeProps<FlowNode>) {
  return <FlowNodeCard {...props} kind="condition" />;
});
const ActionNode = memo(function ActionNode(props: NodeProps<FlowNode>) {
  return <FlowNodeCard {...props} kind="action" />;
});
const ControlNode = memo(function ControlNode(props: NodeProps<FlowNode>) {
  return <FlowNodeCard {...props} kind="control" />;
});
const UnknownNode = memo(function UnknownNode(props: NodeProps<FlowNode>) {
  return <FlowNodeCard {...props} kind="unknown" />;
});

/** Module scope: React Flow must get the same object on every render. */
export const nodeTypes = {
  trigger: TriggerNode,
  condition: ConditionNode,
  action: ActionNode,
  control: ControlNode,
  unknown: UnknownNode,
};
