"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, KeyRound } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { API_KEY_SCOPES, SCOPE_LABELS, SCOPE_PRESETS, type ApiKeyScope } from "./scopes";

function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

/** Create a key: name, scopes, optional expiry; then the key, shown this once with a copy button. */
export function CreateApiKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = React.useState("");
  const [scopes, setScopes] = React.useState<Set<ApiKeyScope>>(new Set(["automations:read"]));
  const [expires, setExpires] = React.useState("");
  const [error, setError] = React.useState<string | null>(null);
  const [created, setCreated] = React.useState<{ key: string; name: string } | null>(null);

  React.useEffect(() => {
    if (!open) return;
    setName("");
    setScopes(new Set(["automations:read"]));
    setExpires("");
    setError(null);
    setCreated(null);
  }, [open]);

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (res) => {
        setCreated({ key: res.key, name: res.apiKey.name });
        toast.success(`Created API key “${res.apiKey.name}”`);
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  function toggle(scope: ApiKeyScope, on: boolean) {
    setScopes((prev) => {
      const next = new Set(prev);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError("Give the key a name, e.g. the system that will use it");
    if (scopes.size === 0) return setError("Choose at least one scope");
    setError(null);
    // End of the chosen day, local time.
    const expiresAt = expires ? new Date(`${expires}T23:59:59`) : null;
    create.mutate({ name: name.trim(), scopes: API_KEY_SCOPES.filter((s) => scopes.has(s)), expiresAt });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl" data-testid="create-api-key-dialog">
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Copy your new API key</DialogTitle>
              <DialogDescription>
                This is the only time “{created.name}” is shown. Store it in your secret manager now; Switchyard keeps only a hash and cannot show it again.
              </DialogDescription>
            </DialogHeader>
            <div className="flex items-center gap-2 rounded-md border border-border bg-muted/50 p-2 pl-3">
              <KeyRound className="size-4 shrink-0 text-muted-foreground" aria-hidden />
              <code className="min-w-0 flex-1 break-all font-mono text-sm select-all" data-testid="new-api-key">
                {created.key}
              </code>
              <CopyButton value={created.key} label="Copy key" size="sm" variant="secondary" data-testid="copy-api-key" />
            </div>
            <p className="text-xs text-muted-foreground">
              Send it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code> to <code className="font-mono">/api/v1</code>.
            </p>
            <DialogFooter>
              <Button onClick={() => onOpenChange(false)} data-testid="api-key-done">
                Done
              </Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} className="grid gap-5" noValidate>
            <DialogHeader>
              <DialogTitle>New API key</DialogTitle>
              <DialogDescription>Keys act for this workspace with only the scopes you grant. Revoke a key to stop it at once.</DialogDescription>
            </DialogHeader>
            <Field id="api-key-name" label="Name" description="Who or what uses it, e.g. “CRM sync”.">
              <Input id="api-key-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoFocus autoComplete="off" data-testid="api-key-name" />
            </Field>
            <fieldset className="grid gap-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <legend className="text-sm font-medium">Scopes</legend>
                <div className="flex gap-1">
                  {SCOPE_PRESETS.map((p) => (
                    <Button key={p.label} type="button" size="xs" variant="ghost" onClick={() => setScopes(new Set(p.scopes))}>
                      {p.label}
                    </Button>
                  ))}
                </div>
              </div>
              <div className="grid gap-1 rounded-md border border-border p-2 sm:grid-cols-2">
                {API_KEY_SCOPES.map((s) => (
                  <label key={s} className="flex cursor-pointer items-start gap-2 rounded px-2 py-1.5 hover:bg-accent has-[:focus-visible]:bg-accent">
                    <Checkbox checked={scopes.has(s)} onCheckedChange={(v) => toggle(s, v === true)} className="mt-0.5" data-testid={`scope-${s}`} aria-describedby={`scope-${s}-desc`} />
                    <span className="min-w-0">
                      <span className="block font-mono text-xs">{s}</span>
                      <span id={`scope-${s}-desc`} className="block text-xs text-muted-foreground">
                        {SCOPE_LABELS[s]}
                      </span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            <Field id="api-key-expires" label="Expires" hint="Optional" description="The key stops working at the end of this day. Leave empty for no expiry.">
              <Input id="api-key-expires" type="date" min={tomorrow()} value={expires} onChange={(e) => setExpires(e.target.value)} className="w-48" data-testid="api-key-expires" />
            </Field>
            {error ? (
              <p role="alert" className="flex items-start gap-2 text-sm text-destructive">
                <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
                {error}
              </p>
            ) : null}
            <DialogFooter>
              <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="create-api-key">
                Create key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
