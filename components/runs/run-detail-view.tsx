"use client";

import * as React from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { format, isToday } from "date-fns";
import { AlertTriangle, ChevronRight, FileQuestion, FlaskConical, Hourglass, ListTree, SquarePen, XCircle } from "lucide-react";
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
import { ConditionsResult } from "./conditions-result";
import { JsonViewer } from "./json-viewer";
import { LiveDuration } from "./live-duration";
import { RunDetailSkeleton } from "./run-detail-skeleton";
import { StepDetail } from "./step-detail";
import { StepsTimeline, type ActionResult } from "./steps-timeline";
import { RunOperations } from "./run-operations";
import { ExportRunsButton } from "./export-runs-button";
import { isRunActive, pollInterval } from "./run-status";
import { replaceSearchParams } from "@/components/shell/url-state";

function Meta({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="min-w-0" data-testid={testId}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-1 flex min-w-0 items-center gap-1.5 text-sm">{children}</dd>
    </div>
  );
}

function defaultStep(steps: ActionResult[]): string | null {
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

export function RunDetailView({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const searchParams = useSearchParams();
  const run = useQuery(
    trpc.runs.get.queryOptions(
      { runId },
      { refetchInterval: (q) => (q.state.data ? pollInterval([q.state.data.status]) : false) },
    ),
  );

  const steps = run.data?.actionResults ?? [];
  const stepParam = searchParams.get("step");
  const selectedId = steps.some((s) => s.id === stepParam) ? stepParam : defaultStep(steps);
  const selected = steps.find((s) => s.id === selectedId) ?? null;

  function selectStep(id: string) {
    const p = new URLSearchParams(searchParams);
    p.set("step", id);
    replaceSearchParams(p);
  }

  if (run.isPending) return <RunDetailSkeleton />;
  if (run.isError) {
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

  const r = run.data;
  const active = isRunActive(r.status);
  const hasConditions = r.conditionsResult !== null && r.conditionsResult !== undefined;

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
            <Meta label="Steps">
              <span className="tabular">
                {r.counts.succeeded}/{r.counts.total} succeeded
                {r.counts.failed > 0 ? <span className="ml-1 font-medium text-destructive">· {r.counts.failed} failed</span> : null}
              </span>
            </Meta>
          </dl>
        </div>
      </header>

      <PageBody className="space-y-5">
        {r.status === "FAILED" && r.error ? (
          <div role="alert" className="flex items-start gap-3 rounded-xl border border-destructive/30 bg-destructive/8 px-4 py-3" data-testid="run-error">
            <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
            <div className="min-w-0 text-sm">
              <p className="font-medium text-destructive">Run failed{r.errorCode ? ` · ${r.errorCode}` : ""}</p>
              <p className="mt-0.5 break-words">{r.error}</p>
            </div>
          </div>
        ) : null}
        {r.status === "PAUSED" || r.status === "WAITING_FOR_CHILD" ? (
          <div className="flex items-start gap-3 rounded-xl border border-warning/30 bg-warning/10 px-4 py-3 text-sm">
            <Hourglass className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
            <p>
              {r.status === "WAITING_FOR_CHILD" ? "Waiting for a child workflow run to finish" : `Paused: ${WAIT_TEXT[r.waitKind ?? ""] ?? "waiting"}`}
              {r.wakeAt ? (
                <>
                  {" "}
                  — resumes <RelativeTime value={r.wakeAt} />
                </>
              ) : null}
              .
            </p>
          </div>
        ) : null}
        {r.cancelRequested && active ? (
          <p className="text-sm text-muted-foreground">Cancellation requested — the run stops after its current step.</p>
        ) : null}

        {hasConditions && (r.status === "SKIPPED" || (Array.isArray(r.conditions) && r.conditions.length > 0)) ? (
          <ConditionsResult value={r.conditionsResult} skipped={r.status === "SKIPPED"} />
        ) : null}

        <Tabs defaultValue="steps">
          <TabsList variant="line">
            <TabsTrigger value="steps">
              Steps <span className="text-xs text-muted-foreground tabular">{steps.length}</span>
            </TabsTrigger>
            <TabsTrigger value="trigger">Trigger data</TabsTrigger>
            <TabsTrigger value="state">Execution state</TabsTrigger>
          </TabsList>
          <TabsContent value="steps" className="pt-4">
            {steps.length === 0 ? (
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
            ) : (
              <div className="grid items-start gap-5 lg:grid-cols-[20rem_minmax(0,1fr)]">
                <Card className="p-1.5 lg:sticky lg:top-4">
                  <StepsTimeline steps={steps} selectedId={selectedId} onSelect={selectStep} />
                  {r.actionResultsOmitted > 0 ? (
                    <p className="px-3 py-2 text-xs text-muted-foreground">
                      {r.actionResultsOmitted} more step attempts are not shown (the first 500 are listed).
                    </p>
                  ) : null}
                </Card>
                <div className="min-w-0">{selected ? <StepDetail key={selected.id} runId={r.id} step={selected} /> : null}</div>
              </div>
            )}
          </TabsContent>
          <TabsContent value="trigger" className="pt-4">
            <JsonViewer title="Trigger data" value={r.triggerData} defaultExpandDepth={3} maxHeight="40rem" emptyText="This run was started without data." />
          </TabsContent>
          <TabsContent value="state" className="pt-4">
            {r.stateOmitted ? (
              <p className="text-sm text-muted-foreground">The execution state is {Math.round(r.stateOmitted.bytes / 1024)} KB, too large to show here.</p>
            ) : (
              <JsonViewer title="Execution state" value={r.execution} maxHeight="40rem" emptyText="No state recorded yet." />
            )}
          </TabsContent>
        </Tabs>
      </PageBody>
    </>
  );
}
