"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { SigningSecretPanel } from "./signing-secret";
import { ALL_EVENTS, eventGroups, eventsInput, urlProblem, type SubscriptionItem } from "./subscription-model";

const GROUPS = eventGroups();

/** The server's message for one field (the URL guard's SSRF refusal names `url`), if it named one. */
export function fieldIssue(error: unknown, field: string): string | null {
  const data = (error as { data?: { zodIssues?: { field: string; message: string }[] | null; appDetails?: { issues?: { field: string; message: string }[] } | null } | null } | null)?.data;
  const issues = [...(data?.zodIssues ?? []), ...(data?.appDetails?.issues ?? [])];
  return issues.find((i) => i.field === field)?.message ?? null;
}

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Edit this subscription; create a new one when absent. */
  subscription?: SubscriptionItem;
}

/** Create or edit an event subscription; after create, the signing secret is shown this once. */
export function SubscriptionFormDialog({ open, onOpenChange, subscription }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = React.useState("");
  const [all, setAll] = React.useState(true);
  const [chosen, setChosen] = React.useState<Set<string>>(new Set());
  const [description, setDescription] = React.useState("");
  const [active, setActive] = React.useState(true);
  const [showErrors, setShowErrors] = React.useState(false);
  const [urlError, setUrlError] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [created, setCreated] = React.useState<{ secret: string; url: string } | null>(null);

  React.useEffect(() => {
    if (!open) return;
    const events = subscription?.events ?? [ALL_EVENTS];
    setUrl(subscription?.url ?? "");
    setAll(events.includes(ALL_EVENTS));
    setChosen(new Set(events.filter((e) => e !== ALL_EVENTS)));
    setDescription(subscription?.description ?? "");
    setActive(subscription?.active ?? true);
    setShowErrors(false);
    setUrlError(null);
    setError(null);
    setCreated(null);
    // Reset only when the dialog opens or switches subscription (not on every refetch).
  }, [open, subscription?.id]);

  const onError = (e: unknown) => {
    const onUrl = fieldIssue(e, "url");
    setUrlError(onUrl);
    setError(onUrl ? null : errorMessage(e));
  };
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.webhookSubscriptions.pathKey() });
  const create = useMutation(
    trpc.webhookSubscriptions.create.mutationOptions({
      onSuccess: async (res) => {
        setCreated({ secret: res.secret, url: res.subscription.url });
        toast.success("Subscription created");
        await invalidate();
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.webhookSubscriptions.update.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        toast.success("Subscription saved");
        onOpenChange(false);
      },
      onError,
    }),
  );

  const localUrlError = showErrors ? urlProblem(url) : null;
  const events = eventsInput(all, chosen);
  const eventsError = showErrors && events.length === 0 ? "Choose at least one event, or All events" : null;

  function toggle(type: string, on: boolean) {
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setShowErrors(true);
    setUrlError(null);
    setError(null);
    if (urlProblem(url) || events.length === 0) return;
    const body = { url: url.trim(), events, description: description.trim(), active };
    if (subscription) update.mutate({ id: subscription.id, ...body });
    else create.mutate(body);
  }

  const shownUrlError = localUrlError ?? urlError;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl" data-testid="subscription-dialog">
        {created ? (
          <SigningSecretPanel title="Copy the signing secret" secret={created.secret} url={created.url} onDone={() => onOpenChange(false)} />
        ) : (
          <form onSubmit={submit} className="grid gap-5" noValidate>
            <DialogHeader>
              <DialogTitle>{subscription ? "Edit subscription" : "New subscription"}</DialogTitle>
              <DialogDescription>Switchyard sends a signed POST to this URL for each chosen event, retrying for about a day when the receiver fails.</DialogDescription>
            </DialogHeader>
            <Field id="subscription-url" label="Endpoint URL" error={shownUrlError} description="https:// (or http://). Private and internal addresses are refused unless the operator allows them.">
              <Input
                id="subscription-url"
                type="url"
                inputMode="url"
                value={url}
                onChange={(e) => {
                  setUrl(e.target.value);
                  setUrlError(null);
                }}
                placeholder="https://example.com/hooks/switchyard"
                className="font-mono"
                autoFocus
                autoComplete="off"
                spellCheck={false}
                aria-invalid={shownUrlError ? true : undefined}
                aria-describedby={shownUrlError ? "subscription-url-error" : "subscription-url-description"}
                data-testid="subscription-url"
              />
            </Field>
            <fieldset className="grid gap-2" aria-describedby={eventsError ? "subscription-events-error" : undefined}>
              <legend className="mb-2 text-sm font-medium">Events</legend>
              <label className="flex cursor-pointer items-start gap-2 rounded-md border border-border px-3 py-2 hover:bg-accent has-[:focus-visible]:bg-accent">
                <Checkbox checked={all} onCheckedChange={(v) => setAll(v === true)} className="mt-0.5" data-testid="subscription-all-events" aria-describedby="subscription-all-events-desc" />
                <span className="min-w-0">
                  <span className="block text-sm font-medium">All events</span>
                  <span id="subscription-all-events-desc" className="block text-xs text-muted-foreground">
                    Every event in the catalog, including types added later.
                  </span>
                </span>
              </label>
              <div className="grid max-h-72 gap-3 overflow-auto rounded-md border border-border p-2" data-testid="subscription-event-list">
                {GROUPS.map((g) => (
                  <div key={g.category} role="group" aria-labelledby={`event-group-${g.category}`}>
                    <p id={`event-group-${g.category}`} className="px-2 pb-1 text-xs font-medium text-muted-foreground">
                      {g.label}
                    </p>
                    <div className="grid gap-0.5 sm:grid-cols-2">
                      {g.events.map((ev) => (
                        <label key={ev.type} className="flex cursor-pointer items-start gap-2 rounded px-2 py-1.5 hover:bg-accent has-[:focus-visible]:bg-accent has-[:disabled]:cursor-not-allowed">
                          <Checkbox
                            checked={all || chosen.has(ev.type)}
                            disabled={all}
                            onCheckedChange={(v) => toggle(ev.type, v === true)}
                            className="mt-0.5"
                            data-testid={`event-${ev.type}`}
                            aria-describedby={`event-${ev.type}-desc`}
                          />
                          <span className="min-w-0">
                            <span className="block font-mono text-xs">{ev.type}</span>
                            <span id={`event-${ev.type}-desc`} className="block text-xs text-muted-foreground">
                              {ev.description}
                            </span>
                          </span>
                        </label>
                      ))}
                    </div>
                  </div>
                ))}
              </div>
              {eventsError ? (
                <p id="subscription-events-error" role="alert" className="text-xs text-destructive">
                  {eventsError}
                </p>
              ) : null}
            </fieldset>
            <Field id="subscription-description" label="Description" hint="Optional" description="Who owns the receiver, what it does with the events.">
              <Textarea id="subscription-description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} rows={2} data-testid="subscription-description" />
            </Field>
            <div className="flex items-start justify-between gap-4 rounded-md border border-border px-3 py-2">
              <div>
                <Label htmlFor="subscription-active">Active</Label>
                <p id="subscription-active-desc" className="text-xs text-muted-foreground">
                  {subscription && subscription.disabledAt && !subscription.active ? "Disabled after repeated failures; turning it on clears the failure streak." : "Paused subscriptions receive nothing; events are not queued for them."}
                </p>
              </div>
              <Switch id="subscription-active" checked={active} onCheckedChange={setActive} aria-describedby="subscription-active-desc" data-testid="subscription-active" />
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
              <Button type="submit" loading={create.isPending || update.isPending} data-testid="save-subscription">
                {subscription ? "Save" : "Create subscription"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
