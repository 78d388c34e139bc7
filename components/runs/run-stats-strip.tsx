"use client";

import * as React from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/utils";

function Stat({ label, value, hint, tone }: { label: string; value: React.ReactNode; hint?: React.ReactNode; tone?: "success" | "destructive" | "info" }) {
  return (
    <div className="min-w-0 rounded-xl border border-border bg-card px-4 py-3 shadow-xs">
      <p className="text-xs font-medium text-muted-foreground">{label}</p>
      <p
        className={cn(
          "mt-1 text-xl font-semibold tracking-tight tabular",
          tone === "success" && "text-success",
          tone === "destructive" && "text-destructive",
          tone === "info" && "text-info",
        )}
      >
        {value}
      </p>
      {hint ? <p className="truncate text-xs text-muted-foreground">{hint}</p> : null}
    </div>
  );
}

/** Last 14 days at a glance (runs.stats). Days start at midnight in the workspace's time zone; the full picture is on /runs/stats. */
export function RunStatsStrip({ automationId }: { automationId?: string }) {
  const trpc = useTRPC();
  const stats = useQuery(trpc.runs.stats.queryOptions({ days: 14, ...(automationId ? { automationId } : {}) }));
  if (stats.isPending || stats.isError) {
    return (
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-hidden={stats.isPending}>
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="rounded-xl border border-border bg-card px-4 py-3">
            <Skeleton className="h-3 w-20" />
            <Skeleton className="mt-2 h-6 w-12" />
          </div>
        ))}
      </div>
    );
  }
  const s = stats.data;
  const rate = s.successRate === null ? null : Math.round(s.successRate * 100);
  const statsHref = `/runs/stats${automationId ? `?automationId=${encodeURIComponent(automationId)}` : ""}`;
  const active = s.byStatus.QUEUED + s.byStatus.RUNNING + s.byStatus.PAUSED + s.byStatus.WAITING_FOR_CHILD;
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="run-stats">
      <Stat
        label="Runs · 14 days"
        value={s.total}
        hint={
          <>
            {s.perDay[s.perDay.length - 1]?.total ?? 0} today ·{" "}
            <Link href={statsHref} className="font-medium text-foreground underline-offset-2 hover:underline" data-testid="run-stats-link">
              View stats
            </Link>
          </>
        }
      />
      <Stat label="Success rate" value={rate === null ? "—" : `${rate}%`} hint={`${s.byStatus.COMPLETED} completed`} tone={rate !== null && rate >= 90 ? "success" : undefined} />
      <Stat label="Failed" value={s.byStatus.FAILED} hint={`${s.byStatus.SKIPPED} skipped by conditions`} tone={s.byStatus.FAILED > 0 ? "destructive" : undefined} />
      <Stat label="In progress" value={active} hint={`${s.byStatus.PAUSED} paused or waiting`} tone={active > 0 ? "info" : undefined} />
    </div>
  );
}
