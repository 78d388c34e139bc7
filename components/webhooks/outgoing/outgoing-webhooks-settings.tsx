"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, MoreHorizontal, Plus, Radio, Send } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { useViewer } from "@/components/shell/shell-context";
import { DeleteOutgoingDialog, RotateOutgoingSecretDialog } from "./outgoing-action-dialogs";
import { OutgoingFormDialog } from "./outgoing-form-dialog";
import { OutgoingLogSheet } from "./outgoing-log-sheet";
import { statusLabel, type OutgoingItem } from "./outgoing-model";

/**
 * Settings → Webhooks → Outgoing endpoints: named URLs that automations post
 * signed events to (Outgoing webhook step). Admins manage them and send test
 * events; specialists see them and their logs read-only. Secrets are shown once.
 */
export function OutgoingWebhooksSettings() {
  const trpc = useTRPC();
  const { canEdit } = useViewer();
  const list = useQuery(trpc.outgoingWebhooks.list.queryOptions({}));
  const [creating, setCreating] = React.useState(false);
  const [editing, setEditing] = React.useState<OutgoingItem | null>(null);
  const [rotating, setRotating] = React.useState<OutgoingItem | null>(null);
  const [deleting, setDeleting] = React.useState<OutgoingItem | null>(null);
  const [logOf, setLogOf] = React.useState<OutgoingItem | null>(null);
  const items = list.data ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold">Outgoing endpoints</h2>
          <p className="mt-1 max-w-2xl text-sm text-muted-foreground">
            Named URLs your automations post signed events to with the Outgoing webhook step. Secret header values come from connections and never leave the server.
          </p>
        </div>
        {canEdit ? (
          <Button onClick={() => setCreating(true)} data-testid="new-outgoing">
            <Plus /> New endpoint
          </Button>
        ) : null}
      </div>
      {list.isPending ? (
        <TableContainer>
          <div className="space-y-3 p-4" aria-busy="true" aria-label="Loading endpoints">
            {Array.from({ length: 3 }, (_, i) => (
              <Skeleton key={i} className="h-8" />
            ))}
          </div>
        </TableContainer>
      ) : list.isError ? (
        <Card>
          <EmptyState icon={AlertTriangle} title="Endpoints could not be loaded" description={errorMessage(list.error)} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
        </Card>
      ) : items.length === 0 ? (
        <Card className="border-dashed" data-testid="outgoing-empty">
          <EmptyState
            icon={Radio}
            title="No outgoing endpoints yet"
            description={canEdit ? "Add the URL of a system that should hear from your automations; steps then post signed events to it by name." : "An admin can add endpoints that automations post signed events to."}
            action={canEdit ? <Button onClick={() => setCreating(true)}><Plus /> New endpoint</Button> : undefined}
          />
        </Card>
      ) : (
        <TableContainer>
          <Table data-testid="outgoing-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>URL</TableHead>
                <TableHead>Headers</TableHead>
                <TableHead>Last delivery</TableHead>
                <TableHead className="w-10">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((w) => (
                <TableRow key={w.id} data-testid="outgoing-row" data-outgoing-id={w.id}>
                  <TableCell className="max-w-56">
                    <button type="button" className="block max-w-full truncate rounded-sm text-left font-medium hover:underline focus-visible:underline" aria-label={`Delivery log of ${w.name}`} onClick={() => setLogOf(w)} data-testid="outgoing-link">
                      {w.name}
                    </button>
                    {w.active ? null : (
                      <Badge variant="outline" className="mt-1">
                        Inactive
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell className="max-w-72">
                    <span className="block truncate font-mono text-sm" title={w.url}>
                      {w.url}
                    </span>
                  </TableCell>
                  <TableCell className="tabular-nums text-sm">{w.headers.length}</TableCell>
                  <TableCell data-testid="outgoing-last">
                    {w.lastAttempt ? (
                      <span className="grid justify-items-start gap-0.5">
                        <Badge variant={w.lastAttempt.ok ? "success" : "destructive"}>{statusLabel(w.lastAttempt)}</Badge>
                        <span className="text-xs text-muted-foreground">
                          <RelativeTime value={w.lastAttempt.at} />
                        </span>
                      </span>
                    ) : (
                      <span className="text-sm text-muted-foreground">Never</span>
                    )}
                  </TableCell>
                  <TableCell>
                    <RowActions webhook={w} canEdit={canEdit} onLog={() => setLogOf(w)} onEdit={() => setEditing(w)} onRotate={() => setRotating(w)} onDelete={() => setDeleting(w)} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <OutgoingLogSheet webhook={logOf} onOpenChange={(o) => !o && setLogOf(null)} />
      {canEdit ? (
        <>
          <OutgoingFormDialog open={creating} onOpenChange={setCreating} />
          <OutgoingFormDialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)} webhook={editing ?? undefined} />
          <RotateOutgoingSecretDialog webhook={rotating} onOpenChange={(o) => !o && setRotating(null)} />
          <DeleteOutgoingDialog webhook={deleting} onOpenChange={(o) => !o && setDeleting(null)} />
        </>
      ) : null}
    </div>
  );
}

function RowActions(p: { webhook: OutgoingItem; canEdit: boolean; onLog: () => void; onEdit: () => void; onRotate: () => void; onDelete: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const test = useMutation(
    trpc.outgoingWebhooks.sendTest.mutationOptions({
      onSuccess: async (r) => {
        if (r.ok) toast.success(`Test event delivered: HTTP ${r.statusCode} in ${r.durationMs} ms`);
        else toast.error(`Test event failed: ${r.error ?? `HTTP ${r.statusCode}`}`);
        await queryClient.invalidateQueries({ queryKey: trpc.outgoingWebhooks.pathKey() });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <div className="flex items-center justify-end gap-1">
      {p.canEdit ? (
        <Button size="sm" variant="secondary" loading={test.isPending} onClick={() => test.mutate({ id: p.webhook.id })} data-testid="send-test-event" aria-label={`Send test event to ${p.webhook.name}`}>
          <Send /> Send test event
        </Button>
      ) : null}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button size="icon" variant="ghost" aria-label={`Actions for ${p.webhook.name}`} data-testid="outgoing-actions">
            <MoreHorizontal />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={p.onLog} data-testid="outgoing-log-item">
            Delivery log
          </DropdownMenuItem>
          {p.canEdit ? (
            <>
              <DropdownMenuItem onSelect={p.onEdit} data-testid="edit-outgoing">
                Edit
              </DropdownMenuItem>
              <DropdownMenuItem onSelect={p.onRotate} data-testid="rotate-outgoing-secret">
                Rotate secret…
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem variant="destructive" onSelect={p.onDelete} data-testid="delete-outgoing">
                Delete…
              </DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
