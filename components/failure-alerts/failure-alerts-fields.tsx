"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { DIGEST_CHOICES, digestLabel, type AlertDraft } from "./alert-draft";

/**
 * The channels and frequency of failure alerts: in-app (owners and admins),
 * email addresses, event subscriptions (alert.run_failed / alert.digest) and
 * one message per failure or a digest per window. Shared by Settings → General
 * and the automation settings dialog.
 */
export function FailureAlertsFields({ idPrefix, draft, onChange, disabled }: { idPrefix: string; draft: AlertDraft; onChange: (d: AlertDraft) => void; disabled?: boolean }) {
  const trpc = useTRPC();
  const subs = useQuery(trpc.webhookSubscriptions.list.queryOptions({}));
  const choices: number[] = (DIGEST_CHOICES as readonly number[]).includes(draft.digestMinutes) ? [...DIGEST_CHOICES] : [...DIGEST_CHOICES, draft.digestMinutes].sort((a, b) => a - b);
  const set = (patch: Partial<AlertDraft>) => onChange({ ...draft, ...patch });
  const known = new Set((subs.data ?? []).map((s) => s.id));
  const unknownChosen = draft.subscriptionIds.filter((id) => subs.data && !known.has(id));
  // A chosen subscription that was deleted since: dropped from the form (the server refuses unknown ids).
  React.useEffect(() => {
    if (unknownChosen.length && !disabled) onChange({ ...draft, subscriptionIds: draft.subscriptionIds.filter((id) => known.has(id)) });
  }, [unknownChosen.length, disabled]);

  return (
    <div className="grid gap-4" data-testid={`${idPrefix}-fields`}>
      <fieldset className="grid gap-3">
        <legend className="mb-1 text-sm font-medium">Notify</legend>
        <div className="flex items-center gap-2">
          <Checkbox id={`${idPrefix}-inapp`} checked={draft.inApp} onCheckedChange={(v) => set({ inApp: v === true })} disabled={disabled} data-testid={`${idPrefix}-inapp`} />
          <Label htmlFor={`${idPrefix}-inapp`} className="font-normal">
            In the app (workspace owners and admins)
          </Label>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${idPrefix}-emails`} className="font-normal">
            By email
          </Label>
          <Textarea
            id={`${idPrefix}-emails`}
            rows={2}
            placeholder="ops@example.com, oncall@example.com"
            value={draft.emailsText}
            onChange={(e) => set({ emailsText: e.target.value })}
            disabled={disabled}
            aria-describedby={`${idPrefix}-emails-hint`}
            data-testid={`${idPrefix}-emails`}
          />
          <p id={`${idPrefix}-emails-hint`} className="text-xs text-muted-foreground">
            Addresses separated by commas or new lines (at most 20). Sent over SMTP, or kept in the outbox when no mail server is set.
          </p>
        </div>
        <div className="grid gap-1.5">
          <span id={`${idPrefix}-subscriptions-label`} className="text-sm">
            To event subscriptions
          </span>
          {subs.isError ? (
            <p className="text-xs text-destructive">Could not load the event subscriptions.</p>
          ) : !subs.data ? (
            <p className="text-xs text-muted-foreground">Loading subscriptions…</p>
          ) : subs.data.length === 0 ? (
            <p className="text-xs text-muted-foreground">No event subscriptions yet (Settings → Webhooks).</p>
          ) : (
            <ul className="grid gap-1.5" aria-labelledby={`${idPrefix}-subscriptions-label`} data-testid={`${idPrefix}-subscriptions`}>
              {subs.data.map((s) => {
                const id = `${idPrefix}-sub-${s.id}`;
                const checked = draft.subscriptionIds.includes(s.id);
                return (
                  <li key={s.id} className="flex min-w-0 items-center gap-2">
                    <Checkbox
                      id={id}
                      checked={checked}
                      disabled={disabled}
                      onCheckedChange={(v) => set({ subscriptionIds: v === true ? [...draft.subscriptionIds, s.id] : draft.subscriptionIds.filter((x) => x !== s.id) })}
                    />
                    <Label htmlFor={id} className="min-w-0 truncate font-normal">
                      <span className="font-mono text-xs">{s.url}</span>
                      {s.description ? <span className="text-muted-foreground"> · {s.description}</span> : null}
                      {s.active ? null : <span className="text-muted-foreground"> · inactive</span>}
                    </Label>
                  </li>
                );
              })}
            </ul>
          )}
          {unknownChosen.length && disabled ? <p className="text-xs text-muted-foreground">A chosen subscription was deleted.</p> : null}
          <p className="text-xs text-muted-foreground">
            They receive <code className="font-mono">alert.run_failed</code> or <code className="font-mono">alert.digest</code>, signed like every delivery; subscriptions not chosen here (also &quot;All events&quot; ones) do not.
          </p>
        </div>
      </fieldset>
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}-digest`}>How often</Label>
        <Select value={String(draft.digestMinutes)} onValueChange={(v) => set({ digestMinutes: Number(v) })} disabled={disabled}>
          <SelectTrigger id={`${idPrefix}-digest`} className="w-64" data-testid={`${idPrefix}-digest`}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {choices.map((m) => (
              <SelectItem key={m} value={String(m)}>
                {digestLabel(m)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <p className="text-xs text-muted-foreground">A digest collects the failures of a window (from the first one) into one message, counted per automation.</p>
      </div>
    </div>
  );
}
