import type { Metadata } from "next";
import { Suspense } from "react";
import { RunStatsView } from "@/components/runs/run-stats-view";
import { RunsPageSkeleton } from "@/components/runs/runs-page-skeleton";

export const metadata: Metadata = { title: "Run stats" };

export default function RunStatsPage() {
  return (
    <Suspense fallback={<RunsPageSkeleton />}>
      <RunStatsView />
    </Suspense>
  );
}
