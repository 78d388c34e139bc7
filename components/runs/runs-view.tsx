"use client";

import * as React from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Activity, AlertTriangle, ArrowDown, ArrowLeft, RotateCcw, SearchX, X } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { AUTOMATION_STATUSES } from "@/lib/statuses";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { errorMessage } from "@/components/shell/errors";
import { useViewer } from "@/components/shell/shell-context";
import { RunsTable, RunsTableSkeleton, type RunSelection } from "./runs-table";
import { DEFAULT_RUN_FILTERS, RunsFilters, isFiltered, readRunFilters, runFiltersToParams, runsListInput, type RunFilters } from "./runs-filters";
import { RunStatsStrip } from "./run-stats-strip";
import { ExportRunsButton } from "./export-runs-button";
import { BulkRerunDialog, BULK_RERUN_MAX } from "./bulk-rerun-dialog";
import { useLiveRuns } from "@/components/live/use-live";
import { replaceSearchParams } from "@/components/shell/url-state";

export { runsListInput } from "./runs-filters";

/**
 * The runs list: every run of the workspace, or (with `automation`) the Runs tab of one
 * automation. Filters live in the URL query string (shareable, kept on reload); pages
 * load by cursor, newest first; new runs and status changes arrive by server-sent events.
 * Admins select runs for a bulk re-run.
 */
export function RunsView({ automation }: { automation?: { id: string; name: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = useViewer();
  const searchParams = useSearchParams();
  const fixedId = automation?.id;
  const filters = readRunFilters(searchParams, fixedId);
  const input = runsListInput(filters);
  const automations = useQuery({ ...trpc.automations.list.queryOptions({ status: [...AUTOMATION_STATUSES] }), enabled: !fixedId });

  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  useLiveRuns({ automationId: filters.automationId !== "all" ? filters.automationId : undefined }); // new runs and status changes pushed (server-sent events)

  const [selected, setSelected] = React.useState<ReadonlySet<string>>(new Set());
  const [rerunIds, setRerunIds] = React.useState<string[] | null>(null);
  const [collecting, setCollecting] = React.useState(false);
  const filterKey = searchParams.toString();
  // A different filter set starts a fresh selection.
  React.useEffect(() => setSelected(new Set()), [filterKey]);

  const setFilters = React.useCallback(
    (next: RunFilters) => {
      replaceSearchParams(runFiltersToParams(next, fixedId));
    },
    [fixedId],
  );

  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  const lastPage = runs.data?.pages[runs.data.pages.length - 1];
  const searchedTo = lastPage?.searchedTo ?? null;
  const filtered = isFiltered(filters, fixedId);
  const live = items.some((r) => r.status === "QUEUED" || r.status === "RUNNING" || r.status === "WAITING_FOR_CHILD");

  const selection: RunSelection | undefined = canEdit
    ? {
        selected,
        onToggle: (id, on) =>
          setSelected((prev) => {
            const next = new Set(prev);
            if (on) next.add(id);
            else next.delete(id);
            return next;
          }),
        onToggleAll: (on) => setSelected(on ? new Set(items.map((r) => r.id)) : new Set()),
      }
    : undefined;

  /** Ids of every FAILED run matching the filters (newest first, at most BULK_RERUN_MAX), read page by page. */
  async function rerunAllFailed() {
    setCollecting(true);
    try {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryClient.fetchQuery(
          trpc.runs.list.queryOptions({ ...input, status: ["FAILED"], limit: 100, ...(cursor ? { cursor } : {}) }, { staleTime: 0 }),
        );
        ids.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && ids.length < BULK_RERUN_MAX);
      if (ids.length === 0) {
        toast.info("No failed runs match these filters");
        return;
      }
      if (cursor) toast.info(`More than ${BULK_RERUN_MAX} failed runs match: the newest ${BULK_RERUN_MAX} are selected`);
      setRerunIds(ids.slice(0, BULK_RERUN_MAX));
    } catch (err) {
      toast.error("Failed runs could not be listed", { description: errorMessage(err) });
    } finally {
      setCollecting(false);
    }
  }

  const title = automation ? automation.name : "Runs";
  return (
    <>
      <PageHeader
        title={title}
        breadcrumbs={
          automation ? (
            <>
              <Link href="/automations" className="hover:text-foreground">
                Automations
              </Link>
              <span aria-hidden>/</span>
              <Link href={`/automations/${automation.id}/edit`} className="inline-flex items-center gap-1 hover:text-foreground" data-testid="back-to-editor">
                <ArrowLeft className="size-3.5" aria-hidden />
                Back to the editor
              </Link>
            </>
          ) : undefined
        }
        description={
          automation
            ? "Runs of this automation, newest first. Open one to inspect each step's request and response."
            : "Every execution of every automation, newest first. Open one to inspect each step's request and response."
        }
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
        <div className="flex flex-wrap items-start justify-between gap-2">
          <RunsFilters value={filters} onChange={setFilters} automations={automations.data ?? []} hideAutomation={Boolean(fixedId)} />
          <div className="flex flex-wrap items-center gap-2">
            {canEdit ? (
              <Button variant="secondary" size="sm" onClick={() => void rerunAllFailed()} loading={collecting} data-testid="rerun-failed-matching">
                {collecting ? null : <RotateCcw />}
                Re-run failed matching
              </Button>
            ) : null}
            <ExportRunsButton size="sm" filters={input} automationId={filters.automationId !== "all" ? filters.automationId : undefined} />
          </div>
        </div>
        {canEdit && selected.size > 0 ? (
          <div
            className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-border bg-muted/50 px-3 py-2 text-sm"
            role="region"
            aria-label="Selected runs"
            data-testid="runs-selection-bar"
          >
            <span className="tabular text-foreground">
              {selected.size} run{selected.size === 1 ? "" : "s"} selected
            </span>
            <div className="flex items-center gap-2">
              <Button variant="ghost" size="sm" onClick={() => setSelected(new Set())}>
                <X />
                Clear
              </Button>
              <Button size="sm" onClick={() => setRerunIds([...selected])} data-testid="rerun-selected">
                <RotateCcw />
                Re-run selected
              </Button>
            </div>
          </div>
        ) : null}
        {runs.isPending ? (
          <RunsTableSkeleton showAutomation={!fixedId} />
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
        ) : items.length === 0 && !runs.hasNextPage ? (
          <div className="rounded-xl border border-dashed border-border bg-card" data-testid="runs-empty">
            {filtered ? (
              <EmptyState
                icon={SearchX}
                title="No runs match these filters"
                description="Try another search, status or date range, or reset the filters."
                action={
                  <Button variant="secondary" onClick={() => setFilters({ ...DEFAULT_RUN_FILTERS, automationId: fixedId ?? "all" })}>
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
            {items.length > 0 ? <RunsTable runs={items} showAutomation={!fixedId} selection={selection} /> : null}
            <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted-foreground" aria-live="polite">
              <span className="tabular">
                {items.length === 0 ? "No matches yet." : `Showing ${items.length} run${items.length === 1 ? "" : "s"}`}
                {searchedTo ? (
                  <span data-testid="search-window">
                    {" "}
                    Searched runs back to {searchedTo.toLocaleString()}; older runs have not been searched yet.
                  </span>
                ) : null}
              </span>
              {runs.hasNextPage ? (
                <Button variant="secondary" size="sm" onClick={() => void runs.fetchNextPage()} loading={runs.isFetchingNextPage} data-testid="load-more-runs">
                  {runs.isFetchingNextPage ? null : <ArrowDown />}
                  {searchedTo ? "Search older runs" : "Load more"}
                </Button>
              ) : (
                <span>{items.length > 25 ? "That's all of them." : null}</span>
              )}
              {runs.isFetching && !runs.isFetchingNextPage && !live ? <Spinner /> : null}
            </div>
          </div>
        )}
      </PageBody>
      {rerunIds ? (
        <BulkRerunDialog
          open
          onOpenChange={(open) => {
            if (!open) {
              setRerunIds(null);
              setSelected(new Set());
            }
          }}
          runIds={rerunIds}
        />
      ) : null}
    </>
  );
}
