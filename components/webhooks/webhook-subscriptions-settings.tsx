"use client";

import * as React from "react";
import { useSearchParams } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, MoreHorizontal, Plus, Webhook } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { useViewer } from "@/components/shell/shell-context";
import { replaceSearchParams } from "@/components/shell/url-state";
import { DeliveryLogSheet } from "./delivery-log-sheet";
import { DeleteSubscriptionDialog, RotateSecretDialog } from "./subscription-action-dialogs";
import { SubscriptionEvents, SubscriptionStateBadge } from "./subscription-badges";
import { SubscriptionFormDialog } from "./subscription-form-dialog";
import type { SubscriptionItem } from "./subscription-model";

/**
 * Settings → Webhooks: event subscriptions (outgoing webhooks). Admins manage
 * them; specialists see them and their delivery logs read-only. Signing secrets
 * are shown once, on create and rotate, and never otherwise.
 * `?subscription=<id>` opens that subscription's delivery log (the link of the
 * "subscription disabled" notification).
 */
export function WebhookSubscriptionsSettings() {
  const trpc = useTRPC();
  const { canEdit } = useViewer();
  const params = useSearchParams();
  const list = useQuery(trpc.webhookSubscriptions.list.queryOptions({}));
  const [creating, setCreating] = React.useState(false);
  const [editing, setEditing] = React.useState<SubscriptionItem | null>(null);
  const [rotating, setRotating] = React.useState<SubscriptionItem | null>(null);
  const [deleting, setDeleting] = React.useState<SubscriptionItem | null>(null);
  const items = list.data ?? [];
  const logId = params.get("subscription");

  const showLog = (id: string | null) => {
    const next = new URLSearchParams(params.toString());
    next.set("tab", "webhooks");
    if (id) next.set("subscription", id);
    else next.delete("subscription");
    replaceSearchParams(next);
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold">Webhooks</h2>
          <p className="mt-1 max-w-2xl text-sm text-muted-foreground">
            Event subscriptions send a signed POST to your URL when runs finish, approvals are requested or automations change. Failed deliveries are retried for about a day.
          </p>
        </div>
        {canEdit ? (
          <Button onClick={() => setCreating(true)} data-testid="new-subscription">
            <Plus /> New subscription
          </Button>
        ) : null}
      </div>
      {list.isPending ? (
        <TableContainer>
          <div className="space-y-3 p-4" aria-busy="true" aria-label="Loading subscriptions">
            {Array.from({ length: 3 }, (_, i) => (
              <Skeleton key={i} className="h-8" />
            ))}
          </div>
        </TableContainer>
      ) : list.isError ? (
        <Card>
          <EmptyState icon={AlertTriangle} title="Subscriptions could not be loaded" description={errorMessage(list.error)} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
        </Card>
      ) : items.length === 0 ? (
        <Card className="border-dashed" data-testid="subscriptions-empty">
          <EmptyState
            icon={Webhook}
            title="No event subscriptions yet"
            description={
              canEdit
                ? "Subscribe a URL to events such as run.completed or approval.requested to notify another system without polling the API."
                : "An admin can subscribe a URL to events such as run.completed so another system is notified without polling the API."
            }
            action={canEdit ? <Button onClick={() => setCreating(true)}><Plus /> New subscription</Button> : undefined}
          />
        </Card>
      ) : (
        <TableContainer>
          <Table data-testid="subscriptions-table">
            <TableHeader>
              <TableRow>
                <TableHead>Endpoint</TableHead>
                <TableHead>Events</TableHead>
                <TableHead>Description</TableHead>
                <TableHead>{canEdit ? "Active" : "State"}</TableHead>
                <TableHead>Failures</TableHead>
                {canEdit ? (
                  <TableHead className="w-10">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                ) : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((s) => (
                <TableRow key={s.id} data-testid="subscription-row" data-subscription-id={s.id} className="cursor-pointer" onClick={() => showLog(s.id)}>
                  <TableCell className="max-w-72">
                    <button
                      type="button"
                      className="block max-w-full truncate rounded-sm text-left font-mono text-sm hover:underline focus-visible:underline"
                      title={s.url}
                      aria-label={`Delivery log of ${s.url}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        showLog(s.id);
                      }}
                      data-testid="subscription-link"
                    >
                      {s.url}
                    </button>
                    <span className="mt-0.5 block text-xs text-muted-foreground">
                      Created <RelativeTime value={s.createdAt} />
                    </span>
                  </TableCell>
                  <TableCell className="max-w-72">
                    <SubscriptionEvents events={s.events} />
                  </TableCell>
                  <TableCell className="max-w-56">
                    {s.description ? <span className="line-clamp-2 text-sm">{s.description}</span> : <span className="text-sm text-muted-foreground">—</span>}
                  </TableCell>
                  <TableCell onClick={canEdit ? (e) => e.stopPropagation() : undefined}>
                    {canEdit ? <ActiveSwitch subscription={s} /> : <SubscriptionStateBadge subscription={s} />}
                  </TableCell>
                  <TableCell>
                    {s.consecutiveFailures === 0 ? (
                      <span className="text-sm text-muted-foreground">None</span>
                    ) : (
                      <span className="grid gap-0.5">
                        <Badge variant="warning" data-testid="subscription-failures">
                          {s.consecutiveFailures} in a row
                        </Badge>
                        {s.failingSince ? (
                          <span className="text-xs text-muted-foreground">
                            since <RelativeTime value={s.failingSince} />
                          </span>
                        ) : null}
                      </span>
                    )}
                  </TableCell>
                  {canEdit ? (
                    <TableCell onClick={(e) => e.stopPropagation()}>
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button size="icon" variant="ghost" aria-label={`Actions for ${s.url}`} data-testid="subscription-actions">
                            <MoreHorizontal />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end">
                          <DropdownMenuItem onSelect={() => showLog(s.id)}>Delivery log</DropdownMenuItem>
                          <DropdownMenuItem onSelect={() => setEditing(s)} data-testid="edit-subscription">
                            Edit
                          </DropdownMenuItem>
                          <DropdownMenuItem onSelect={() => setRotating(s)} data-testid="rotate-subscription-secret">
                            Rotate secret…
                          </DropdownMenuItem>
                          <DropdownMenuSeparator />
                          <DropdownMenuItem variant="destructive" onSelect={() => setDeleting(s)} data-testid="delete-subscription">
                            Delete…
                          </DropdownMenuItem>
                        </DropdownMenuContent>
                      </DropdownMenu>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <DeliveryLogSheet subscriptionId={logId} canEdit={canEdit} onOpenChange={(o) => !o && showLog(null)} />
      {canEdit ? (
        <>
          <SubscriptionFormDialog open={creating} onOpenChange={setCreating} />
          <SubscriptionFormDialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)} subscription={editing ?? undefined} />
          <RotateSecretDialog subscription={rotating} onOpenChange={(o) => !o && setRotating(null)} />
          <DeleteSubscriptionDialog subscription={deleting} onOpenChange={(o) => !o && setDeleting(null)} />
        </>
      ) : null}
    </div>
  );
}

/** Pause / activate in place; a subscription disabled by failures shows why and re-activates the same way. */
function ActiveSwitch({ subscription: s }: { subscription: SubscriptionItem }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.webhookSubscriptions.update.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.webhookSubscriptions.pathKey() });
        toast.success(saved.active ? "Subscription activated" : "Subscription paused");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <span className="flex items-center gap-2">
      <Switch
        checked={update.isPending ? (update.variables?.active ?? s.active) : s.active}
        // Not disabled while saving: that would drop keyboard focus; a second toggle waits instead.
        onCheckedChange={(active) => !update.isPending && update.mutate({ id: s.id, active })}
        aria-label={`Active: ${s.url}`}
        data-testid="subscription-active-toggle"
      />
      {s.disabledAt && !s.active ? <SubscriptionStateBadge subscription={s} /> : null}
    </span>
  );
}
