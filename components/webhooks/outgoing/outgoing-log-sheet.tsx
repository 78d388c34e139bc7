"use client";

import * as React from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { AlertTriangle, RefreshCw, Send } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime, formatDuration } from "@/components/ui/relative-time";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Sheet, SheetBody, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/components/shell/errors";
import { statusLabel, type OutgoingAttempt, type OutgoingItem } from "./outgoing-model";

type StatusFilter = "all" | "success" | "failed";
type SourceFilter = "all" | "test" | "automation";

/** Drawer with an endpoint's delivery log (newest first, 25 a page) with status and source filters applied by the server. */
export function OutgoingLogSheet({ webhook, onOpenChange }: { webhook: OutgoingItem | null; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const [status, setStatus] = React.useState<StatusFilter>("all");
  const [source, setSource] = React.useState<SourceFilter>("all");
  const [refreshing, setRefreshing] = React.useState(false);
  React.useEffect(() => {
    setStatus("all");
    setSource("all");
  }, [webhook?.id]);
  const logs = useInfiniteQuery(
    trpc.outgoingWebhooks.logs.infiniteQueryOptions(
      { id: webhook?.id ?? "", limit: 25, ...(status === "all" ? {} : { status }), ...(source === "all" ? {} : { source }) },
      { enabled: webhook !== null, getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const attempts = logs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Sheet open={webhook !== null} onOpenChange={onOpenChange}>
      <SheetContent className="sm:max-w-2xl" data-testid="outgoing-log">
        <SheetHeader>
          <SheetTitle>Delivery log · {webhook?.name}</SheetTitle>
          <SheetDescription className="break-all font-mono">{webhook?.url}</SheetDescription>
        </SheetHeader>
        <SheetBody className="grid content-start gap-5">
          <div className="flex flex-wrap items-center gap-2">
            <Select value={status} onValueChange={(v) => setStatus(v as StatusFilter)}>
              <SelectTrigger size="sm" className="w-40" aria-label="Filter by status" data-testid="outgoing-status-filter">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="all">All statuses</SelectItem>
                <SelectItem value="success">Succeeded (2xx)</SelectItem>
                <SelectItem value="failed">Failed</SelectItem>
              </SelectContent>
            </Select>
            <Select value={source} onValueChange={(v) => setSource(v as SourceFilter)}>
              <SelectTrigger size="sm" className="w-52" aria-label="Filter by source" data-testid="outgoing-source-filter">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="all">Tests and automations</SelectItem>
                <SelectItem value="test">Test events</SelectItem>
                <SelectItem value="automation">Automation steps</SelectItem>
              </SelectContent>
            </Select>
            <Button
              size="sm"
              variant="ghost"
              className="ml-auto"
              loading={refreshing}
              onClick={() => {
                setRefreshing(true);
                void logs.refetch().finally(() => setRefreshing(false));
              }}
              data-testid="refresh-outgoing-log"
            >
              <RefreshCw /> Refresh
            </Button>
          </div>
          {logs.isPending ? (
            <div className="grid gap-2" aria-busy="true" aria-label="Loading deliveries">
              {Array.from({ length: 3 }, (_, i) => (
                <Skeleton key={i} className="h-14" />
              ))}
            </div>
          ) : logs.isError ? (
            <EmptyState size="compact" icon={AlertTriangle} title="The delivery log could not be loaded" description={errorMessage(logs.error)} action={<Button variant="secondary" size="sm" onClick={() => void logs.refetch()}>Try again</Button>} />
          ) : attempts.length === 0 ? (
            <EmptyState size="compact" icon={Send} title={status === "all" && source === "all" ? "No deliveries yet" : "No deliveries match these filters"} description="Test events and automation steps that post here are listed with their answer." />
          ) : (
            <>
              <ul className="divide-y divide-border rounded-lg border border-border" data-testid="outgoing-attempts">
                {attempts.map((a) => (
                  <AttemptRow key={a.id} attempt={a} />
                ))}
              </ul>
              {logs.hasNextPage ? (
                <Button variant="secondary" size="sm" loading={logs.isFetchingNextPage} onClick={() => void logs.fetchNextPage()} data-testid="outgoing-log-more">
                  Load older
                </Button>
              ) : null}
            </>
          )}
        </SheetBody>
      </SheetContent>
    </Sheet>
  );
}

/** A request or response excerpt (≤ 1 KB): scrolls past 12 rem, so it takes keyboard focus to scroll. */
const EXCERPT = "-mt-1 max-h-48 overflow-auto rounded bg-muted p-2 font-mono whitespace-pre-wrap break-all focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring";

function AttemptRow({ attempt: a }: { attempt: OutgoingAttempt }) {
  const [open, setOpen] = React.useState(false);
  const id = `outgoing-attempt-${a.id}`;
  return (
    <li className="grid gap-2 px-3 py-2.5" data-testid="outgoing-attempt" data-status={a.ok ? "success" : "failed"} data-source={a.source} data-message-id={a.messageId}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant={a.ok ? "success" : "destructive"}>{statusLabel(a)}</Badge>
        <span className="font-mono text-xs">{a.eventType}</span>
        <Badge variant="neutral">{a.source === "test" ? "Test" : `Step · attempt ${a.attempt}`}</Badge>
        <span className="text-xs text-muted-foreground tabular-nums">{formatDuration(a.durationMs)}</span>
        <span className="ml-auto text-xs text-muted-foreground">
          <RelativeTime value={a.createdAt} />
        </span>
      </div>
      {a.error ? <p className="text-xs text-destructive">{a.error}</p> : null}
      <div>
        <Button size="sm" variant="ghost" className="-ml-2.5" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
          {open ? "Hide request and response" : "Show request and response"}
        </Button>
      </div>
      {open ? (
        <div id={id} className="grid gap-2 text-xs">
          <p className="text-muted-foreground">
            webhook-id <span className="font-mono">{a.messageId}</span>
            {a.runId ? (
              <>
                {" · "}
                <a className="underline" href={`/runs/${a.runId}`}>
                  run
                </a>
              </>
            ) : null}
          </p>
          <p className="font-medium text-muted-foreground">Request body</p>
          <pre tabIndex={0} className={EXCERPT}>{a.requestExcerpt ?? "—"}</pre>
          <p className="font-medium text-muted-foreground">Response{a.statusCode !== null ? ` (HTTP ${a.statusCode})` : ""}</p>
          <pre tabIndex={0} className={EXCERPT}>{a.responseExcerpt ?? "(no response body)"}</pre>
        </div>
      ) : null}
    </li>
  );
}
