import type { Metadata } from "next";
import { Suspense } from "react";
import { notFound } from "next/navigation";
import { RunsView } from "@/components/runs/runs-view";
import { RunsPageSkeleton } from "@/components/runs/runs-page-skeleton";
import { HydrateClient, getQueryClient, trpc } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Automation runs" };

/** The Runs tab of one automation: the runs list pre-filtered to it, with a link back to the editor. */
export default async function AutomationRunsPage({ params }: { params: Promise<{ automationId: string }> }) {
  const { automationId } = await params;
  let automation: { id: string; name: string };
  try {
    const a = await getQueryClient().fetchQuery(trpc.automations.get.queryOptions({ id: automationId }));
    automation = { id: a.id, name: a.name };
  } catch {
    // unknown id, or another workspace's automation
    notFound();
  }
  return (
    <HydrateClient>
      <Suspense fallback={<RunsPageSkeleton />}>
        <RunsView automation={automation} />
      </Suspense>
    </HydrateClient>
  );
}
