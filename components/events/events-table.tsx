"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { RouterOutputs } from "@/lib/trpc/types";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusIcon } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { eventTypeLabel } from "./event-type-select";

export type EventListItem = RouterOutputs["events"]["list"]["items"][number];

const SOURCE_LABEL: Record<string, string> = { ui: "Events page", api: "API", system: "System" };

function Head() {
  return (
    <TableHeader>
      <TableRow>
        <TableHead className="w-[30%]">Event</TableHead>
        <TableHead>Runs started</TableHead>
        <TableHead>Source</TableHead>
        <TableHead className="text-right">Emitted</TableHead>
      </TableRow>
    </TableHeader>
  );
}

export function EventsTable({ events }: { events: EventListItem[] }) {
  const router = useRouter();
  return (
    <TableContainer>
      <Table data-testid="events-table" className="min-w-[720px]">
        <Head />
        <TableBody>
          {events.map((e) => {
            const href = `/events/${e.id}`;
            return (
              <TableRow
                key={e.id}
                data-testid="event-row"
                data-event-id={e.id}
                className="cursor-pointer"
                onClick={(ev) => {
                  if ((ev.target as HTMLElement).closest("a,button")) return;
                  router.push(href);
                }}
              >
                <TableCell className="max-w-0">
                  <Link href={href} className="block truncate font-medium text-foreground rounded-sm hover:underline focus-visible:underline">
                    {eventTypeLabel(e.type)}
                  </Link>
                  <span className="block truncate font-mono text-xs text-muted-foreground">{e.type}</span>
                </TableCell>
                <TableCell>
                  {e.runCount === 0 ? (
                    <span className="text-sm text-muted-foreground">None</span>
                  ) : (
                    <div className="flex flex-wrap items-center gap-1.5" data-testid="event-runs">
                      {e.runs.slice(0, 3).map((r) => (
                        <Link
                          key={r.runId}
                          href={`/runs/${r.runId}`}
                          className="inline-flex max-w-48 items-center gap-1 rounded-md border border-border px-1.5 py-0.5 text-xs hover:bg-accent"
                          data-testid="event-run-link"
                        >
                          <StatusIcon kind="run" status={r.status} className="size-3.5" />
                          <span className="truncate">{r.automationName}</span>
                        </Link>
                      ))}
                      {e.runCount > 3 ? <Badge variant="neutral">+{e.runCount - 3} more</Badge> : null}
                    </div>
                  )}
                </TableCell>
                <TableCell className="text-sm text-muted-foreground">{SOURCE_LABEL[e.source] ?? e.source}</TableCell>
                <TableCell className="text-right text-sm text-muted-foreground">
                  <RelativeTime value={e.createdAt} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function EventsTableSkeleton() {
  return (
    <TableContainer>
      <Table className="min-w-[720px]">
        <Head />
        <TableBody>
          {Array.from({ length: 6 }, (_, i) => (
            <TableRow key={i}>
              <TableCell>
                <Skeleton className="h-4 w-40" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-4 w-32" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-4 w-20" />
              </TableCell>
              <TableCell className="text-right">
                <Skeleton className="ml-auto h-4 w-16" />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
