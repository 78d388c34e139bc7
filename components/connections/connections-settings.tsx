"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, KeyRound, MoreHorizontal, Plus } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/components/shell/errors";
import { useViewer } from "@/components/shell/shell-context";
import { ConnectionFormDialog, type ConnectionItem } from "./connection-form-dialog";
import { ConnectionTypeIcon } from "./connection-type-icon";
import { DeleteConnectionDialog } from "./delete-connection-dialog";
import { SecretStatus } from "./secret-field";

/** Settings → Connections: stored credentials of the workspace. Specialists see names and types only. */
export function ConnectionsSettings() {
  const trpc = useTRPC();
  const { canEdit } = useViewer();
  const list = useQuery(trpc.connections.list.queryOptions({}));
  const [editing, setEditing] = React.useState<ConnectionItem | null>(null);
  const [creating, setCreating] = React.useState(false);
  const [deleting, setDeleting] = React.useState<ConnectionItem | null>(null);
  const items = list.data ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold">Connections</h2>
          <p className="mt-1 max-w-2xl text-sm text-muted-foreground">
            Credentials that steps use: API tokens, Slack webhooks, mail servers. Secrets are encrypted with ENCRYPTION_KEY and never shown again after saving.
          </p>
        </div>
        {canEdit ? (
          <Button onClick={() => setCreating(true)} data-testid="new-connection">
            <Plus /> New connection
          </Button>
        ) : null}
      </div>
      {list.isPending ? (
        <TableContainer>
          <div className="space-y-3 p-4">
            {Array.from({ length: 3 }, (_, i) => (
              <Skeleton key={i} className="h-8" />
            ))}
          </div>
        </TableContainer>
      ) : list.isError ? (
        <Card>
          <EmptyState icon={AlertTriangle} title="Connections could not be loaded" description={errorMessage(list.error)} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
        </Card>
      ) : items.length === 0 ? (
        <Card className="border-dashed" data-testid="connections-empty">
          <EmptyState
            icon={KeyRound}
            title="No connections yet"
            description="Store an API token, a Slack webhook or an SMTP server once, then pick it in any step instead of pasting secrets into steps."
            action={canEdit ? <Button onClick={() => setCreating(true)}><Plus /> New connection</Button> : undefined}
          />
        </Card>
      ) : (
        <TableContainer>
          <Table data-testid="connections-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Type</TableHead>
                {canEdit ? (
                  <>
                    <TableHead>Secret</TableHead>
                    <TableHead className="text-right">Used by</TableHead>
                    <TableHead>Updated</TableHead>
                    <TableHead className="w-10">
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  </>
                ) : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((c) => (
                <TableRow key={c.id} data-testid="connection-row" className={canEdit ? "cursor-pointer" : undefined} onClick={canEdit ? () => setEditing(c) : undefined}>
                  <TableCell className="max-w-64">
                    {canEdit ? (
                      <button type="button" className="block max-w-full truncate text-left font-medium rounded-sm hover:underline focus-visible:underline" onClick={(e) => { e.stopPropagation(); setEditing(c); }}>
                        {c.name}
                      </button>
                    ) : (
                      <span className="block truncate font-medium">{c.name}</span>
                    )}
                    {c.detail?.description ? <p className="truncate text-xs text-muted-foreground">{c.detail.description}</p> : null}
                  </TableCell>
                  <TableCell>
                    <span className="flex items-center gap-2">
                      <ConnectionTypeIcon type={c.type} />
                      <span className="text-sm">{c.typeLabel}</span>
                    </span>
                  </TableCell>
                  {canEdit && c.detail ? (
                    <>
                      <TableCell className="max-w-72">{c.detail.secrets[0] ? <SecretStatus info={c.detail.secrets[0]} /> : <span className="text-sm text-muted-foreground">—</span>}</TableCell>
                      <TableCell className="text-right tabular text-sm">
                        {c.detail.usageCount === 0 ? <span className="text-muted-foreground">Unused</span> : `${c.detail.usageCount} automation${c.detail.usageCount === 1 ? "" : "s"}`}
                      </TableCell>
                      <TableCell>
                        <RelativeTime value={c.detail.updatedAt} />
                      </TableCell>
                      <TableCell onClick={(e) => e.stopPropagation()}>
                        <DropdownMenu>
                          <DropdownMenuTrigger asChild>
                            <Button size="icon" variant="ghost" aria-label={`Actions for ${c.name}`} data-testid="connection-actions">
                              <MoreHorizontal />
                            </Button>
                          </DropdownMenuTrigger>
                          <DropdownMenuContent align="end">
                            <DropdownMenuItem onSelect={() => setEditing(c)}>Edit</DropdownMenuItem>
                            <DropdownMenuSeparator />
                            <DropdownMenuItem variant="destructive" onSelect={() => setDeleting(c)} data-testid="delete-connection">
                              Delete…
                            </DropdownMenuItem>
                          </DropdownMenuContent>
                        </DropdownMenu>
                      </TableCell>
                    </>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <ConnectionFormDialog open={creating} onOpenChange={setCreating} />
      <ConnectionFormDialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)} connection={editing ?? undefined} />
      <DeleteConnectionDialog connection={deleting} onOpenChange={(o) => !o && setDeleting(null)} />
    </div>
  );
}
