"use client";

import Link from "next/link";
import { ArrowUpRight, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import { Badge } from "@/components/ui/badge";
import { useEditor } from "../store/context";
import { isFinishedRunStatus } from "@/lib/statuses";

/** Floating bar over the canvas while a test run overlay is shown. */
export function RunBanner({ onClear }: { onClear: () => void }) {
  const run = useEditor((s) => s.run);
  if (!run) return null;
  const steps = Object.values(run.steps);
  const failed = steps.filter((s) => s.status === "FAILED").length;
  const done = isFinishedRunStatus(run.status);
  if (run.simulated) {
    return (
      <div
        className="absolute top-3 left-1/2 z-10 flex -translate-x-1/2 items-center gap-3 rounded-xl border border-border bg-popover/95 py-1.5 pr-1.5 pl-3 text-sm shadow-md backdrop-blur"
        data-testid="run-banner"
        data-simulated="true"
        role="status"
      >
        <span className="font-medium">Simulation</span>
        <Badge variant={run.status === "SKIPPED" ? "neutral" : failed ? "destructive" : "success"}>{run.status === "SKIPPED" ? "would be skipped" : failed ? "would fail" : "would run"}</Badge>
        <span className="text-xs text-muted-foreground tabular">
          {steps.length} step{steps.length === 1 ? "" : "s"} on the path · nothing was sent · click a step to see its preview
        </span>
        <Button variant="ghost" size="icon-sm" aria-label="Clear simulation overlay" onClick={onClear} data-testid="run-banner-clear">
          <X />
        </Button>
      </div>
    );
  }
  return (
    <div
      className="absolute top-3 left-1/2 z-10 flex -translate-x-1/2 items-center gap-3 rounded-xl border border-border bg-popover/95 py-1.5 pr-1.5 pl-3 text-sm shadow-md backdrop-blur"
      data-testid="run-banner"
      data-status={run.status}
    >
      <span className="font-medium">Test run</span>
      <StatusBadge kind="run" status={run.status} />
      <span className="text-xs text-muted-foreground tabular">
        {steps.length} step{steps.length === 1 ? "" : "s"}
        {failed ? ` · ${failed} failed` : ""}
        {!done ? " · click a step to see its data" : ""}
      </span>
      <Button asChild variant="ghost" size="sm">
        <Link href={`/runs/${run.runId}`} target="_blank" data-testid="run-banner-open">
          Details <ArrowUpRight />
        </Link>
      </Button>
      <Button variant="ghost" size="icon-sm" aria-label="Clear test run overlay" onClick={onClear} data-testid="run-banner-clear">
        <X />
      </Button>
    </div>
  );
}
