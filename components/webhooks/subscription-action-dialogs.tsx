"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { SigningSecretPanel } from "./signing-secret";
import type { SubscriptionItem } from "./subscription-model";

/** Delete with confirmation: the subscription, its pending retries and its delivery log go. */
export function DeleteSubscriptionDialog({ subscription, onOpenChange }: { subscription: SubscriptionItem | null; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = React.useState<string | null>(null);
  const remove = useMutation(
    trpc.webhookSubscriptions.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.webhookSubscriptions.pathKey() });
        toast.success("Subscription deleted");
        onOpenChange(false);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  React.useEffect(() => setError(null), [subscription?.id]);
  return (
    <AlertDialog open={subscription !== null} onOpenChange={onOpenChange}>
      <AlertDialogContent data-testid="delete-subscription-dialog">
        <AlertDialogHeader>
          <AlertDialogTitle>Delete this subscription?</AlertDialogTitle>
          <AlertDialogDescription>
            <span className="break-all font-mono">{subscription?.url}</span> stops receiving events at once: pending retries are dropped and the delivery log is erased. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" loading={remove.isPending} onClick={() => subscription && remove.mutate({ id: subscription.id })} data-testid="confirm-delete-subscription">
            Delete subscription
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** Rotate with confirmation, then the new secret shown this once. */
export function RotateSecretDialog({ subscription, onOpenChange }: { subscription: SubscriptionItem | null; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = React.useState<string | null>(null);
  const [secret, setSecret] = React.useState<string | null>(null);
  const rotate = useMutation(
    trpc.webhookSubscriptions.rotateSecret.mutationOptions({
      onSuccess: async (res) => {
        setSecret(res.secret);
        toast.success("Signing secret rotated");
        await queryClient.invalidateQueries({ queryKey: trpc.webhookSubscriptions.pathKey() });
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  React.useEffect(() => {
    setError(null);
    setSecret(null);
  }, [subscription?.id]);
  return (
    <Dialog open={subscription !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl" data-testid="rotate-secret-dialog">
        {secret && subscription ? (
          <SigningSecretPanel title="Copy the new signing secret" secret={secret} url={subscription.url} onDone={() => onOpenChange(false)} />
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Rotate the signing secret?</DialogTitle>
              <DialogDescription>
                Deliveries to <span className="break-all font-mono">{subscription?.url}</span> are signed with a new secret from now on, retries included. Receivers that still verify with the old secret will reject them until you update it.
              </DialogDescription>
            </DialogHeader>
            {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
            <DialogFooter>
              <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button loading={rotate.isPending} onClick={() => subscription && rotate.mutate({ id: subscription.id })} data-testid="confirm-rotate-secret">
                Rotate secret
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
