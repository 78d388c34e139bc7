import type { Metadata } from "next";
import { Suspense } from "react";
import { AutomationsView } from "@/components/automations/automations-view";
import { AUTOMATIONS_LIST_INPUT } from "@/components/automations/list-input";
import { AutomationsPageSkeleton } from "@/components/automations/automations-page-skeleton";
import { HydrateClient, getQueryClient, trpc } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Automations" };

export default async function AutomationsPage() {
  await getQueryClient().prefetchQuery(trpc.automations.list.queryOptions(AUTOMATIONS_LIST_INPUT));
  return (
    <HydrateClient>
      <Suspense fallback={<AutomationsPageSkeleton />}>
        <AutomationsView />
      </Suspense>
    </HydrateClient>
  );
}
