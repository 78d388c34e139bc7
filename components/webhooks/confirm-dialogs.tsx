"use client";

import * as React from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { SigningSecretPanel } from "./signing-secret";

/**
 * The confirmation dialogs shared by event subscriptions and outgoing endpoints:
 * what differs is the wording, the mutation and the test ids; the callers own
 * the mutation (and its toast / invalidation) and pass its state in.
 */
interface MutationState {
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
}

export function ConfirmDeleteDialog(
  p: MutationState & { open: boolean; onOpenChange: (open: boolean) => void; title: React.ReactNode; description: React.ReactNode; confirmLabel: string; testId: string; confirmTestId: string },
) {
  return (
    <AlertDialog open={p.open} onOpenChange={p.onOpenChange}>
      <AlertDialogContent data-testid={p.testId}>
        <AlertDialogHeader>
          <AlertDialogTitle>{p.title}</AlertDialogTitle>
          <AlertDialogDescription>{p.description}</AlertDialogDescription>
        </AlertDialogHeader>
        {p.error ? <p role="alert" className="text-sm text-destructive">{p.error}</p> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" loading={p.pending} onClick={p.onConfirm} data-testid={p.confirmTestId}>
            {p.confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** Rotate with confirmation; once `secret` is set, the new secret is shown this once. */
export function RotateSigningSecretDialog(
  p: MutationState & { open: boolean; onOpenChange: (open: boolean) => void; url: string; secret: string | null; description: React.ReactNode; testId: string; confirmTestId: string },
) {
  return (
    <Dialog open={p.open} onOpenChange={p.onOpenChange}>
      <DialogContent className="sm:max-w-xl" data-testid={p.testId}>
        {p.secret ? (
          <SigningSecretPanel title="Copy the new signing secret" secret={p.secret} url={p.url} onDone={() => p.onOpenChange(false)} />
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Rotate the signing secret?</DialogTitle>
              <DialogDescription>{p.description}</DialogDescription>
            </DialogHeader>
            {p.error ? <p role="alert" className="text-sm text-destructive">{p.error}</p> : null}
            <DialogFooter>
              <Button type="button" variant="secondary" onClick={() => p.onOpenChange(false)}>
                Cancel
              </Button>
              <Button loading={p.pending} onClick={p.onConfirm} data-testid={p.confirmTestId}>
                Rotate secret
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
