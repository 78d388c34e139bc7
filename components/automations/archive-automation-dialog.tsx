"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
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
} from "@/components/ui/alert-dialog";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";

export function ArchiveAutomationDialog({
  automation,
  onOpenChange,
}: {
  automation: { id: string; name: string } | null;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const archive = useMutation(
    trpc.automations.archive.mutationOptions({
      onSuccess: async (archived) => {
        await queryClient.invalidateQueries({ queryKey: trpc.automations.list.queryKey() });
        toast.success(`Archived “${archived.name}”`, { description: "It no longer runs. Find it under the Archived tab." });
        onOpenChange(false);
      },
      onError: (e) => toast.error(`Could not archive: ${errorMessage(e)}`),
    }),
  );

  return (
    <AlertDialog open={automation !== null} onOpenChange={onOpenChange}>
      <AlertDialogContent data-testid="archive-dialog">
        <AlertDialogHeader>
          <AlertDialogTitle>Archive “{automation?.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            The automation stops running and its triggers no longer fire. Its runs and versions stay available for inspection.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={archive.isPending}>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            data-testid="confirm-archive"
            disabled={archive.isPending}
            onClick={(e) => {
              e.preventDefault();
              if (automation) archive.mutate({ id: automation.id });
            }}
          >
            {archive.isPending ? <Spinner className="text-current" /> : null}
            Archive
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
