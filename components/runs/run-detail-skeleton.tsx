import { Skeleton } from "@/components/ui/skeleton";
import { PageBody } from "@/components/shell/page-header";

export function RunDetailSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading run">
      <header className="border-b border-border">
        <div className="mx-auto w-full max-w-6xl px-6 pt-5 pb-5 lg:px-8">
          <Skeleton className="mb-4 h-3.5 w-64" />
          <div className="flex items-center gap-3">
            <Skeleton className="h-7 w-72" />
            <Skeleton className="h-6 w-24" />
          </div>
          <div className="mt-6 grid grid-cols-2 gap-6 sm:grid-cols-3 lg:grid-cols-6">
            {Array.from({ length: 6 }, (_, i) => (
              <div key={i}>
                <Skeleton className="h-3 w-14" />
                <Skeleton className="mt-2 h-4 w-24" />
              </div>
            ))}
          </div>
        </div>
      </header>
      <PageBody className="space-y-4">
        <div className="flex gap-4 border-b border-border pb-2">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-4 w-20" />
          ))}
        </div>
        <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_26rem]">
          <Skeleton className="h-[34rem] rounded-xl" />
          <div className="space-y-3">
            <Skeleton className="h-8 w-64" />
            <Skeleton className="h-16 rounded-lg" />
            <Skeleton className="h-48 rounded-lg" />
            <Skeleton className="h-48 rounded-lg" />
          </div>
        </div>
      </PageBody>
    </div>
  );
}
