import type { Metadata } from "next";
import { Suspense } from "react";
import { SettingsView } from "@/components/settings/settings-view";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <Suspense fallback={<PageHeader title="Settings" description="Workspace details, members, connections and the email outbox." />}>
      <SettingsView />
    </Suspense>
  );
}
