"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { SigningSecretPanel } from "../signing-secret";
import { fieldIssue } from "../subscription-form-dialog";
import { HeaderRows } from "./header-rows";
import { headersFromRows, outgoingUrlProblem, rowsFromHeaders, type HeaderRow, type OutgoingItem } from "./outgoing-model";

function issues(error: unknown): Record<string, string> {
  const data = (error as { data?: { zodIssues?: { field: string; message: string }[] | null; appDetails?: { issues?: { field: string; message: string }[] } | null } | null } | null)?.data;
  // Shown next to the field, so without the "url: " prefix the server's message carries.
  return Object.fromEntries([...(data?.zodIssues ?? []), ...(data?.appDetails?.issues ?? [])].map((i) => [i.field, i.message.startsWith(`${i.field}: `) ? i.message.slice(i.field.length + 2) : i.message]));
}

/** Create or edit an outgoing webhook endpoint; after create, its signing secret is shown this once. */
export function OutgoingFormDialog({ open, onOpenChange, webhook }: { open: boolean; onOpenChange: (open: boolean) => void; webhook?: OutgoingItem }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = React.useState("");
  const [url, setUrl] = React.useState("");
  const [rows, setRows] = React.useState<HeaderRow[]>([]);
  const [description, setDescription] = React.useState("");
  const [active, setActive] = React.useState(true);
  const [showErrors, setShowErrors] = React.useState(false);
  const [serverIssues, setServerIssues] = React.useState<Record<string, string>>({});
  const [error, setError] = React.useState<string | null>(null);
  const [created, setCreated] = React.useState<{ secret: string; url: string } | null>(null);

  React.useEffect(() => {
    if (!open) return;
    setName(webhook?.name ?? "");
    setUrl(webhook?.url ?? "");
    setRows(webhook ? rowsFromHeaders(webhook.headers) : []);
    setDescription(webhook?.description ?? "");
    setActive(webhook?.active ?? true);
    setShowErrors(false);
    setServerIssues({});
    setError(null);
    setCreated(null);
  }, [open, webhook?.id]);

  const onError = (e: unknown) => {
    const found = issues(e);
    setServerIssues(found);
    const shownOnField = fieldIssue(e, "url") ?? fieldIssue(e, "name") ?? Object.keys(found).find((k) => k.startsWith("headers."));
    setError(shownOnField ? null : errorMessage(e));
  };
  /** Editing a field clears the server's complaint about it (shown until the next save otherwise). */
  const clearIssue = (field: string) =>
    setServerIssues((prev) => {
      if (!(field in prev)) return prev;
      const { [field]: _cleared, ...rest } = prev;
      return rest;
    });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.outgoingWebhooks.pathKey() });
  const create = useMutation(
    trpc.outgoingWebhooks.create.mutationOptions({
      onSuccess: async (res) => {
        setCreated({ secret: res.secret, url: res.webhook.url });
        toast.success("Endpoint created");
        await invalidate();
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.outgoingWebhooks.update.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        toast.success("Endpoint saved");
        onOpenChange(false);
      },
      onError,
    }),
  );

  const urlError = (showErrors ? outgoingUrlProblem(url) : null) ?? serverIssues.url ?? null;
  const nameError = (showErrors && !name.trim() ? "Enter a name" : null) ?? serverIssues.name ?? null;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setShowErrors(true);
    setServerIssues({});
    setError(null);
    if (outgoingUrlProblem(url) || !name.trim()) return;
    const body = { name: name.trim(), url: url.trim(), headers: headersFromRows(rows), description: description.trim(), active };
    if (webhook) update.mutate({ id: webhook.id, ...body });
    else create.mutate(body);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl" data-testid="outgoing-dialog">
        {created ? (
          <SigningSecretPanel title="Copy the signing secret" secret={created.secret} url={created.url} onDone={() => onOpenChange(false)} />
        ) : (
          <form onSubmit={submit} className="grid gap-5" noValidate>
            <DialogHeader>
              <DialogTitle>{webhook ? "Edit endpoint" : "New outgoing endpoint"}</DialogTitle>
              <DialogDescription>Automations post signed events here with the Outgoing webhook step; “Send test event” checks it.</DialogDescription>
            </DialogHeader>
            <Field id="outgoing-name" label="Name" error={nameError} description="Unique in the workspace; steps show it.">
              <Input
                id="outgoing-name"
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  clearIssue("name");
                }}
                maxLength={100}
                autoFocus
                autoComplete="off"
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? "outgoing-name-error" : "outgoing-name-description"}
                data-testid="outgoing-name"
              />
            </Field>
            <Field id="outgoing-url" label="Endpoint URL" error={urlError} description="https:// (or http://). Private and internal addresses are refused unless the operator allows them.">
              <Input
                id="outgoing-url"
                type="url"
                inputMode="url"
                value={url}
                onChange={(e) => {
                  setUrl(e.target.value);
                  clearIssue("url");
                }}
                placeholder="https://example.com/hooks/switchyard"
                className="font-mono"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={urlError ? true : undefined}
                aria-describedby={urlError ? "outgoing-url-error" : "outgoing-url-description"}
                data-testid="outgoing-url"
              />
            </Field>
            <HeaderRows rows={rows} onChange={setRows} errors={serverIssues} />
            <Field id="outgoing-description" label="Description" hint="Optional">
              <Textarea id="outgoing-description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} rows={2} data-testid="outgoing-description" />
            </Field>
            <div className="flex items-start justify-between gap-4 rounded-md border border-border px-3 py-2">
              <div>
                <Label htmlFor="outgoing-active">Active</Label>
                <p id="outgoing-active-desc" className="text-xs text-muted-foreground">
                  Steps posting to an inactive endpoint fail; test events are still sent.
                </p>
              </div>
              <Switch id="outgoing-active" checked={active} onCheckedChange={setActive} aria-describedby="outgoing-active-desc" data-testid="outgoing-active" />
            </div>
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
              <Button type="submit" loading={create.isPending || update.isPending} data-testid="save-outgoing">
                {webhook ? "Save" : "Create endpoint"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
