"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, ChevronRight, Zap } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime, formatAbsolute } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { errorMessage } from "@/components/shell/errors";
import { JsonViewer } from "@/components/runs/json-viewer";
import { pollInterval } from "@/components/runs/run-status";
import { eventTypeLabel } from "./event-type-select";

function Breadcrumbs() {
  return (
    <>
      <Link href="/events" className="hover:text-foreground">
        Events
      </Link>
      <ChevronRight className="size-3.5" aria-hidden />
    </>
  );
}

/** One event: its data, who emitted it, and every run it started (linked). */
export function EventDetailView({ eventId }: { eventId: string }) {
  const trpc = useTRPC();
  const event = useQuery(
    trpc.events.get.queryOptions({ id: eventId }, { refetchInterval: (q) => pollInterval(q.state.data?.runs.map((r) => r.status) ?? []) }),
  );

  if (event.isPending) return <EventDetailSkeleton />;
  if (event.isError) {
    return (
      <>
        <PageHeader title="Event" breadcrumbs={<Breadcrumbs />} />
        <PageBody>
          <Card>
            <EmptyState
              icon={AlertTriangle}
              title={event.error.data?.code === "NOT_FOUND" ? "Event not found" : "The event could not be loaded"}
              description={event.error.data?.code === "NOT_FOUND" ? "It does not exist in this workspace." : errorMessage(event.error)}
              action={
                <Button variant="secondary" asChild>
                  <Link href="/events">Back to events</Link>
                </Button>
              }
            />
          </Card>
        </PageBody>
      </>
    );
  }
  const e = event.data;
  return (
    <>
      <PageHeader
        breadcrumbs={<Breadcrumbs />}
        title={<span data-testid="event-title">{eventTypeLabel(e.type)}</span>}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-mono text-xs">{e.type}</span>
            <span title={formatAbsolute(e.createdAt)}>
              Emitted <RelativeTime value={e.createdAt} />
            </span>
            {e.idempotencyKey ? (
              <span className="inline-flex items-center gap-1">
                Key <span className="font-mono text-xs">{e.idempotencyKey}</span>
              </span>
            ) : null}
            <span className="inline-flex items-center gap-1">
              ID <span className="font-mono text-xs">{e.id}</span>
              <CopyButton value={e.id} label="Copy event id" />
            </span>
          </span>
        }
      />
      <PageBody className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <section aria-labelledby="event-runs-heading" className="space-y-3">
          <h2 id="event-runs-heading" className="text-sm font-semibold">
            Runs started <span className="font-normal text-muted-foreground tabular">({e.runCount})</span>
          </h2>
          {e.runs.length === 0 ? (
            <Card className="border-dashed" data-testid="event-no-runs">
              <EmptyState
                icon={Zap}
                title="No automation started"
                description="No active automation had an event trigger for this type whose filters matched the data. Paused, draft-only and archived automations are never started by events."
              />
            </Card>
          ) : (
            <TableContainer>
              <Table data-testid="event-runs-table">
                <TableHeader>
                  <TableRow>
                    <TableHead>Automation</TableHead>
                    <TableHead>Status</TableHead>
                    <TableHead className="text-right">Queued</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {e.runs.map((r) => (
                    <TableRow key={r.runId} data-testid="event-run-row" data-run-id={r.runId}>
                      <TableCell className="max-w-0">
                        <Link href={`/runs/${r.runId}`} className="block truncate font-medium rounded-sm hover:underline focus-visible:underline">
                          {r.automationName}
                        </Link>
                      </TableCell>
                      <TableCell>
                        <StatusBadge kind="run" status={r.status} />
                      </TableCell>
                      <TableCell className="text-right text-sm text-muted-foreground">
                        <RelativeTime value={r.createdAt} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
        </section>
        <JsonViewer title="Data" value={e.data} emptyText="No data" testId="event-data" headingLevel={3} />
      </PageBody>
    </>
  );
}

export function EventDetailSkeleton() {
  return (
    <>
      <PageHeader title={<Skeleton className="h-7 w-56" />} breadcrumbs={<Breadcrumbs />} />
      <PageBody className="grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-48 rounded-xl" />
        <Skeleton className="h-48 rounded-xl" />
      </PageBody>
    </>
  );
}
