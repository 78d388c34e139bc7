"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { FlaskConical } from "lucide-react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { Badge } from "@/components/ui/badge";
import { RelativeTime, formatDuration } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tooltip } from "@/components/ui/tooltip";
import { TriggerLabel } from "@/components/automations/node-type-display";
import { LiveDuration } from "./live-duration";

export type RunListItem = RouterOutputs["runs"]["list"]["items"][number];

function Head({ showAutomation }: { showAutomation: boolean }) {
  return (
    <TableHeader>
      <TableRow>
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

export function RunsTable({ runs, showAutomation = true }: { runs: RunListItem[]; showAutomation?: boolean }) {
  const router = useRouter();
  return (
    <TableContainer>
      <Table data-testid="runs-table" className="min-w-[860px]">
        <Head showAutomation={showAutomation} />
        <TableBody>
          {runs.map((r) => {
            const href = `/runs/${r.id}`;
            return (
              <TableRow
                key={r.id}
                data-testid="run-row"
                data-run-id={r.id}
                className="cursor-pointer"
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest("a,button")) return;
                  if (e.metaKey || e.ctrlKey) window.open(href, "_blank");
                  else router.push(href);
                }}
              >
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
                    <Link href={href} className="outline-none focus-visible:underline">
                      <StatusBadge kind="run" status={r.status} />
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
                  <span className="text-foreground">{r.stepCount}</span>
                  {r.failedStepCount > 0 ? (
                    <span className="ml-1.5 font-medium text-destructive" data-testid="failed-steps">
                      {r.failedStepCount} failed
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
    <TableContainer aria-busy="true" aria-label="Loading runs">
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
