"use client";

import * as React from "react";
import { useSearchParams } from "next/navigation";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Activity, AlertTriangle, ArrowDown, SearchX } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { AUTOMATION_STATUSES, RUN_STATUSES, type RunStatus } from "@/lib/statuses";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { errorMessage } from "@/components/shell/errors";
import { RunsTable, RunsTableSkeleton } from "./runs-table";
import { DEFAULT_RUN_FILTERS, RunsFilters, type RunFilters } from "./runs-filters";
import { RunStatsStrip } from "./run-stats-strip";
import { ExportRunsButton } from "./export-runs-button";
import { useLiveRuns } from "@/components/live/use-live";
import { replaceSearchParams } from "@/components/shell/url-state";

function readFilters(params: URLSearchParams): RunFilters {
  const status = params.get("status");
  const mode = params.get("mode");
  return {
    status: status && (RUN_STATUSES as readonly string[]).includes(status) ? status : "all",
    automationId: params.get("automationId") || "all",
    mode: mode === "live" || mode === "test" ? mode : "all",
  };
}

export function runsListInput(f: RunFilters) {
  return {
    limit: 25,
    ...(f.status !== "all" ? { status: [f.status as RunStatus] } : {}),
    ...(f.automationId !== "all" ? { automationId: f.automationId } : {}),
    ...(f.mode !== "all" ? { isTest: f.mode === "test" } : {}),
  };
}

export function RunsView() {
  const trpc = useTRPC();
  const searchParams = useSearchParams();
  const filters = readFilters(searchParams);
  const automations = useQuery(trpc.automations.list.queryOptions({ status: [...AUTOMATION_STATUSES] }));

  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(runsListInput(filters), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  useLiveRuns({ automationId: filters.automationId !== "all" ? filters.automationId : undefined }); // new runs and status changes pushed (server-sent events)

  function setFilters(next: RunFilters) {
    const p = new URLSearchParams();
    if (next.status !== DEFAULT_RUN_FILTERS.status) p.set("status", next.status);
    if (next.automationId !== DEFAULT_RUN_FILTERS.automationId) p.set("automationId", next.automationId);
    if (next.mode !== DEFAULT_RUN_FILTERS.mode) p.set("mode", next.mode);
    replaceSearchParams(p);
  }

  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = filters.status !== "all" || filters.automationId !== "all" || filters.mode !== "all";
  const live = items.some((r) => r.status === "QUEUED" || r.status === "RUNNING" || r.status === "WAITING_FOR_CHILD");

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every execution of every automation, newest first. Open one to inspect each step's request and response."
        actions={
          live ? (
            <span className="inline-flex items-center gap-2 text-xs text-muted-foreground" data-testid="live-indicator">
              <span className="relative flex size-2">
                <span className="absolute inline-flex size-full animate-ping rounded-full bg-info opacity-60" />
                <span className="relative inline-flex size-2 rounded-full bg-info" />
              </span>
              Live — updating
            </span>
          ) : null
        }
      />
      <PageBody className="space-y-4">
        <RunStatsStrip automationId={filters.automationId !== "all" ? filters.automationId : undefined} />
        <div className="flex flex-wrap items-start justify-between gap-2"><RunsFilters value={filters} onChange={setFilters} automations={automations.data ?? []} /><ExportRunsButton size="sm" filters={runsListInput(filters)} automationId={filters.automationId !== "all" ? filters.automationId : undefined} /></div>
        {runs.isPending ? (
          <RunsTableSkeleton />
        ) : runs.isError ? (
          <div className="rounded-xl border border-border bg-card">
            <EmptyState
              icon={AlertTriangle}
              title="Runs could not be loaded"
              description={errorMessage(runs.error)}
              action={
                <Button variant="secondary" onClick={() => void runs.refetch()}>
                  Try again
                </Button>
              }
            />
          </div>
        ) : items.length === 0 ? (
          <div className="rounded-xl border border-dashed border-border bg-card" data-testid="runs-empty">
            {filtered ? (
              <EmptyState
                icon={SearchX}
                title="No runs match these filters"
                description="Try another status or automation, or reset the filters."
                action={
                  <Button variant="secondary" onClick={() => setFilters(DEFAULT_RUN_FILTERS)}>
                    Reset filters
                  </Button>
                }
              />
            ) : (
              <EmptyState
                icon={Activity}
                title="No runs yet"
                description="A run is recorded each time an automation's trigger fires or someone runs a test from the editor."
              />
            )}
          </div>
        ) : (
          <div className="space-y-3">
            <RunsTable runs={items} />
            <div className="flex items-center justify-between text-xs text-muted-foreground">
              <span className="tabular">
                Showing {items.length} run{items.length === 1 ? "" : "s"}
              </span>
              {runs.hasNextPage ? (
                <Button variant="secondary" size="sm" onClick={() => void runs.fetchNextPage()} loading={runs.isFetchingNextPage} data-testid="load-more-runs">
                  {runs.isFetchingNextPage ? null : <ArrowDown />}
                  Load more
                </Button>
              ) : (
                <span>{items.length > 25 ? "That's all of them." : null}</span>
              )}
              {runs.isFetching && !runs.isFetchingNextPage && !live ? <Spinner /> : null}
            </div>
          </div>
        )}
      </PageBody>
    </>
  );
}
