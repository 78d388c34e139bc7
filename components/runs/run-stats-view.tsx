"use client";

import * as React from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Activity, AlertTriangle, BarChart3, CheckCircle2 } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { AUTOMATION_STATUSES, RUN_STATUSES } from "@/lib/statuses";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatDuration } from "@/components/ui/relative-time";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { errorMessage } from "@/components/shell/errors";
import { replaceSearchParams } from "@/components/shell/url-state";
import { cn } from "@/components/ui/utils";
import { RunStatsChart } from "./run-stats-chart";
import { ExportRunsButton } from "./export-runs-button";

const DAY_CHOICES = [7, 14, 30, 90] as const;

function readParams(p: URLSearchParams): { automationId: string; days: number } {
  const days = Number(p.get("days"));
  return { automationId: p.get("automationId") || "all", days: (DAY_CHOICES as readonly number[]).includes(days) ? days : 14 };
}

function Stat({ label, value, hint, tone, testId }: { label: string; value: React.ReactNode; hint?: React.ReactNode; tone?: "success" | "destructive"; testId?: string }) {
  return (
    <div className="min-w-0 rounded-xl border border-border bg-card px-4 py-3 shadow-xs" data-testid={testId}>
      <p className="text-xs font-medium text-muted-foreground">{label}</p>
      <p className={cn("mt-1 text-2xl font-semibold tracking-tight tabular-nums", tone === "success" && "text-success", tone === "destructive" && "text-destructive")}>{value}</p>
      {hint ? <p className="truncate text-xs text-muted-foreground">{hint}</p> : null}
    </div>
  );
}

function Section({ title, description, children, actions, testId, className }: { title: string; description?: string; children: React.ReactNode; actions?: React.ReactNode; testId?: string; className?: string }) {
  return (
    <Card className={cn("min-w-0", className)} data-testid={testId}>
      <div className="flex flex-wrap items-start justify-between gap-2 px-5 pt-4 pb-3">
        <div>
          <h2 className="text-base font-semibold tracking-tight">{title}</h2>
          {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
        </div>
        {actions}
      </div>
      <div className="px-5 pb-5">{children}</div>
    </Card>
  );
}

/** Run statistics for the workspace or one automation (?automationId=), over 7–90 days (?days=). */
export function RunStatsView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const { automationId, days } = readParams(params);
  const automations = useQuery(trpc.automations.list.queryOptions({ status: [...AUTOMATION_STATUSES] }));
  const stats = useQuery({
    ...trpc.runs.stats.queryOptions({ days, ...(automationId !== "all" ? { automationId } : {}) }),
    placeholderData: keepPreviousData,
  });

  function set(next: { automationId?: string; days?: number }) {
    const a = next.automationId ?? automationId;
    const d = next.days ?? days;
    const p = new URLSearchParams();
    if (a !== "all") p.set("automationId", a);
    if (d !== 14) p.set("days", String(d));
    replaceSearchParams(p);
  }

  const s = stats.data;
  const automationName = automationId !== "all" ? automations.data?.find((x) => x.id === automationId)?.name : undefined;
  const runsHref = `/runs${automationId !== "all" ? `?automationId=${encodeURIComponent(automationId)}` : ""}`;
  const decided = s ? s.byStatus.COMPLETED + s.byStatus.FAILED : 0;

  return (
    <>
      <PageHeader
        title={automationName ? `Run stats · ${automationName}` : "Run stats"}
        description={`Runs per day by outcome, success rate, durations and the steps that fail most${s ? ` — days in ${s.timezone.replace(/_/g, " ")}` : ""}.`}
        actions={
          <>
            <Button variant="secondary" asChild>
              <Link href={runsHref}>
                <Activity aria-hidden />
                View runs
              </Link>
            </Button>
            {automationId !== "all" ? <ExportRunsButton automationId={automationId} filters={{ automationId }} /> : null}
          </>
        }
      />
      <PageBody className="space-y-4">
        <div className="flex flex-wrap items-center gap-2">
          <Select value={automationId} onValueChange={(v) => set({ automationId: v })}>
            <SelectTrigger className="w-64" aria-label="Automation" data-testid="stats-automation-filter">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">All automations</SelectItem>
              {automations.data?.length ? <SelectSeparator /> : null}
              {automations.data?.map((a) => (
                <SelectItem key={a.id} value={a.id}>
                  {a.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <Tabs value={String(days)} onValueChange={(v) => set({ days: Number(v) })}>
            <TabsList aria-label="Period">
              {DAY_CHOICES.map((d) => (
                <TabsTrigger key={d} value={String(d)} data-testid={`stats-days-${d}`}>
                  {d} days
                </TabsTrigger>
              ))}
            </TabsList>
          </Tabs>
          {stats.isFetching && s ? <span className="text-xs text-muted-foreground" role="status">Updating…</span> : null}
        </div>

        {stats.isError ? (
          <Card>
            <EmptyState
              icon={AlertTriangle}
              title="Stats could not be loaded"
              description={errorMessage(stats.error)}
              action={
                <Button variant="secondary" onClick={() => void stats.refetch()}>
                  Try again
                </Button>
              }
            />
          </Card>
        ) : !s ? (
          <StatsSkeleton />
        ) : (
          <>
            <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="run-stats-numbers">
              <Stat label={`Runs · ${s.days} days`} value={s.total} hint={`${s.perDay[s.perDay.length - 1]?.total ?? 0} today`} testId="stat-total" />
              <Stat
                label="Success rate"
                value={s.successRate === null ? "—" : `${Math.round(s.successRate * 1000) / 10}%`}
                hint={decided ? `${s.byStatus.COMPLETED} of ${decided} completed or failed` : "No completed or failed runs"}
                tone={s.successRate !== null && s.successRate >= 0.9 ? "success" : s.successRate !== null && s.successRate < 0.5 ? "destructive" : undefined}
                testId="stat-success-rate"
              />
              <Stat label="Median duration (p50)" value={formatDuration(s.duration.p50Ms)} hint={`${s.duration.count} finished run${s.duration.count === 1 ? "" : "s"}`} testId="stat-p50" />
              <Stat label="p95 duration" value={formatDuration(s.duration.p95Ms)} hint="95% of runs finish within this" testId="stat-p95" />
            </div>

            <Section title="Runs per day" description="Stacked by outcome; “In progress” covers queued, running, paused and waiting runs." testId="run-stats-per-day">
              {s.total === 0 ? (
                <EmptyState size="compact" icon={BarChart3} title="No runs in this period" description="Runs appear here once automations run. Try a longer period or another automation." />
              ) : (
                <RunStatsChart perDay={s.perDay} timezone={s.timezone} />
              )}
            </Section>

            <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
              <Section title="By status" testId="run-stats-by-status">
                <ul className="space-y-2">
                  {RUN_STATUSES.map((status) => {
                    const n = s.byStatus[status];
                    const pct = s.total ? (n / s.total) * 100 : 0;
                    return (
                      <li key={status} className="flex items-center gap-3" data-testid={`status-count-${status}`}>
                        <StatusBadge kind="run" status={status} className="w-32 justify-start" />
                        <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-muted" aria-hidden>
                          <div className="h-full rounded-full bg-foreground/40" style={{ width: `${pct}%` }} />
                        </div>
                        <span className="w-10 text-right text-sm font-medium tabular-nums">{n}</span>
                      </li>
                    );
                  })}
                </ul>
                {s.automations ? (
                  <p className="mt-4 border-t border-border pt-3 text-xs text-muted-foreground" data-testid="automation-counts">
                    {s.automations.total} automations: {s.automations.active} active, {s.automations.draft} draft, {s.automations.paused} paused, {s.automations.archived} archived.
                  </p>
                ) : null}
              </Section>

              <Section title="Top failing steps" description="Failed attempts per step, with the most common errors." testId="run-stats-failing">
                {s.topFailingSteps.length === 0 ? (
                  <EmptyState size="compact" icon={CheckCircle2} title="No failed steps" description={`No step failed in the last ${s.days} days.`} />
                ) : (
                  <TableContainer>
                    <Table>
                      <TableHeader>
                        <TableRow>
                          <TableHead scope="col">Step</TableHead>
                          <TableHead scope="col" className="text-right">
                            Failures
                          </TableHead>
                          <TableHead scope="col">Most common errors</TableHead>
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {s.topFailingSteps.map((f) => (
                          <TableRow key={`${f.automationId}:${f.nodeId}`} data-testid="failing-step">
                            <TableCell className="align-top">
                              <Link href={`/automations/${f.automationId}/edit`} className="font-medium hover:underline">
                                {f.nodeName}
                              </Link>
                              <p className="text-xs text-muted-foreground">
                                {f.automationName} · <span className="font-mono">{f.nodeId}</span>
                              </p>
                            </TableCell>
                            <TableCell className="text-right align-top tabular-nums">
                              <span className="font-medium">{f.failures}</span>
                              <p className="text-xs text-muted-foreground">
                                in {f.runs} run{f.runs === 1 ? "" : "s"}
                              </p>
                            </TableCell>
                            <TableCell className="align-top">
                              <ul className="space-y-1">
                                {f.topErrors.map((e) => (
                                  <li key={e.message} className="flex gap-2 text-xs">
                                    <span className="shrink-0 rounded bg-destructive/10 px-1.5 font-medium text-destructive tabular-nums">{e.count}×</span>
                                    <span className="line-clamp-2 break-words text-foreground">{e.message}</span>
                                  </li>
                                ))}
                              </ul>
                            </TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </TableContainer>
                )}
              </Section>
            </div>
          </>
        )}
      </PageBody>
    </>
  );
}

function StatsSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading run stats">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="rounded-xl border border-border bg-card px-4 py-3">
            <Skeleton className="h-3 w-20" />
            <Skeleton className="mt-2 h-7 w-16" />
          </div>
        ))}
      </div>
      <Skeleton className="h-80 rounded-xl" />
      <div className="grid gap-4 lg:grid-cols-3">
        <Skeleton className="h-64 rounded-xl" />
        <Skeleton className="h-64 rounded-xl lg:col-span-2" />
      </div>
    </div>
  );
}
