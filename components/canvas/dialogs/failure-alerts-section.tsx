"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/client";
import { automationAlertMode, describeAlerts, type AutomationAlertMode } from "@/lib/failure-alerts/settings";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { errorMessage } from "@/components/shell/errors";
import { FailureAlertsFields } from "@/components/failure-alerts/failure-alerts-fields";
import { fromDraft, sameDraft, toDraft, type AlertDraft } from "@/components/failure-alerts/alert-draft";

const MODES: Array<{ value: AutomationAlertMode; label: string }> = [
  { value: "default", label: "Use the workspace default" },
  { value: "custom", label: "Custom for this automation" },
  { value: "off", label: "Off for this automation" },
];

/** Automation settings → Failure alerts: the workspace default, its own channels and frequency, or off. Saved on its own (it applies at once). */
export function FailureAlertsSection({ automationId, readOnly, open }: { automationId: string; readOnly: boolean; open: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery({ ...trpc.failureAlerts.automation.queryOptions({ automationId }), enabled: open });
  const [mode, setMode] = React.useState<AutomationAlertMode>("default");
  const [draft, setDraft] = React.useState<AlertDraft>(toDraft(null));
  const [touched, setTouched] = React.useState(false);

  React.useEffect(() => {
    if (!current.data || !open) return;
    setMode(automationAlertMode(current.data.settings));
    setDraft(toDraft(current.data.settings?.enabled ? current.data.settings : current.data.workspaceDefault));
    setTouched(false);
  }, [current.data, open]);

  const save = useMutation(
    trpc.failureAlerts.setAutomation.mutationOptions({
      onSuccess: async () => {
        toast.success("Failure alerts saved");
        await queryClient.invalidateQueries({ queryKey: trpc.failureAlerts.pathKey() });
      },
      onError: (err) => toast.error(`Could not save failure alerts: ${errorMessage(err)}`),
    }),
  );

  const saved = current.data?.settings ?? null;
  const { settings, error } = fromDraft(draft, true);
  const dirty = current.data !== undefined && (mode !== automationAlertMode(saved) || (mode === "custom" && saved !== null && !sameDraft(draft, toDraft(saved))));

  function submit() {
    setTouched(true);
    if (mode === "default") return save.mutate({ automationId, settings: null });
    if (mode === "off") return save.mutate({ automationId, settings: { enabled: false } });
    if (error) return;
    save.mutate({ automationId, settings });
  }

  return (
    <section className="grid gap-3 border-t border-border pt-4" data-testid="automation-failure-alerts">
      <div>
        <h3 className="text-sm font-medium">Failure alerts</h3>
        <p className="text-xs text-muted-foreground">Who hears about this automation&apos;s failed runs (test runs are never alerted).</p>
      </div>
      {current.isError ? (
        <p className="text-sm text-destructive">Could not load the failure alerts: {errorMessage(current.error)}</p>
      ) : !current.data ? (
        <p className="text-xs text-muted-foreground">Loading…</p>
      ) : (
        <>
          <div className="grid gap-1.5">
            <Label htmlFor="automation-alerts-mode">Alerts</Label>
            <Select value={mode} onValueChange={(v) => setMode(v as AutomationAlertMode)} disabled={readOnly}>
              <SelectTrigger id="automation-alerts-mode" className="w-72" data-testid="automation-alerts-mode">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {MODES.map((m) => (
                  <SelectItem key={m.value} value={m.value}>
                    {m.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            {mode === "default" ? (
              <p className="text-xs text-muted-foreground" data-testid="automation-alerts-default">
                Workspace default: {describeAlerts(current.data.workspaceDefault)} (Settings → General).
              </p>
            ) : null}
          </div>
          {mode === "custom" ? <FailureAlertsFields idPrefix="automation-alerts" draft={draft} onChange={setDraft} disabled={readOnly} /> : null}
          {mode === "custom" && touched && error ? (
            <p className="text-xs text-destructive" role="alert">
              {error}
            </p>
          ) : null}
          {readOnly ? null : (
            <div className="flex items-center gap-2">
              <Button
                type="button"
                size="sm"
                variant="secondary"
                disabled={!dirty}
                loading={save.isPending}
                onClick={submit}
                aria-describedby="automation-alerts-save-hint"
                data-testid="automation-alerts-save"
              >
                Save alerts
              </Button>
              <span id="automation-alerts-save-hint" className="text-xs text-muted-foreground">
                Applies at once, separately from Save settings.
              </span>
            </div>
          )}
        </>
      )}
    </section>
  );
}
