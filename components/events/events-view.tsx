"use client";

import * as React from "react";
import { useSearchParams } from "next/navigation";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { AlertTriangle, ArrowDown, ListTree, Send, SearchX, Zap } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { errorMessage } from "@/components/shell/errors";
import { useShell } from "@/components/shell/shell-context";
import { replaceSearchParams } from "@/components/shell/url-state";
import { CustomEventTypesSheet } from "./custom-event-types-sheet";
import { EmitEventDialog } from "./emit-event-dialog";
import { EventTypeSelect } from "./event-type-select";
import { EventsTable, EventsTableSkeleton } from "./events-table";

export const EVENTS_DESCRIPTION = "Things that happened in the workspace. Each event starts every active automation whose event trigger matches it.";

export function EventsView() {
  const trpc = useTRPC();
  const { canEdit } = useShell();
  const searchParams = useSearchParams();
  const type = searchParams.get("type") || "all";
  const [emitOpen, setEmitOpen] = React.useState(false);
  const [typesOpen, setTypesOpen] = React.useState(false);
  const customTypes = useQuery(trpc.eventTypes.list.queryOptions());
  const custom = customTypes.data ?? [];

  const events = useInfiniteQuery(
    trpc.events.list.infiniteQueryOptions(
      { limit: 25, ...(type !== "all" ? { type } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 5_000 },
    ),
  );
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];

  function setType(next: string) {
    const p = new URLSearchParams();
    if (next !== "all") p.set("type", next);
    replaceSearchParams(p);
  }

  return (
    <>
      <PageHeader
        title="Events"
        description={EVENTS_DESCRIPTION}
        actions={
          <>
            <Button variant="secondary" onClick={() => setTypesOpen(true)} data-testid="custom-event-types-button">
              <ListTree />
              Custom types
            </Button>
            {canEdit ? (
              <Button onClick={() => setEmitOpen(true)} data-testid="emit-event-button">
                <Send />
                Emit event
              </Button>
            ) : null}
          </>
        }
      />
      <PageBody className="space-y-4">
        <div className="flex items-center gap-2">
          <label htmlFor="events-type-filter" className="text-sm text-muted-foreground">
            Type
          </label>
          <EventTypeSelect id="events-type-filter" value={type} onChange={setType} custom={custom} allOption size="sm" className="w-72" testId="events-type-filter" />
        </div>
        {events.isPending ? (
          <EventsTableSkeleton />
        ) : events.isError ? (
          <div className="rounded-xl border border-border bg-card">
            <EmptyState
              icon={AlertTriangle}
              title="Events could not be loaded"
              description={errorMessage(events.error)}
              action={
                <Button variant="secondary" onClick={() => void events.refetch()}>
                  Try again
                </Button>
              }
            />
          </div>
        ) : items.length === 0 ? (
          <div className="rounded-xl border border-dashed border-border bg-card" data-testid="events-empty">
            {type !== "all" ? (
              <EmptyState
                icon={SearchX}
                title="No events of this type yet"
                description="Pick another type or show all events."
                action={
                  <Button variant="secondary" onClick={() => setType("all")}>
                    Show all events
                  </Button>
                }
              />
            ) : (
              <EmptyState
                icon={Zap}
                title="No events yet"
                description={
                  canEdit
                    ? "Events arrive from the API and from other systems. Emit one by hand to try an automation with an event trigger."
                    : "Events arrive from the API and from other systems; they show up here with the runs they started."
                }
                action={
                  canEdit ? (
                    <Button variant="secondary" onClick={() => setEmitOpen(true)}>
                      <Send />
                      Emit event
                    </Button>
                  ) : undefined
                }
              />
            )}
          </div>
        ) : (
          <div className="space-y-3">
            <EventsTable events={items} />
            <div className="flex items-center justify-between text-xs text-muted-foreground">
              <span className="tabular">
                Showing {items.length} event{items.length === 1 ? "" : "s"}
              </span>
              {events.hasNextPage ? (
                <Button variant="secondary" size="sm" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} data-testid="load-more-events">
                  {events.isFetchingNextPage ? null : <ArrowDown />}
                  Load more
                </Button>
              ) : null}
              {events.isFetching && !events.isFetchingNextPage ? <Spinner /> : null}
            </div>
          </div>
        )}
      </PageBody>
      {canEdit ? <EmitEventDialog open={emitOpen} onOpenChange={setEmitOpen} custom={custom} /> : null}
      <CustomEventTypesSheet open={typesOpen} onOpenChange={setTypesOpen} types={custom} canEdit={canEdit} />
    </>
  );
}

export function EventsPageSkeleton() {
  return (
    <>
      <PageHeader title="Events" description={EVENTS_DESCRIPTION} />
      <PageBody className="space-y-4">
        <div className="h-7" />
        <EventsTableSkeleton />
      </PageBody>
    </>
  );
}
