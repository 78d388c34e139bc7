import type { Metadata } from "next";
import { Suspense } from "react";
import { SettingsView } from "@/components/settings/settings-view";
import { PageHeader } from "@/components/shell/page-header";
import { HydrateClient, getQueryClient, trpc } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Settings" };

/** The General tab's retention setting is fetched with the page (the layout fetches `workspace.me`): no skeleton, and nothing for hydration to disagree on. */
export default async function SettingsPage() {
  await getQueryClient().prefetchQuery(trpc.workspace.runRetention.queryOptions());
  return (
    <HydrateClient>
      <Suspense fallback={<PageHeader title="Settings" description="Workspace details, members, connections, API keys and the email outbox." />}>
        <SettingsView />
      </Suspense>
    </HydrateClient>
  );
}
