"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { FlaskConical } from "lucide-react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { RelativeTime, formatDuration } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tooltip } from "@/components/ui/tooltip";
import { TriggerLabel } from "@/components/automations/node-type-display";
import { LiveDuration } from "./live-duration";

export type RunListItem = RouterOutputs["runs"]["list"]["items"][number];

/** Row selection of the runs table (admins: bulk re-run). */
export interface RunSelection {
  selected: ReadonlySet<string>;
  onToggle: (runId: string, on: boolean) => void;
  /** select or clear every run on the loaded pages */
  onToggleAll: (on: boolean) => void;
}

function Head({ showAutomation, selection, runs }: { showAutomation: boolean; selection?: RunSelection; runs?: RunListItem[] }) {
  const all = runs && runs.length > 0 && selection ? runs.every((r) => selection.selected.has(r.id)) : false;
  const some = runs && selection ? runs.some((r) => selection.selected.has(r.id)) : false;
  return (
    <TableHeader>
      <TableRow>
        {selection ? (
          <TableHead className="w-10 pr-0">
            <Checkbox
              checked={all ? true : some ? "indeterminate" : false}
              onCheckedChange={(on) => selection.onToggleAll(on === true)}
              aria-label="Select all runs shown"
              data-testid="select-all-runs"
            />
          </TableHead>
        ) : null}
        {showAutomation ? <TableHead className="w-[30%]">Automation</TableHead> : null}
        <TableHead>Status</TableHead>
        <TableHead>Trigger</TableHead>
        <TableHead>Version</TableHead>
        <TableHead className="text-right">Steps</TableHead>
        <TableHead>Started</TableHead>
        <TableHead className="text-right">Duration</TableHead>
      </TableRow>
    </TableHeader>
  );
}

export function RunsTable({ runs, showAutomation = true, selection }: { runs: RunListItem[]; showAutomation?: boolean; selection?: RunSelection }) {
  const router = useRouter();
  return (
    <TableContainer>
      <Table data-testid="runs-table" className="min-w-[900px]">
        <Head showAutomation={showAutomation} selection={selection} runs={runs} />
        <TableBody>
          {runs.map((r) => {
            const href = `/runs/${r.id}`;
            return (
              <TableRow
                key={r.id}
                data-testid="run-row"
                data-run-id={r.id}
                aria-selected={selection ? selection.selected.has(r.id) : undefined}
                className="cursor-pointer"
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest("a,button,[role=checkbox]")) return;
                  if (e.metaKey || e.ctrlKey) window.open(href, "_blank");
                  else router.push(href);
                }}
              >
                {selection ? (
                  <TableCell className="w-10 pr-0">
                    <Checkbox
                      checked={selection.selected.has(r.id)}
                      onCheckedChange={(on) => selection.onToggle(r.id, on === true)}
                      aria-label={`Select run ${r.id} of ${r.automationName}`}
                      data-testid="select-run"
                    />
                  </TableCell>
                ) : null}
                {showAutomation ? (
                  <TableCell className="max-w-0">
                    <Link href={href} className="block truncate font-medium text-foreground hover:underline focus-visible:underline outline-none">
                      {r.automationName}
                    </Link>
                    <p className="truncate font-mono text-2xs text-muted-foreground">{r.id}</p>
                  </TableCell>
                ) : null}
                <TableCell>
                  {showAutomation ? (
                    <StatusBadge kind="run" status={r.status} />
                  ) : (
                    <Link href={href} className="block outline-none focus-visible:underline">
                      <StatusBadge kind="run" status={r.status} />
                      <span className="mt-0.5 block font-mono text-2xs text-muted-foreground">{r.id}</span>
                    </Link>
                  )}
                </TableCell>
                <TableCell>
                  <TriggerLabel type={r.triggerType} />
                </TableCell>
                <TableCell>
                  {r.isTest ? (
                    <Tooltip content="Test run of a draft snapshot">
                      <Badge variant="info" data-testid="test-badge">
                        <FlaskConical />
                        Test
                      </Badge>
                    </Tooltip>
                  ) : r.versionNumber ? (
                    <Badge variant="outline" className="font-mono tabular">
                      v{r.versionNumber}
                    </Badge>
                  ) : (
                    <span className="text-muted-foreground">—</span>
                  )}
                </TableCell>
                <TableCell className="text-right tabular whitespace-nowrap">
                  <span className="text-foreground" title="Steps executed">
                    {r.stepCount}
                    <span className="sr-only"> executed</span>
                  </span>
                  {r.failedStepCount > 0 ? (
                    <span className="ml-1.5 font-medium text-destructive" data-testid="failed-steps">
                      {r.failedStepCount} failed
                    </span>
                  ) : null}
                  {r.skippedStepCount > 0 ? (
                    <span className="ml-1.5 text-muted-foreground" data-testid="skipped-steps">
                      {r.skippedStepCount} skipped
                    </span>
                  ) : null}
                </TableCell>
                <TableCell>
                  <RelativeTime value={r.startedAt ?? r.createdAt} className="text-sm" />
                </TableCell>
                <TableCell className="text-right tabular text-muted-foreground">
                  {r.durationMs !== null ? formatDuration(r.durationMs) : r.startedAt ? <LiveDuration from={r.startedAt} /> : "—"}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function RunsTableSkeleton({ rows = 8, showAutomation = true }: { rows?: number; showAutomation?: boolean }) {
  return (
    <TableContainer aria-busy="true" aria-label="Loading runs" role="region">
      <Table>
        <Head showAutomation={showAutomation} />
        <TableBody>
          {Array.from({ length: rows }, (_, i) => (
            <TableRow key={i} className="hover:bg-transparent">
              {showAutomation ? (
                <TableCell>
                  <Skeleton className="h-3.5 w-40" />
                  <Skeleton className="mt-1.5 h-2.5 w-28" />
                </TableCell>
              ) : null}
              <TableCell>
                <Skeleton className="h-5 w-20" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-3.5 w-16" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-5 w-8" />
              </TableCell>
              <TableCell>
                <Skeleton className="ml-auto h-3.5 w-6" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-3.5 w-20" />
              </TableCell>
              <TableCell>
                <Skeleton className="ml-auto h-3.5 w-10" />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
