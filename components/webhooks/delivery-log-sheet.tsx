"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, ChevronRight, RefreshCw, Send } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime, formatAbsolute, formatDuration } from "@/components/ui/relative-time";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Sheet, SheetBody, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { cn } from "@/components/ui/utils";
import { errorMessage } from "@/components/shell/errors";
import { attemptOutcome, type AttemptOutcome, type DeliveryAttempt } from "./subscription-model";
import { SubscriptionEvents, SubscriptionStateBadge } from "./subscription-badges";

const OUTCOME: Record<AttemptOutcome, { label: string; variant: BadgeVariant }> = {
  delivered: { label: "Delivered", variant: "success" },
  pending: { label: "Retrying", variant: "warning" },
  failed: { label: "Failed", variant: "destructive" },
};

const LOG_LIMIT = 200;

/** Drawer with a subscription's delivery attempts (newest first); admins can send an event again. */
export function DeliveryLogSheet({ subscriptionId, canEdit, onOpenChange }: { subscriptionId: string | null; canEdit: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const open = subscriptionId !== null;
  const detail = useQuery({ ...trpc.webhookSubscriptions.get.queryOptions({ id: subscriptionId ?? "" }), enabled: open, retry: false });
  // Deliveries go out within about a second of the event; poll while the drawer is open.
  const logs = useQuery({ ...trpc.webhookSubscriptions.logs.queryOptions({ id: subscriptionId ?? "", limit: LOG_LIMIT }), enabled: open, refetchInterval: 3_000, retry: false });
  const [status, setStatus] = React.useState<"all" | AttemptOutcome>("all");
  const [eventType, setEventType] = React.useState("all");
  // Busy only for a refresh someone asked for: the background poll must not flicker the button.
  const [refreshing, setRefreshing] = React.useState(false);
  React.useEffect(() => {
    setStatus("all");
    setEventType("all");
  }, [subscriptionId]);

  const attempts = React.useMemo(() => logs.data ?? [], [logs.data]);
  // The logs procedure filters by event id only: status and event type are filtered here,
  // on the loaded page (the newest LOG_LIMIT attempts).
  const types = React.useMemo(() => [...new Set(attempts.map((a) => a.eventType))].sort(), [attempts]);
  const shown = attempts.filter((a) => (status === "all" || attemptOutcome(a) === status) && (eventType === "all" || a.eventType === eventType));
  // Redeliver sends an event again: offered on its newest attempt only (the log is newest first).
  const newestOfEvent = React.useMemo(() => {
    const seen = new Set<string>();
    const ids = new Set<string>();
    for (const a of attempts) {
      if (seen.has(a.eventId)) continue;
      seen.add(a.eventId);
      ids.add(a.id);
    }
    return ids;
  }, [attempts]);
  const d = detail.data;

  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent className="sm:max-w-2xl" data-testid="delivery-log">
        <SheetHeader>
          <SheetTitle>Delivery log</SheetTitle>
          <SheetDescription className="break-all font-mono">{d?.url ?? (detail.isError ? "Subscription" : "Loading…")}</SheetDescription>
        </SheetHeader>
        <SheetBody className="grid content-start gap-5">
          {detail.isError ? (
            <p role="alert" className="flex gap-1.5 text-sm text-destructive">
              <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden /> {errorMessage(detail.error)}
            </p>
          ) : d ? (
            <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm">
              <div>
                <dt className="text-xs text-muted-foreground">State</dt>
                <dd className="mt-0.5">
                  <SubscriptionStateBadge subscription={d} />
                </dd>
              </div>
              <div>
                <dt className="text-xs text-muted-foreground">Failures in a row</dt>
                <dd className="mt-0.5 tabular-nums">
                  {d.consecutiveFailures}
                  {d.failingSince ? (
                    <span className="text-muted-foreground">
                      {" "}
                      since <RelativeTime value={d.failingSince} />
                    </span>
                  ) : null}
                </dd>
              </div>
              <div className="col-span-2">
                <dt className="text-xs text-muted-foreground">Events</dt>
                <dd className="mt-1">
                  <SubscriptionEvents events={d.events} />
                </dd>
              </div>
              {d.disabledReason ? (
                <div className="col-span-2">
                  <dt className="text-xs text-muted-foreground">Why it was disabled</dt>
                  <dd className="mt-0.5">{d.disabledReason}</dd>
                </div>
              ) : null}
            </dl>
          ) : (
            <Skeleton className="h-16" />
          )}

          <div className="flex flex-wrap items-center gap-2">
            <Select value={status} onValueChange={(v) => setStatus(v as "all" | AttemptOutcome)}>
              <SelectTrigger size="sm" className="w-40" aria-label="Filter by status" data-testid="delivery-status-filter">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="all">All statuses</SelectItem>
                <SelectItem value="delivered">Delivered</SelectItem>
                <SelectItem value="pending">Retrying</SelectItem>
                <SelectItem value="failed">Failed</SelectItem>
              </SelectContent>
            </Select>
            <Select value={eventType} onValueChange={setEventType}>
              <SelectTrigger size="sm" className="w-52" aria-label="Filter by event type" data-testid="delivery-type-filter">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="all">All event types</SelectItem>
                {types.map((t) => (
                  <SelectItem key={t} value={t}>
                    <span className="font-mono text-xs">{t}</span>
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <Button
              size="sm"
              variant="ghost"
              className="ml-auto"
              onClick={() => {
                setRefreshing(true);
                void logs.refetch().finally(() => setRefreshing(false));
              }}
              loading={refreshing}
              data-testid="refresh-delivery-log"
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
            <EmptyState size="compact" icon={Send} title="No deliveries yet" description="Attempts appear here within a few seconds of a subscribed event." />
          ) : shown.length === 0 ? (
            <p className="py-6 text-center text-sm text-muted-foreground">No attempts match these filters among the newest {attempts.length}.</p>
          ) : (
            <ul className="divide-y divide-border rounded-lg border border-border" data-testid="delivery-attempts">
              {shown.map((a) => (
                <AttemptRow key={a.id} attempt={a} subscriptionId={subscriptionId!} canRedeliver={canEdit && newestOfEvent.has(a.id)} />
              ))}
            </ul>
          )}
        </SheetBody>
      </SheetContent>
    </Sheet>
  );
}

function AttemptRow({ attempt: a, subscriptionId, canRedeliver }: { attempt: DeliveryAttempt; subscriptionId: string; canRedeliver: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [expanded, setExpanded] = React.useState(false);
  const outcome = attemptOutcome(a);
  const detailsId = `attempt-${a.id}-details`;
  const redeliver = useMutation(
    trpc.webhookSubscriptions.redeliver.mutationOptions({
      onSuccess: async () => {
        toast.success(`Redelivering ${a.eventType}`);
        await queryClient.invalidateQueries({ queryKey: trpc.webhookSubscriptions.logs.pathKey() });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <li className="px-3 py-2.5" data-testid="delivery-attempt" data-outcome={outcome} data-event-id={a.eventId}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
        <Badge variant={OUTCOME[outcome].variant} data-testid="delivery-outcome">
          {OUTCOME[outcome].label}
        </Badge>
        <span className="font-mono text-xs tabular-nums" data-testid="delivery-status-code">
          {a.statusCode ?? "—"}
        </span>
        <Badge variant="neutral" className="font-mono">
          {a.eventType}
        </Badge>
        <span className="ml-auto text-xs text-muted-foreground" title={formatAbsolute(a.createdAt)}>
          <RelativeTime value={a.createdAt} />
        </span>
      </div>
      <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
        <span>Attempt {a.attempt}</span>
        <span className="tabular-nums">{formatDuration(a.durationMs)}</span>
        {a.nextRetryAt ? (
          <span>
            Next retry <RelativeTime value={a.nextRetryAt} />
          </span>
        ) : null}
        <span className="ml-auto flex gap-1">
          <Button size="xs" variant="ghost" aria-expanded={expanded} aria-controls={expanded ? detailsId : undefined} onClick={() => setExpanded((x) => !x)} data-testid="delivery-details-toggle">
            <ChevronRight className={cn("transition-transform", expanded && "rotate-90")} aria-hidden /> Details
          </Button>
          {canRedeliver ? (
            <Button size="xs" variant="secondary" loading={redeliver.isPending} onClick={() => redeliver.mutate({ id: subscriptionId, eventId: a.eventId })} aria-label={`Redeliver ${a.eventType} event ${a.eventId}`} data-testid="redeliver">
              <Send aria-hidden /> Redeliver
            </Button>
          ) : null}
        </span>
      </div>
      {expanded ? (
        <div id={detailsId} className="mt-2 grid gap-2 text-xs" data-testid="delivery-details">
          <p>
            <span className="text-muted-foreground">Event id (webhook-id): </span>
            <code className="font-mono" data-testid="delivery-event-id">
              {a.eventId}
            </code>
          </p>
          {a.error ? (
            <div>
              <p className="text-muted-foreground">Error</p>
              <pre className="mt-1 overflow-auto rounded-md bg-muted/50 p-2 font-mono whitespace-pre-wrap break-all text-destructive">{a.error}</pre>
            </div>
          ) : null}
          <div>
            <p className="text-muted-foreground">Response (first 1 KB)</p>
            {a.responseExcerpt ? (
              <pre className="mt-1 max-h-48 overflow-auto rounded-md bg-muted/50 p-2 font-mono whitespace-pre-wrap break-all">{a.responseExcerpt}</pre>
            ) : (
              <p className="mt-1 text-muted-foreground">No response body</p>
            )}
          </div>
        </div>
      ) : null}
    </li>
  );
}
