"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { AlertTriangle, CalendarClock, History, MoreHorizontal, Pencil, Play, Plus, Trash2 } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { formatInZone } from "@/lib/schedules/cron";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { RelativeTime } from "@/components/ui/relative-time";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from "@/components/ui/alert-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { errorMessage } from "@/components/shell/errors";
import { useShell } from "@/components/shell/shell-context";
import { FireStatusBadge, ScheduleStateBadge, remainingText } from "./schedule-badges";
import { ScheduleHistorySheet } from "./schedule-history-sheet";
import { EMPTY_DRAFT, EventScheduleDialog, type EventScheduleDraft } from "./event-schedule-dialog";

/** Every schedule of the workspace: automation schedule triggers and standalone event schedules. */
export function SchedulesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = useShell();
  const list = useQuery({ ...trpc.schedules.list.queryOptions({}), refetchInterval: 15_000 });
  const [historyId, setHistoryId] = useState<string | null>(null);
  const [draft, setDraft] = useState<EventScheduleDraft | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.schedules.list.queryKey() });

  const setEnabled = useMutation(
    trpc.schedules.setEnabled.mutationOptions({
      onSuccess: (s) => {
        toast.success(`${s.name}: ${s.enabled ? "enabled" : "disabled"}`);
        return invalidate();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const fireNow = useMutation(
    trpc.schedules.fireNow.mutationOptions({
      onSuccess: (f) => {
        toast.success(`Fired: ${f.runsStarted} run${f.runsStarted === 1 ? "" : "s"} started${f.runsFailed ? `, ${f.runsFailed} failed` : ""}`);
        return Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: trpc.schedules.get.queryKey() })]);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const remove = useMutation(
    trpc.schedules.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Schedule deleted");
        return invalidate();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  const openEdit = async (id: string) => {
    try {
      const s = await queryClient.fetchQuery(trpc.schedules.get.queryOptions({ id }));
      setDraft({
        id: s.id,
        name: s.name,
        automationId: s.targetAutomationId ?? "",
        cron: s.cron,
        timezone: s.timezone,
        payload: JSON.stringify(s.payload ?? {}, null, 2),
        audience: s.audience ? JSON.stringify(s.audience, null, 2) : "",
        endAt: s.endAt ?? "",
        maxRuns: s.maxRuns ? String(s.maxRuns) : "",
        missedPolicy: s.missedPolicy === "skip" ? "skip" : "once",
        enabled: s.enabled,
      });
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };

  const rows = list.data ?? [];
  return (
    <>
      <PageHeader
        title="Schedules"
        description="Automations that start on a timetable and event schedules that fan out to an audience: cron with a time zone, next fire times, history."
        actions={
          canEdit ? (
            <Button onClick={() => setDraft({ ...EMPTY_DRAFT })} data-testid="new-event-schedule">
              <Plus /> New event schedule
            </Button>
          ) : null
        }
      />
      <PageBody>
        {list.isPending ? (
          <div className="grid gap-2" data-testid="schedules-loading">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-12 w-full" />
            ))}
          </div>
        ) : list.isError ? (
          <Card className="p-4">
            <p role="alert" className="flex gap-2 text-sm text-destructive">
              <AlertTriangle className="mt-0.5 size-4" /> {errorMessage(list.error)}
            </p>
          </Card>
        ) : rows.length === 0 ? (
          <Card className="border-dashed" data-testid="schedules-empty">
            <EmptyState
              icon={CalendarClock}
              title="No schedules yet"
              description="Give an automation a Schedule trigger on its canvas and publish it, or create an event schedule that starts one run per audience item. Next fire times, remaining occurrences and history show up here."
              action={
                canEdit ? (
                  <Button variant="outline" onClick={() => setDraft({ ...EMPTY_DRAFT })}>
                    <Plus /> New event schedule
                  </Button>
                ) : undefined
              }
            />
          </Card>
        ) : (
          <TableContainer>
            <Table data-testid="schedules-table">
              <TableHeader>
                <TableRow>
                  <TableHead>Schedule</TableHead>
                  <TableHead>Timetable</TableHead>
                  <TableHead>Next fire</TableHead>
                  <TableHead>Last</TableHead>
                  <TableHead className="text-right">Remaining</TableHead>
                  <TableHead>Enabled</TableHead>
                  <TableHead className="w-10">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((s) => (
                  <TableRow key={s.id} data-testid="schedule-row" data-schedule-id={s.id}>
                    <TableCell>
                      <div className="flex flex-col gap-1">
                        <span className="font-medium">{s.name}</span>
                        <span className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
                          <Badge variant="outline">{s.kind === "automation" ? "Trigger" : "Event schedule"}</Badge>
                          {s.automation ? (
                            <Link href={`/automations/${s.automation.id}/edit`} className="hover:text-foreground hover:underline">
                              {s.kind === "automation" ? "Open automation" : `→ ${s.automation.name}`}
                            </Link>
                          ) : null}
                          {s.audienceSize !== null ? <span>· {s.audienceSize} in audience</span> : null}
                        </span>
                      </div>
                    </TableCell>
                    <TableCell>
                      <div className="text-sm">{s.description ?? s.cron}</div>
                      <div className="text-xs text-muted-foreground">
                        <code className="font-mono">{s.cron}</code> · {s.timezone}
                      </div>
                    </TableCell>
                    <TableCell className="text-sm">
                      {s.nextFireAt ? (
                        <div className="flex flex-col" data-testid="schedule-next-fire">
                          <span className="tabular-nums">{formatInZone(new Date(s.nextFireAt), s.timezone)}</span>
                          <RelativeTime value={s.nextFireAt} className="text-xs text-muted-foreground" />
                        </div>
                      ) : (
                        <ScheduleStateBadge state={s.state} reason={s.stateReason} />
                      )}
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-col items-start gap-0.5">
                        <FireStatusBadge status={s.lastStatus} />
                        {s.lastFiredAt ? <RelativeTime value={s.lastFiredAt} className="text-xs text-muted-foreground" /> : null}
                      </div>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{remainingText(s.remaining)}</TableCell>
                    <TableCell>
                      <Switch
                        checked={s.enabled}
                        disabled={!canEdit || setEnabled.isPending}
                        onCheckedChange={(enabled) => setEnabled.mutate({ id: s.id, enabled })}
                        aria-label={`${s.enabled ? "Disable" : "Enable"} ${s.name}`}
                        title={canEdit ? undefined : "Only admins can change schedules"}
                        data-testid="schedule-enabled"
                      />
                    </TableCell>
                    <TableCell>
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button variant="ghost" size="icon" aria-label={`Actions for ${s.name}`} data-testid="schedule-actions">
                            <MoreHorizontal />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end">
                          <DropdownMenuItem onSelect={() => setHistoryId(s.id)}>
                            <History /> History and next times
                          </DropdownMenuItem>
                          {canEdit ? (
                            <DropdownMenuItem onSelect={() => fireNow.mutate({ id: s.id })} data-testid="schedule-fire-now">
                              <Play /> Fire now
                            </DropdownMenuItem>
                          ) : null}
                          {canEdit && s.kind === "standalone" ? (
                            <>
                              <DropdownMenuItem onSelect={() => void openEdit(s.id)}>
                                <Pencil /> Edit
                              </DropdownMenuItem>
                              <DropdownMenuItem variant="destructive" onSelect={() => setDeleting({ id: s.id, name: s.name })}>
                                <Trash2 /> Delete
                              </DropdownMenuItem>
                            </>
                          ) : null}
                        </DropdownMenuContent>
                      </DropdownMenu>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </PageBody>
      <ScheduleHistorySheet scheduleId={historyId} onOpenChange={(open) => !open && setHistoryId(null)} />
      <EventScheduleDialog draft={draft} onOpenChange={(open) => !open && setDraft(null)} />
      <AlertDialog open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete “{deleting?.name}”?</AlertDialogTitle>
            <AlertDialogDescription>The schedule and its fire history are deleted. Runs it already started stay.</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction variant="destructive" onClick={() => deleting && remove.mutate({ id: deleting.id })}>
              Delete schedule
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
