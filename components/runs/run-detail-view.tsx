"use client";

import * as React from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { format, isToday } from "date-fns";
import { AlertTriangle, ChevronRight, FileQuestion, FlaskConical, Hourglass, ListTree, SquarePen } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime, formatAbsolute, formatDuration } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { PageBody } from "@/components/shell/page-header";
import { errorCode, errorMessage } from "@/components/shell/errors";
import { TriggerLabel } from "@/components/automations/node-type-display";
import { useLiveRun } from "@/components/live/use-live";
import { replaceSearchParams } from "@/components/shell/url-state";
import { ConditionsResult } from "./conditions-result";
import { JsonViewer } from "./json-viewer";
import { LiveDuration } from "./live-duration";
import { RunDetailSkeleton } from "./run-detail-skeleton";
import { StepPanel } from "./step-detail";
import { StepsTimeline, type ActionResult } from "./steps-timeline";
import { StepsWaterfall } from "./steps-waterfall";
import { RunCanvas } from "./run-canvas";
import { RunErrorPanel } from "./run-error-panel";
import { RelatedRuns, RunEventHistory } from "./run-history";
import { LoadMoreSteps } from "./load-more-steps";
import { RunOperations } from "./run-operations";
import { ExportRunsButton } from "./export-runs-button";
import { ResumeRunDialog } from "./resume-run-dialog";
import { useViewer } from "@/components/shell/shell-context";
import { isAdminRole } from "@/lib/runs/operations";
import { isRunActive } from "./run-status";

/** Steps per runs.steps page on the run page. */
export const STEPS_PAGE_SIZE = 100;

const TABS = ["canvas", "timeline", "steps", "trigger", "state"] as const;
type Tab = (typeof TABS)[number];

function Meta({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="min-w-0" data-testid={testId}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-1 flex min-w-0 items-center gap-1.5 text-sm">{children}</dd>
    </div>
  );
}

function defaultStep(steps: ActionResult[], failureStepId: string | null): string | null {
  if (failureStepId) return failureStepId;
  const failed = steps.find((s) => s.status === "FAILED" && !s.retried);
  return (failed ?? steps[steps.length - 1])?.id ?? null;
}

const WAIT_TEXT: Record<string, string> = {
  delay: "waiting for a delay to pass",
  retry: "waiting to retry a failed step",
  approval: "waiting for an approval decision",
  webhook: "waiting for an incoming webhook",
  external: "waiting to be resumed from outside",
};

/**
 * The run page. First paint needs runs.get (the header with per-node aggregates, no step
 * rows) and the first runs.steps page; more steps load on demand. Live updates invalidate
 * both (useLiveRun). Tabs: Canvas (the version that ran), Timeline (waterfall), Steps.
 */
export function RunDetailView({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const searchParams = useSearchParams();
  const canResume = isAdminRole(useViewer().role);
  useLiveRun(runId); // pushed updates (server-sent events) instead of polling
  const run = useQuery(trpc.runs.get.queryOptions({ runId }));
  const pages = useInfiniteQuery(
    trpc.runs.steps.infiniteQueryOptions({ runId, limit: STEPS_PAGE_SIZE }, { getNextPageParam: (p) => p.nextCursor ?? undefined }),
  );
  const steps = React.useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);

  const r = run.data;
  const stepParam = searchParams.get("step");
  // default: the failing step, else a failed one or the last of the first page (stable while more pages load)
  const selectedId = stepParam ?? defaultStep(pages.data?.pages[0]?.items ?? [], r?.failure?.stepId ?? null);
  const loaded = steps.find((s) => s.id === selectedId) ?? null;
  const selectedNodeId =
    loaded?.nodeId ?? searchParams.get("node") ?? (r?.failure?.stepId === selectedId ? r.failure.nodeId : null) ?? r?.nodes.find((n) => n.latestStepId === selectedId)?.nodeId ?? null;
  const tabParam = searchParams.get("tab") as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) ? tabParam : r?.graph ? "canvas" : "steps";

  const setParams = React.useCallback(
    (patch: Record<string, string | null>) => {
      const p = new URLSearchParams(searchParams);
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) p.delete(k);
        else p.set(k, v);
      }
      replaceSearchParams(p);
    },
    [searchParams],
  );
  const selectStep = React.useCallback((id: string, nodeId?: string) => setParams({ step: id, node: nodeId ?? null }), [setParams]);
  const nodes = r?.nodes;
  const selectNode = React.useCallback(
    (nodeId: string) => {
      const n = nodes?.find((x) => x.nodeId === nodeId);
      if (n) selectStep(n.latestStepId, nodeId);
    },
    [nodes, selectStep],
  );

  if (run.isPending) return <RunDetailSkeleton />;
  if (run.isError || !r) {
    const notFound = errorCode(run.error) === "NOT_FOUND";
    return (
      <PageBody>
        <Card className="mt-10">
          <EmptyState
            icon={notFound ? FileQuestion : AlertTriangle}
            title={notFound ? "Run not found" : "This run could not be loaded"}
            description={notFound ? "It does not exist in this workspace. It may belong to another workspace, or the link is wrong." : errorMessage(run.error)}
            action={
              <Button variant="secondary" asChild>
                <Link href="/runs">Back to runs</Link>
              </Button>
            }
          />
        </Card>
      </PageBody>
    );
  }

  const active = isRunActive(r.status);
  const hasConditions = r.conditionsResult !== null && r.conditionsResult !== undefined;
  const loadMore = (
    <LoadMoreSteps
      loaded={steps.length}
      total={r.stepAttempts}
      hasMore={pages.hasNextPage}
      loading={pages.isFetchingNextPage}
      error={pages.isError ? errorMessage(pages.error) : null}
      onLoadMore={() => void pages.fetchNextPage()}
    />
  );
  const stepPanel = (
    <section aria-labelledby="selected-step-title" className="min-w-0">
      <h2 id="selected-step-title" className="sr-only">
        Selected step
      </h2>
      {selectedId ? (
        <StepPanel runId={r.id} stepId={selectedId} loaded={loaded} />
      ) : (
        <Card>
          <EmptyState icon={ListTree} size="compact" title="No step selected" description="Pick a node on the canvas or a row of the timeline." />
        </Card>
      )}
    </section>
  );
  const noSteps = pages.isSuccess && steps.length === 0;
  const emptySteps = (
    <Card>
      <EmptyState
        icon={ListTree}
        size="compact"
        title={r.status === "SKIPPED" ? "No step executed" : active ? "No step has started yet" : "No steps were recorded"}
        description={
          r.status === "SKIPPED"
            ? "The automation's conditions were not met, so the run stopped before its first action."
            : active
              ? "Steps appear here live as the run executes."
              : undefined
        }
      />
    </Card>
  );
  const stepsLoading = pages.isPending ? (
    <div className="grid gap-2" aria-busy="true" aria-label="Loading steps">
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="h-9 animate-pulse rounded-md bg-muted" />
      ))}
    </div>
  ) : null;

  return (
    <>
      <header className="border-b border-border">
        <div className="mx-auto w-full max-w-6xl px-6 pt-5 pb-5 lg:px-8">
          <nav aria-label="Breadcrumb" className="mb-3 flex items-center gap-1 text-sm text-muted-foreground">
            <Link href="/runs" className="hover:text-foreground">
              Runs
            </Link>
            <ChevronRight className="size-3.5" aria-hidden />
            <Link href={`/runs?automationId=${encodeURIComponent(r.automationId)}`} className="truncate hover:text-foreground">
              {r.automationName}
            </Link>
            <ChevronRight className="size-3.5" aria-hidden />
            <span className="font-mono text-xs text-foreground">{r.id}</span>
            <CopyButton value={r.id} label="Copy run id" />
          </nav>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div className="flex min-w-0 items-center gap-3">
              <h1 className="truncate text-2xl font-semibold" data-testid="run-title">
                {r.automationName}
              </h1>
              <StatusBadge kind="run" status={r.status} className="h-6 px-2 text-sm" />
              {r.isTest ? (
                <Badge variant="info">
                  <FlaskConical />
                  Test run
                </Badge>
              ) : null}
            </div>
            <div className="flex items-center gap-2">
              <Button variant="secondary" asChild>
                <Link href={`/automations/${r.automationId}/edit`}>
                  <SquarePen />
                  Open automation
                </Link>
              </Button>
              <RunOperations run={r} />
              <ExportRunsButton runId={r.id} automationId={r.automationId} />
            </div>
          </div>

          <dl className="mt-5 grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-3 lg:grid-cols-6">
            <Meta label="Version" testId="run-version">
              {r.isTest ? (
                <span>Test run (draft snapshot)</span>
              ) : r.versionNumber ? (
                <Badge variant="outline" className="font-mono">
                  v{r.versionNumber}
                </Badge>
              ) : (
                "—"
              )}
            </Meta>
            <Meta label="Trigger">
              <TriggerLabel type={r.triggerType} className="text-foreground" />
            </Meta>
            <Meta label="Queued">
              <RelativeTime value={r.createdAt} />
            </Meta>
            <Meta label="Started">
              {r.startedAt ? (
                <span title={formatAbsolute(r.startedAt)} className="tabular">
                  {format(new Date(r.startedAt), isToday(new Date(r.startedAt)) ? "HH:mm:ss" : "MMM d, HH:mm:ss")}
                </span>
              ) : (
                "Not yet"
              )}
            </Meta>
            <Meta label="Duration">
              <span className="tabular">{r.durationMs !== null ? formatDuration(r.durationMs) : r.startedAt ? <LiveDuration from={r.startedAt} /> : "—"}</span>
            </Meta>
            <Meta label="Steps" testId="run-step-counts">
              <span className="tabular">
                {r.counts.succeeded.toLocaleString("en-US")}/{r.counts.total.toLocaleString("en-US")} succeeded
                {r.counts.failed > 0 ? <span className="ml-1 font-medium text-destructive">· {r.counts.failed} failed</span> : null}
              </span>
            </Meta>
          </dl>
        </div>
      </header>

      <PageBody className="space-y-5">
        <RunErrorPanel
          run={r}
          onShowStep={(stepId, nodeId) => {
            setParams({ step: stepId, node: nodeId, tab: tab === "canvas" || tab === "timeline" || tab === "steps" ? tab : "canvas" });
          }}
        />
        {r.status === "PAUSED" || r.status === "WAITING_FOR_CHILD" ? (
          <div className="flex flex-wrap items-start gap-3 rounded-xl border border-warning/40 bg-warning/10 px-4 py-3 text-sm" data-testid="run-paused">
            <Hourglass className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
            <p className="min-w-0 flex-1" role="status">
              {r.status === "WAITING_FOR_CHILD" ? "Waiting for a child workflow run to finish" : `Paused: ${WAIT_TEXT[r.waitKind ?? ""] ?? "waiting"}`}
              {r.wakeAt ? (
                <>
                  {" "}
                  — resumes <RelativeTime value={r.wakeAt} />
                </>
              ) : null}
              .
            </p>
            {/* Admins resume a run waiting on an approval, a form or another external wait (runs.resume). */}
            {r.status === "PAUSED" && r.waitKind === "external" && canResume ? <ResumeRunDialog runId={r.id} /> : null}
          </div>
        ) : null}
        {r.cancelRequested && active ? <p className="text-sm text-muted-foreground">Cancellation requested — the run stops after its current step.</p> : null}

        {hasConditions && (r.status === "SKIPPED" || (Array.isArray(r.conditions) && r.conditions.length > 0)) ? (
          <ConditionsResult value={r.conditionsResult} skipped={r.status === "SKIPPED"} />
        ) : null}

        <Tabs value={tab} onValueChange={(v) => setParams({ tab: v })}>
          <TabsList variant="line" aria-label="Run views">
            {r.graph ? <TabsTrigger value="canvas">Canvas</TabsTrigger> : null}
            <TabsTrigger value="timeline">Timeline</TabsTrigger>
            <TabsTrigger value="steps">
              Steps <span className="text-xs text-muted-foreground tabular">{r.stepAttempts.toLocaleString("en-US")}</span>
            </TabsTrigger>
            <TabsTrigger value="trigger">Trigger data</TabsTrigger>
            <TabsTrigger value="state">Execution state</TabsTrigger>
          </TabsList>

          {r.graph ? (
            <TabsContent value="canvas" className="pt-4">
              <h2 className="sr-only">Canvas of the version that ran</h2>
              <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_26rem]">
                <Card className="h-[34rem] overflow-hidden p-0">
                  <RunCanvas run={r} graph={r.graph} selectedNodeId={selectedNodeId} onSelectNode={selectNode} />
                </Card>
                {stepPanel}
              </div>
            </TabsContent>
          ) : null}

          <TabsContent value="timeline" className="pt-4">
            <h2 className="sr-only">Timeline</h2>
            {stepsLoading ??
              (noSteps ? (
                emptySteps
              ) : (
                <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_26rem]">
                  <StepsWaterfall
                    steps={steps}
                    runStartedAt={r.startedAt}
                    active={active}
                    selectedId={selectedId}
                    onSelect={(id) => selectStep(id)}
                    footer={loadMore}
                    onEndReached={() => {
                      if (pages.hasNextPage && !pages.isFetchingNextPage) void pages.fetchNextPage();
                    }}
                  />
                  {stepPanel}
                </div>
              ))}
          </TabsContent>

          <TabsContent value="steps" className="pt-4">
            <h2 className="sr-only">Steps</h2>
            {stepsLoading ??
              (noSteps ? (
                emptySteps
              ) : (
                <div className="grid items-start gap-5 lg:grid-cols-[20rem_minmax(0,1fr)]">
                  <Card className="p-1.5 lg:sticky lg:top-4">
                    <div className="max-h-[40rem] overflow-auto">
                      <StepsTimeline steps={steps} selectedId={selectedId} onSelect={(id) => selectStep(id)} />
                    </div>
                    {loadMore}
                  </Card>
                  {stepPanel}
                </div>
              ))}
          </TabsContent>

          <TabsContent value="trigger" className="pt-4">
            <h2 className="sr-only">Trigger data</h2>
            <JsonViewer title="Trigger data" value={r.triggerData} defaultExpandDepth={3} maxHeight="40rem" emptyText="This run was started without data." headingLevel={3} />
          </TabsContent>
          <TabsContent value="state" className="pt-4">
            <h2 className="sr-only">Execution state</h2>
            {r.stateOmitted ? (
              <p className="text-sm text-muted-foreground">The execution state is {Math.round(r.stateOmitted.bytes / 1024)} KB, too large to show here.</p>
            ) : (
              <JsonViewer title="Execution state" value={r.execution} maxHeight="40rem" emptyText="No state recorded yet." headingLevel={3} />
            )}
          </TabsContent>
        </Tabs>

        <div className="grid items-start gap-5 lg:grid-cols-2">
          <RelatedRuns run={r} />
          <RunEventHistory events={r.events} />
        </div>
      </PageBody>
    </>
  );
}
