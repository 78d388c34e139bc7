"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { SigningSecretPanel } from "../signing-secret";
import type { OutgoingItem } from "./outgoing-model";

/** Delete with confirmation: the endpoint and its log go; steps using it show a problem until another endpoint is chosen. */
export function DeleteOutgoingDialog({ webhook, onOpenChange }: { webhook: OutgoingItem | null; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = React.useState<string | null>(null);
  const remove = useMutation(
    trpc.outgoingWebhooks.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.outgoingWebhooks.pathKey() });
        toast.success("Endpoint deleted");
        onOpenChange(false);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  React.useEffect(() => setError(null), [webhook?.id]);
  return (
    <AlertDialog open={webhook !== null} onOpenChange={onOpenChange}>
      <AlertDialogContent data-testid="delete-outgoing-dialog">
        <AlertDialogHeader>
          <AlertDialogTitle>Delete “{webhook?.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Its delivery log is erased. Automations whose steps post to it fail those steps and cannot be published until another endpoint is chosen. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" loading={remove.isPending} onClick={() => webhook && remove.mutate({ id: webhook.id })} data-testid="confirm-delete-outgoing">
            Delete endpoint
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** Rotate with confirmation, then the new secret shown this once. */
export function RotateOutgoingSecretDialog({ webhook, onOpenChange }: { webhook: OutgoingItem | null; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = React.useState<string | null>(null);
  const [secret, setSecret] = React.useState<string | null>(null);
  const rotate = useMutation(
    trpc.outgoingWebhooks.rotateSecret.mutationOptions({
      onSuccess: async (res) => {
        setSecret(res.secret);
        toast.success("Signing secret rotated");
        await queryClient.invalidateQueries({ queryKey: trpc.outgoingWebhooks.pathKey() });
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  React.useEffect(() => {
    setError(null);
    setSecret(null);
  }, [webhook?.id]);
  return (
    <Dialog open={webhook !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl" data-testid="rotate-outgoing-dialog">
        {secret && webhook ? (
          <SigningSecretPanel title="Copy the new signing secret" secret={secret} url={webhook.url} onDone={() => onOpenChange(false)} />
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Rotate the signing secret?</DialogTitle>
              <DialogDescription>
                Requests to <span className="break-all font-mono">{webhook?.url}</span> are signed with a new secret from now on. Receivers that still verify with the old secret will reject them until you update it.
              </DialogDescription>
            </DialogHeader>
            {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
            <DialogFooter>
              <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button loading={rotate.isPending} onClick={() => webhook && rotate.mutate({ id: webhook.id })} data-testid="confirm-rotate-outgoing">
                Rotate secret
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
