import type { Metadata } from "next";
import { AutomationEditor } from "@/components/canvas/automation-editor";
import { HydrateClient, getQueryClient, trpc } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Edit automation" };

/** The visual builder. Data is prefetched on the server; the editor itself is a client component. */
export default async function EditAutomationPage({ params }: { params: Promise<{ automationId: string }> }) {
  const { automationId } = await params;
  await getQueryClient().prefetchQuery(trpc.automations.get.queryOptions({ id: automationId }));
  return (
    <HydrateClient>
      <div className="h-full">
        <AutomationEditor automationId={automationId} />
      </div>
    </HydrateClient>
  );
}
