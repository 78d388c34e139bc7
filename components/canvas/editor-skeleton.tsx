import { Skeleton } from "@/components/ui/skeleton";

/** Placeholder with the editor's layout (header, palette, canvas): route loading state and query loading. */
export function EditorSkeleton() {
  return (
    <div className="flex h-full flex-col" data-testid="editor-loading">
      <div className="flex h-14 items-center gap-3 border-b border-border px-4">
        <Skeleton className="h-6 w-48" />
        <Skeleton className="ml-auto h-8 w-64" />
      </div>
      <div className="flex min-h-0 flex-1">
        <div className="w-64 border-r border-border p-3">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="mb-2 h-11 w-full" />
          ))}
        </div>
        <div className="flex-1 bg-subtle" />
      </div>
    </div>
  );
}
