"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { ConfirmDeleteDialog, RotateSigningSecretDialog } from "./confirm-dialogs";
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
    <ConfirmDeleteDialog
      open={subscription !== null}
      onOpenChange={onOpenChange}
      title="Delete this subscription?"
      description={<><span className="break-all font-mono">{subscription?.url}</span> stops receiving events at once: pending retries are dropped and the delivery log is erased. This cannot be undone.</>}
      confirmLabel="Delete subscription"
      pending={remove.isPending}
      error={error}
      onConfirm={() => subscription && remove.mutate({ id: subscription.id })}
      testId="delete-subscription-dialog"
      confirmTestId="confirm-delete-subscription"
    />
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
    <RotateSigningSecretDialog
      open={subscription !== null}
      onOpenChange={onOpenChange}
      url={subscription?.url ?? ""}
      secret={subscription ? secret : null}
      description={<>Deliveries to <span className="break-all font-mono">{subscription?.url}</span> are signed with a new secret from now on, retries included. Receivers that still verify with the old secret will reject them until you update it.</>}
      pending={rotate.isPending}
      error={error}
      onConfirm={() => subscription && rotate.mutate({ id: subscription.id })}
      testId="rotate-secret-dialog"
      confirmTestId="confirm-rotate-secret"
    />
  );
}
