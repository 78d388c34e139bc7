import { Skeleton } from "@/components/ui/skeleton";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { RunsTableSkeleton } from "./runs-table";

export function RunsPageSkeleton() {
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every execution of every automation, newest first. Open one to inspect each step's request and response."
      />
      <PageBody className="space-y-4">
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-[74px] rounded-xl" />
          ))}
        </div>
        <Skeleton className="h-8 w-[28rem]" />
        <RunsTableSkeleton />
      </PageBody>
    </>
  );
}
