"use client";

import * as React from "react";
import { AlertTriangle, RotateCcw } from "lucide-react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { StatusIcon } from "@/components/ui/status-badge";
import { formatDuration } from "@/components/ui/relative-time";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/components/ui/utils";
import { nodeTypeDisplay } from "@/components/automations/node-type-display";
import { LiveDuration } from "./live-duration";
import { stepLabel } from "./steps-waterfall";

/** One step attempt as runs.steps lists it. */
export type ActionResult = RouterOutputs["runs"]["steps"]["items"][number];

export function StepsTimeline({
  steps,
  selectedId,
  onSelect,
}: {
  steps: ActionResult[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const listRef = React.useRef<HTMLOListElement>(null);

  function onKeyDown(e: React.KeyboardEvent) {
    const idx = steps.findIndex((s) => s.id === selectedId);
    let next = -1;
    if (e.key === "ArrowDown" || e.key === "j") next = Math.min(steps.length - 1, idx + 1);
    else if (e.key === "ArrowUp" || e.key === "k") next = Math.max(0, idx - 1);
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = steps.length - 1;
    if (next >= 0 && steps[next]) {
      e.preventDefault();
      onSelect(steps[next].id);
      listRef.current?.querySelector<HTMLButtonElement>(`[data-step-id="${steps[next].id}"]`)?.focus();
    }
  }

  return (
    <ol ref={listRef} className="relative grid gap-px" aria-label="Steps" onKeyDown={onKeyDown} data-testid="steps-timeline">
      {steps.map((s, i) => {
        const { label: typeLabel, icon: TypeIcon } = nodeTypeDisplay(s.actionType);
        const selected = s.id === selectedId;
        return (
          <li key={s.id} className="relative">
            {i < steps.length - 1 ? <span aria-hidden className="absolute top-8 bottom-[-14px] left-[21px] w-px bg-border" /> : null}
            <button
              type="button"
              data-step-id={s.id}
              aria-label={stepLabel(s)}
              data-testid="step-item"
              data-status={s.status}
              aria-current={selected ? "true" : undefined}
              tabIndex={selected || (!selectedId && i === 0) ? 0 : -1}
              onClick={() => onSelect(s.id)}
              className={cn(
                "relative flex w-full items-start gap-3 rounded-lg px-3 py-2.5 text-left transition-colors outline-none focus-visible:outline-2 focus-visible:outline-ring",
                selected ? "bg-accent" : "hover:bg-accent/50",
              )}
            >
              <span className="relative z-10 mt-px flex size-5 items-center justify-center rounded-full bg-background">
                <StatusIcon kind="step" status={s.status} />
              </span>
              <span className="min-w-0 flex-1">
                <span className="flex items-center gap-1.5">
                  <span className={cn("truncate text-sm font-medium", s.retried && "text-muted-foreground")}>{s.name}</span>
                  {s.iteration ? <span className="shrink-0 rounded bg-muted px-1 font-mono text-2xs text-muted-foreground">#{s.iteration}</span> : null}
                  {s.attempt > 1 || s.retried ? (
                    <span className="inline-flex shrink-0 items-center gap-0.5 rounded bg-muted px-1 text-2xs text-muted-foreground" title={s.retried ? "This attempt failed and was retried" : undefined}>
                      <RotateCcw className="size-2.5" aria-hidden />
                      {s.attempt}
                      {s.retried ? " · retried" : ""}
                    </span>
                  ) : null}
                </span>
                <span className="mt-0.5 flex items-center gap-1.5 text-xs text-muted-foreground">
                  <TypeIcon className="size-3 shrink-0" aria-hidden />
                  <span className="truncate">{typeLabel}</span>
                </span>
              </span>
              <span className="flex shrink-0 flex-col items-end gap-1">
                <span className="text-xs text-muted-foreground tabular">
                  {s.durationMs !== null ? formatDuration(s.durationMs) : s.status === "RUNNING" ? <LiveDuration from={s.startedAt} /> : "—"}
                </span>
                {s.warnings.length > 0 ? (
                  <Tooltip content={`${s.warnings.length} warning${s.warnings.length === 1 ? "" : "s"}`}>
                    <span className="inline-flex items-center gap-0.5 text-2xs font-medium text-warning">
                      <AlertTriangle className="size-3" aria-hidden />
                      {s.warnings.length}
                    </span>
                  </Tooltip>
                ) : null}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
