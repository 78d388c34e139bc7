import { Skeleton } from "@/components/ui/skeleton";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { AutomationsTableSkeleton } from "./automations-table";

export function AutomationsPageSkeleton() {
  return (
    <>
      <PageHeader title="Automations" description="Pipelines that run their steps whenever their trigger fires." />
      <PageBody className="space-y-4">
        <div className="flex items-center justify-between gap-3">
          <Skeleton className="h-8 w-80 rounded-lg" />
          <Skeleton className="h-8 w-72" />
        </div>
        <AutomationsTableSkeleton />
      </PageBody>
    </>
  );
}
