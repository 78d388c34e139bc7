"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Ban } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";

/** Admin-only (the server enforces it): cancels a run that has not finished, after confirmation. */
export function CancelRunButton({ runId, cancelRequested }: { runId: string; cancelRequested: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: async (result) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() }),
        ]);
        toast.success(result.status === "CANCELLED" ? "Run cancelled" : "Cancellation requested", {
          description: result.status === "CANCELLED" ? undefined : "The run stops after the step it is executing.",
        });
        setOpen(false);
      },
      onError: (e) => {
        toast.error(`Could not cancel the run: ${errorMessage(e)}`);
        setOpen(false);
      },
    }),
  );

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="secondary" disabled={cancelRequested} data-testid="cancel-run" className="text-destructive hover:text-destructive">
          <Ban />
          {cancelRequested ? "Cancelling…" : "Cancel run"}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Cancel this run?</AlertDialogTitle>
          <AlertDialogDescription>
            No further steps will execute. A step that is executing right now finishes first; steps that already ran are not undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={cancel.isPending}>Keep running</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            data-testid="confirm-cancel-run"
            disabled={cancel.isPending}
            onClick={(e) => {
              e.preventDefault();
              cancel.mutate({ runId });
            }}
          >
            {cancel.isPending ? <Spinner className="text-current" /> : null}
            Cancel run
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
