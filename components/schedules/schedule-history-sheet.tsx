"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, History } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { describeCron, formatInZone } from "@/lib/schedules/cron";
import { Sheet, SheetBody, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/components/shell/errors";
import { FireStatusBadge, ScheduleStateBadge, remainingText } from "./schedule-badges";
import { NextFireList } from "./next-fire-list";

const KIND_LABEL: Record<string, string> = { tick: "Scheduled", recovery: "Recovery", manual: "Fire now" };

/** Drawer with a schedule's next fire times and its fire history (newest first). */
export function ScheduleHistorySheet({ scheduleId, onOpenChange }: { scheduleId: string | null; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.schedules.get.queryOptions({ id: scheduleId ?? "" }), enabled: scheduleId !== null, refetchInterval: 10_000 });
  const d = detail.data;
  return (
    <Sheet open={scheduleId !== null} onOpenChange={onOpenChange}>
      <SheetContent className="sm:max-w-2xl" data-testid="schedule-history">
        <SheetHeader>
          <SheetTitle>{d?.name ?? "Schedule"}</SheetTitle>
          <SheetDescription>{d ? `${describeCron(d.cron) ?? d.cron} · ${d.timezone}` : "Loading…"}</SheetDescription>
        </SheetHeader>
        <SheetBody className="grid content-start gap-6">
          {detail.isPending ? (
            <div className="grid gap-2">
              <Skeleton className="h-5 w-1/2" />
              <Skeleton className="h-24 w-full" />
            </div>
          ) : detail.isError ? (
            <p role="alert" className="flex gap-1.5 text-sm text-destructive">
              <AlertTriangle className="mt-0.5 size-4" /> {errorMessage(detail.error)}
            </p>
          ) : d ? (
            <>
              <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
                <div>
                  <dt className="text-xs text-muted-foreground">State</dt>
                  <dd>
                    <ScheduleStateBadge state={d.state} reason={d.stateReason} />
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-muted-foreground">{d.maxRuns ? "Occurrences used" : "Fired"}</dt>
                  <dd className="tabular-nums">
                    {d.fireCount}
                    {d.maxRuns ? ` of ${d.maxRuns}` : ""}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-muted-foreground">Remaining</dt>
                  <dd className="tabular-nums">{remainingText(d.remaining)}</dd>
                </div>
                <div>
                  <dt className="text-xs text-muted-foreground">Ends</dt>
                  <dd>{d.endAt ? formatInZone(new Date(d.endAt), d.timezone) : "Never"}</dd>
                </div>
              </dl>
              {d.stateReason ? <p className="text-sm text-muted-foreground">{d.stateReason}</p> : null}
              {d.maxRuns ? (
                <p className="text-xs text-muted-foreground" data-testid="max-runs-note">
                  Only scheduled fires that start at least one run use an occurrence; fires skipped while the automation is paused and Fire now do not.
                </p>
              ) : null}
              <section>
                <h3 className="mb-2 text-sm font-medium">Next fire times</h3>
                <NextFireList times={d.upcoming.map((x) => new Date(x))} timezone={d.timezone} testId="history-next-fires" />
              </section>
              <section>
                <h3 className="mb-2 text-sm font-medium">History</h3>
                {d.history.length === 0 ? (
                  <EmptyState size="compact" icon={History} title="No fires yet" description="Each scheduled fire, recovery after downtime and fire-now shows up here." />
                ) : (
                  <TableContainer>
                    <Table>
                      <TableHeader>
                        <TableRow>
                          <TableHead>Fired at</TableHead>
                          <TableHead>Kind</TableHead>
                          <TableHead className="text-right">Audience</TableHead>
                          <TableHead className="text-right">Started</TableHead>
                          <TableHead className="text-right">Failed</TableHead>
                          <TableHead>Status</TableHead>
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {d.history.map((f) => (
                          <TableRow key={f.id} data-testid="fire-row">
                            <TableCell className="text-xs tabular-nums">
                              {formatInZone(new Date(f.firedAt), d.timezone)}
                              {f.kind !== "manual" && f.scheduledFor !== f.firedAt ? (
                                <span className="block text-muted-foreground">for {formatInZone(new Date(f.scheduledFor), d.timezone)}</span>
                              ) : null}
                            </TableCell>
                            <TableCell className="text-xs">{KIND_LABEL[f.kind] ?? f.kind}</TableCell>
                            <TableCell className="text-right tabular-nums">{f.audienceSize}</TableCell>
                            <TableCell className="text-right tabular-nums">{f.runsStarted}</TableCell>
                            <TableCell className="text-right tabular-nums">{f.runsFailed}</TableCell>
                            <TableCell>
                              <FireStatusBadge status={f.status} />
                              {d.maxRuns && f.kind !== "manual" && f.runsStarted === 0 ? (
                                <span className="mt-0.5 block text-xs text-muted-foreground">Not counted toward max runs</span>
                              ) : null}
                              {f.error ? <span className="mt-0.5 block max-w-56 text-xs text-muted-foreground">{f.error}</span> : null}
                            </TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </TableContainer>
                )}
              </section>
            </>
          ) : null}
        </SheetBody>
      </SheetContent>
    </Sheet>
  );
}
