"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { ConfirmDeleteDialog, RotateSigningSecretDialog } from "../confirm-dialogs";
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
    <ConfirmDeleteDialog
      open={webhook !== null}
      onOpenChange={onOpenChange}
      title={<>Delete “{webhook?.name}”?</>}
      description="Its delivery log is erased. Automations whose steps post to it fail those steps and cannot be published until another endpoint is chosen. This cannot be undone."
      confirmLabel="Delete endpoint"
      pending={remove.isPending}
      error={error}
      onConfirm={() => webhook && remove.mutate({ id: webhook.id })}
      testId="delete-outgoing-dialog"
      confirmTestId="confirm-delete-outgoing"
    />
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
    <RotateSigningSecretDialog
      open={webhook !== null}
      onOpenChange={onOpenChange}
      url={webhook?.url ?? ""}
      secret={webhook ? secret : null}
      description={<>Requests to <span className="break-all font-mono">{webhook?.url}</span> are signed with a new secret from now on. Receivers that still verify with the old secret will reject them until you update it.</>}
      pending={rotate.isPending}
      error={error}
      onConfirm={() => webhook && rotate.mutate({ id: webhook.id })}
      testId="rotate-outgoing-dialog"
      confirmTestId="confirm-rotate-outgoing"
    />
  );
}
