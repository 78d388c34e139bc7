"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { RouterOutputs } from "@/lib/trpc/types";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { StatusBadge } from "@/components/ui/status-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Badge } from "@/components/ui/badge";
import { TriggerLabel } from "./node-type-display";
import { AutomationRowActions } from "./automation-row-actions";

export type AutomationListItem = RouterOutputs["automations"]["list"][number];

interface Props {
  automations: AutomationListItem[];
  canEdit: boolean;
  onRename: (a: AutomationListItem) => void;
  onArchive: (a: AutomationListItem) => void;
}

function Head() {
  return (
    <TableHeader>
      <TableRow>
        <TableHead className="w-[40%]">Name</TableHead>
        <TableHead>Status</TableHead>
        <TableHead>Trigger</TableHead>
        <TableHead className="text-right">Steps</TableHead>
        <TableHead>Version</TableHead>
        <TableHead>Updated</TableHead>
        <TableHead className="w-10">
          <span className="sr-only">Actions</span>
        </TableHead>
      </TableRow>
    </TableHeader>
  );
}

export function AutomationsTable({ automations, canEdit, onRename, onArchive }: Props) {
  const router = useRouter();
  return (
    <TableContainer>
      <Table data-testid="automations-table" className="min-w-[760px]">
        <Head />
        <TableBody>
          {automations.map((a) => {
            const href = `/automations/${a.id}/edit`;
            return (
              <TableRow
                key={a.id}
                data-testid="automation-row"
                data-automation-id={a.id}
                className="group cursor-pointer"
                onClick={(e) => {
                  if (e.defaultPrevented || (e.target as HTMLElement).closest("a,button,[role=menuitem]")) return;
                  if (e.metaKey || e.ctrlKey) window.open(href, "_blank");
                  else router.push(href);
                }}
              >
                <TableCell className="max-w-0 py-2.5">
                  <Link
                    href={href}
                    className="block truncate font-medium text-foreground rounded-sm hover:underline focus-visible:underline"
                    data-testid="automation-name"
                  >
                    {a.name}
                  </Link>
                  <p className="truncate text-xs text-muted-foreground">{a.description || "No description"}</p>
                </TableCell>
                <TableCell>
                  <StatusBadge kind="automation" status={a.status} />
                </TableCell>
                <TableCell>
                  <TriggerLabel type={a.triggerType} />
                </TableCell>
                <TableCell className="text-right tabular text-muted-foreground">{a.stepCount}</TableCell>
                <TableCell>
                  {a.publishedVersion ? (
                    <Badge variant="outline" className="font-mono tabular">
                      v{a.publishedVersion}
                    </Badge>
                  ) : (
                    <span className="text-xs text-muted-foreground">Unpublished</span>
                  )}
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  <RelativeTime value={a.updatedAt} className="text-sm text-foreground" />
                  {a.updatedBy ? <p className="truncate text-xs text-muted-foreground">by {a.updatedBy.name}</p> : null}
                </TableCell>
                <TableCell className="text-right">
                  <AutomationRowActions automation={a} canEdit={canEdit} onRename={() => onRename(a)} onArchive={() => onArchive(a)} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function AutomationsTableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <TableContainer aria-busy="true" aria-label="Loading automations">
      <Table>
        <Head />
        <TableBody>
          {Array.from({ length: rows }, (_, i) => (
            <TableRow key={i} className="hover:bg-transparent">
              <TableCell className="py-2.5">
                <Skeleton className="h-3.5 w-48" />
                <Skeleton className="mt-1.5 h-3 w-64" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-5 w-16" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-3.5 w-20" />
              </TableCell>
              <TableCell>
                <Skeleton className="ml-auto h-3.5 w-5" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-5 w-8" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-3.5 w-20" />
                <Skeleton className="mt-1.5 h-3 w-16" />
              </TableCell>
              <TableCell />
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
