import type { Metadata } from "next";
import { Suspense } from "react";
import { RunDetailView } from "@/components/runs/run-detail-view";
import { RunDetailSkeleton } from "@/components/runs/run-detail-skeleton";

export async function generateMetadata({ params }: { params: Promise<{ runId: string }> }): Promise<Metadata> {
  const { runId } = await params;
  return { title: `Run ${runId.slice(-8)}` };
}

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  return (
    <Suspense fallback={<RunDetailSkeleton />}>
      <RunDetailView runId={runId} />
    </Suspense>
  );
}
