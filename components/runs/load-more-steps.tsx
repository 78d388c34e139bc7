"use client";

import { ChevronsDown } from "lucide-react";
import { Button } from "@/components/ui/button";

/** "Load 100 more" under a paged step list, with how many of the run's attempts are loaded. */
export function LoadMoreSteps({
  loaded,
  total,
  hasMore,
  loading,
  error,
  onLoadMore,
}: {
  loaded: number;
  total: number;
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  onLoadMore: () => void;
}) {
  if (!hasMore && !error) return null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 border-t border-border px-3 py-2 text-xs text-muted-foreground" data-testid="steps-load-more">
      <span className="tabular" aria-live="polite">
        {loaded.toLocaleString("en-US")} of {Math.max(total, loaded).toLocaleString("en-US")} step attempts loaded
      </span>
      {error ? <span className="text-destructive">Could not load more steps: {error}</span> : null}
      <Button variant="secondary" size="xs" onClick={onLoadMore} loading={loading} disabled={loading} data-testid="steps-load-more-button">
        <ChevronsDown />
        {error ? "Try again" : "Load more"}
      </Button>
    </div>
  );
}
