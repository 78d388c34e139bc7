"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/client";
import { describeAlerts } from "@/lib/failure-alerts/settings";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { errorMessage } from "@/components/shell/errors";
import { useViewer } from "@/components/shell/shell-context";
import { FailureAlertsFields } from "@/components/failure-alerts/failure-alerts-fields";
import { fromDraft, sameDraft, toDraft, type AlertDraft } from "@/components/failure-alerts/alert-draft";
import { SettingsSection } from "./settings-section";

/** Settings → General: the workspace's default failure alerts (automations use it unless they have their own). Admins edit; others read. */
export function FailureAlertsSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = useViewer();
  const current = useQuery(trpc.failureAlerts.workspace.queryOptions());
  const saved = current.data?.settings ?? null;
  const [enabled, setEnabled] = React.useState(false);
  const [draft, setDraft] = React.useState<AlertDraft>(toDraft(null));
  const [touched, setTouched] = React.useState(false);

  React.useEffect(() => {
    if (current.data) {
      setEnabled(current.data.settings?.enabled ?? false);
      setDraft(toDraft(current.data.settings));
      setTouched(false);
    }
  }, [current.data]);

  const save = useMutation(
    trpc.failureAlerts.setWorkspace.mutationOptions({
      onSuccess: async (r) => {
        toast.success(r.settings?.enabled ? "Failure alerts saved" : "Failure alerts turned off");
        await queryClient.invalidateQueries({ queryKey: trpc.failureAlerts.pathKey() });
      },
      onError: (err) => toast.error(`Could not save failure alerts: ${errorMessage(err)}`),
    }),
  );

  const { settings, error } = fromDraft(draft, true);
  const savedEnabled = saved?.enabled ?? false;
  const dirty = current.data !== undefined && (enabled !== savedEnabled || (enabled && !sameDraft(draft, toDraft(saved))));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!enabled) return save.mutate({ settings: null });
    if (error) return;
    save.mutate({ settings });
  }

  return (
    <div className="border-t border-border pt-6" data-testid="failure-alerts-section">
      <SettingsSection
        title="Failure alerts"
        description="Who hears about failed runs, for every automation that does not set its own alerts (automation settings → Failure alerts). Test runs are never alerted."
      >
        <Card data-testid="failure-alerts">
          {current.isError ? (
            <p className="px-4 py-3 text-sm text-destructive">Could not load the setting: {errorMessage(current.error)}</p>
          ) : !current.data ? (
            <div className="space-y-2 p-4">
              <Skeleton className="h-4 w-2/3" />
              <Skeleton className="h-8 w-40" />
            </div>
          ) : canEdit ? (
            <form onSubmit={submit} className="space-y-4 px-4 py-3.5" noValidate>
              <div className="flex items-center justify-between gap-4">
                <div className="grid gap-0.5">
                  <label htmlFor="failure-alerts-enabled" className="text-sm">
                    Alert on failed runs
                  </label>
                  <span id="failure-alerts-enabled-hint" className="text-xs text-muted-foreground">
                    Off: no alert unless an automation sets its own
                  </span>
                </div>
                <Switch
                  id="failure-alerts-enabled"
                  checked={enabled}
                  onCheckedChange={(v) => setEnabled(v)}
                  aria-describedby="failure-alerts-enabled-hint"
                  data-testid="failure-alerts-toggle"
                />
              </div>
              {enabled ? <FailureAlertsFields idPrefix="failure-alerts" draft={draft} onChange={setDraft} /> : null}
              {enabled && touched && error ? (
                <p className="text-xs text-destructive" role="alert" data-testid="failure-alerts-error">
                  {error}
                </p>
              ) : null}
              <div className="flex items-center gap-2">
                <Button type="submit" size="sm" disabled={!dirty} loading={save.isPending} data-testid="failure-alerts-save">
                  Save
                </Button>
                <span className="text-xs text-muted-foreground" aria-live="polite">
                  Currently: {describeAlerts(saved)}.
                </span>
              </div>
            </form>
          ) : (
            <div className="flex min-h-11 items-center justify-between gap-4 px-4 py-2.5">
              <span className="text-sm text-muted-foreground">Failure alerts</span>
              <span className="text-sm font-medium" data-testid="failure-alerts-value">
                {describeAlerts(saved)}
              </span>
            </div>
          )}
        </Card>
        {canEdit ? null : <p className="mt-2 text-xs text-muted-foreground">Only admins change this.</p>}
      </SettingsSection>
    </div>
  );
}
