"use client";

import * as React from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import type { ConnectionItem } from "./connection-form-dialog";

/** Delete with the list of automations using the connection; in use needs an explicit confirmation. */
export function DeleteConnectionDialog({ connection, onOpenChange }: { connection: ConnectionItem | null; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const usage = useQuery({ ...trpc.connections.usage.queryOptions({ id: connection?.id ?? "" }), enabled: connection !== null });
  const [error, setError] = React.useState<string | null>(null);
  const remove = useMutation(
    trpc.connections.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.connections.pathKey() });
        toast.success(`Deleted “${connection?.name}”`);
        onOpenChange(false);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  React.useEffect(() => setError(null), [connection?.id]);
  const users = usage.data?.automations ?? [];
  return (
    <AlertDialog open={connection !== null} onOpenChange={onOpenChange}>
      <AlertDialogContent data-testid="delete-connection-dialog">
        <AlertDialogHeader>
          <AlertDialogTitle>Delete “{connection?.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Its secrets are erased. {users.length > 0 ? "Steps that use it will show a problem until you choose another connection, and fail if they run." : "No automation uses it."}
          </AlertDialogDescription>
        </AlertDialogHeader>
        {usage.isPending ? (
          <Skeleton className="h-16" />
        ) : users.length > 0 ? (
          <div className="rounded-md border border-border">
            <p className="border-b border-border px-3 py-2 text-xs font-medium text-muted-foreground">
              Used by {users.length} automation{users.length === 1 ? "" : "s"}
            </p>
            <ul className="max-h-48 divide-y divide-border overflow-auto text-sm" data-testid="connection-usage-list">
              {users.map((u) => (
                <li key={u.automationId} className="flex items-center justify-between gap-3 px-3 py-2">
                  <Link href={`/automations/${u.automationId}/edit`} className="truncate font-medium hover:underline">
                    {u.automationName}
                  </Link>
                  <span className="shrink-0 text-xs text-muted-foreground">
                    {[u.draftNodes.length ? `draft: ${u.draftNodes.map((n) => n.name).join(", ")}` : null, u.versions.length ? `v${u.versions.join(", v")}` : null].filter(Boolean).join(" · ")}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" loading={remove.isPending} disabled={usage.isPending} onClick={() => connection && remove.mutate({ id: connection.id, confirm: users.length > 0 })} data-testid="confirm-delete-connection">
            {users.length > 0 ? `Delete anyway` : "Delete"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
