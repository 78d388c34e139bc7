"use client";

import type { RouterOutputs } from "@/lib/trpc/types";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type ApprovalListItem = RouterOutputs["approvals"]["list"]["items"][number];

export const STATUS_VARIANT: Record<string, BadgeVariant> = {
  PENDING: "info",
  APPROVED: "success",
  SUBMITTED: "success",
  REJECTED: "destructive",
  EXPIRED: "warning",
  CANCELLED: "neutral",
};

export function statusLabel(status: string): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

/** "2 of 3 approvals", "Form" */
export function progressText(a: Pick<ApprovalListItem, "kind" | "approvals" | "approvalsNeeded" | "approverCount" | "rejections">): string {
  if (a.kind === "form") return `Form for ${a.approverCount} ${a.approverCount === 1 ? "person" : "people"}`;
  const rej = a.rejections ? ` · ${a.rejections} rejected` : "";
  return `${a.approvals} of ${a.approvalsNeeded} approval${a.approvalsNeeded === 1 ? "" : "s"}${rej}`;
}

function Expiry({ at }: { at: Date }) {
  const soon = at.getTime() - Date.now() < 86_400_000;
  return (
    <span className={soon ? "font-medium text-[color-mix(in_oklch,var(--warning)_75%,var(--foreground))] dark:text-warning" : "text-muted-foreground"}>
      <RelativeTime value={at} />
    </span>
  );
}

export function ApprovalsTable({ items, pending, onOpen }: { items: ApprovalListItem[]; pending: boolean; onOpen: (id: string) => void }) {
  return (
    <TableContainer>
      <Table data-testid="approvals-table" className="min-w-[760px]">
        <TableHeader>
          <TableRow>
            <TableHead className="w-[38%]">Request</TableHead>
            <TableHead>{pending ? "Waiting on" : "Outcome"}</TableHead>
            <TableHead>Requested by</TableHead>
            <TableHead>{pending ? "Waiting since" : "Decided"}</TableHead>
            {pending ? <TableHead className="text-right">Expires</TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((a) => (
            <TableRow key={a.id} data-testid="approval-row" data-request-id={a.id} className="cursor-pointer" onClick={() => onOpen(a.id)}>
              <TableCell className="max-w-0">
                <button
                  type="button"
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen(a.id);
                  }}
                  className="block max-w-full truncate text-left font-medium text-foreground rounded-sm hover:underline focus-visible:underline"
                >
                  {a.title}
                </button>
                <span className="flex items-center gap-1.5 truncate text-xs text-muted-foreground">
                  <Badge variant="outline">{a.kind === "form" ? "Form" : "Approval"}</Badge>
                  <span className="truncate">
                    {a.automationName} · {a.nodeName}
                  </span>
                </span>
              </TableCell>
              <TableCell className="text-sm">
                {pending ? (
                  <span className="flex items-center gap-2">
                    <span className="tabular">{progressText(a)}</span>
                    {a.canDecide ? <Badge variant="default">You</Badge> : null}
                  </span>
                ) : (
                  <Badge variant={STATUS_VARIANT[a.status] ?? "neutral"}>{statusLabel(a.status)}</Badge>
                )}
              </TableCell>
              <TableCell className="max-w-40 truncate text-sm text-muted-foreground">{a.requestedBy || "—"}</TableCell>
              <TableCell className="text-sm text-muted-foreground">
                <RelativeTime value={pending ? a.createdAt : (a.resolvedAt ?? a.createdAt)} />
              </TableCell>
              {pending ? (
                <TableCell className="text-right text-sm">
                  <Expiry at={a.expiresAt} />
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function ApprovalsTableSkeleton() {
  return (
    <TableContainer>
      <Table className="min-w-[760px]">
        <TableBody>
          {Array.from({ length: 5 }, (_, i) => (
            <TableRow key={i}>
              <TableCell>
                <Skeleton className="h-4 w-56" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-4 w-28" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-4 w-24" />
              </TableCell>
              <TableCell>
                <Skeleton className="h-4 w-16" />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
