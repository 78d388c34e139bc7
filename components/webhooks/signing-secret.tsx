"use client";

import { KeyRound, AlertTriangle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/**
 * The signing secret right after create or rotate: the only time the client
 * receives it (the server keeps it sealed and never returns it again).
 */
export function SigningSecretPanel({ secret, title, url, onDone }: { secret: string; title: string; url: string; onDone: () => void }) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>
          Deliveries to <span className="break-all font-mono">{url}</span> are signed with this secret (Standard Webhooks: <code className="font-mono">webhook-signature</code> header). Configure it in your receiver to verify them.
        </DialogDescription>
      </DialogHeader>
      <div className="flex items-center gap-2 rounded-md border border-border bg-muted/50 p-2 pl-3">
        <KeyRound className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        <code className="min-w-0 flex-1 break-all font-mono text-sm select-all" data-testid="signing-secret">
          {secret}
        </code>
        <CopyButton value={secret} label="Copy signing secret" size="sm" variant="secondary" data-testid="copy-signing-secret" />
      </div>
      <p className="flex items-start gap-2 text-sm text-muted-foreground" data-testid="signing-secret-note">
        <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
        You won’t see this secret again. Store it in your secret manager now; if you lose it, rotate the secret.
      </p>
      <DialogFooter>
        <Button onClick={onDone} data-testid="signing-secret-done">
          Done
        </Button>
      </DialogFooter>
    </>
  );
}
