"use client";

import * as React from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { AlertTriangle, ArrowDown, Inbox } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/components/shell/errors";
import { OutboxEmailSheet } from "./outbox-email-sheet";
import { OutboxStatusBadge } from "./outbox-status-badge";

export type OutboxItem = RouterOutputs["outbox"]["list"]["items"][number];

export function OutboxSettings() {
  const trpc = useTRPC();
  const [openId, setOpenId] = React.useState<string | null>(null);
  const outbox = useInfiniteQuery(trpc.outbox.list.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (p) => p.nextCursor ?? undefined }));
  const items = outbox.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-base font-semibold">Outbox</h2>
        <p className="mt-1 text-sm text-muted-foreground">
          Emails sent by Send email steps, approval requests and failure alerts. Without an SMTP server configured (SMTP_URL), they are stored here instead of delivered.
        </p>
      </div>
      {outbox.isPending ? (
        <TableContainer>
          <div className="space-y-3 p-4">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-8" />
            ))}
          </div>
        </TableContainer>
      ) : outbox.isError ? (
        <Card>
          <EmptyState icon={AlertTriangle} title="The outbox could not be loaded" description={errorMessage(outbox.error)} action={<Button variant="secondary" onClick={() => void outbox.refetch()}>Try again</Button>} />
        </Card>
      ) : items.length === 0 ? (
        <Card className="border-dashed" data-testid="outbox-empty">
          <EmptyState icon={Inbox} title="No emails yet" description="When a run executes a Send email step, the message appears here with its recipients, subject and body." />
        </Card>
      ) : (
        <>
          <TableContainer>
            <Table data-testid="outbox-table">
              <TableHeader>
                <TableRow>
                  <TableHead>Status</TableHead>
                  <TableHead>To</TableHead>
                  <TableHead className="w-[45%]">Subject</TableHead>
                  <TableHead>Created</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((m) => (
                  <TableRow key={m.id} data-testid="outbox-row" className="cursor-pointer" onClick={() => setOpenId(m.id)}>
                    <TableCell>
                      <OutboxStatusBadge status={m.status} />
                    </TableCell>
                    <TableCell className="max-w-48 truncate">{m.to}</TableCell>
                    <TableCell className="max-w-0">
                      <button type="button" className="block w-full truncate text-left font-medium rounded-sm hover:underline focus-visible:underline" onClick={() => setOpenId(m.id)}>
                        {m.subject || <span className="text-muted-foreground italic">(no subject)</span>}
                      </button>
                      {m.error ? <p className="truncate text-xs text-destructive">{m.error}</p> : null}
                    </TableCell>
                    <TableCell>
                      <RelativeTime value={m.createdAt} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          {outbox.hasNextPage ? (
            <div className="flex justify-end">
              <Button variant="secondary" size="sm" onClick={() => void outbox.fetchNextPage()} loading={outbox.isFetchingNextPage}>
                {outbox.isFetchingNextPage ? null : <ArrowDown />}
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}
      <OutboxEmailSheet id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
