import type { Metadata } from "next";
import { Suspense } from "react";
import { RunsView } from "@/components/runs/runs-view";
import { RunsPageSkeleton } from "@/components/runs/runs-page-skeleton";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  return (
    <Suspense fallback={<RunsPageSkeleton />}>
      <RunsView />
    </Suspense>
  );
}
