"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { errorMessage } from "@/components/shell/errors";
import { useViewer } from "@/components/shell/shell-context";
import { SettingsSection } from "./settings-section";

const MIN_DAYS = 1;
const MAX_DAYS = 3650;
const DEFAULT_DAYS = 90;

function validate(text: string): string | null {
  if (!/^\d+$/.test(text.trim())) return `Enter a whole number of days from ${MIN_DAYS} to ${MAX_DAYS}.`;
  const n = Number(text);
  if (n < MIN_DAYS || n > MAX_DAYS) return `Between ${MIN_DAYS} and ${MAX_DAYS} days (10 years).`;
  return null;
}

/** Settings → General: "Delete runs older than N days" (admins edit; others read). */
export function RunRetentionSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = useViewer();
  const current = useQuery(trpc.workspace.runRetention.queryOptions());
  const [enabled, setEnabled] = React.useState(false);
  const [text, setText] = React.useState(String(DEFAULT_DAYS));
  const [touched, setTouched] = React.useState(false);
  const days = current.data?.days ?? null;

  React.useEffect(() => {
    if (current.data) {
      setEnabled(current.data.days !== null);
      setText(String(current.data.days ?? DEFAULT_DAYS));
      setTouched(false);
    }
  }, [current.data]);

  const save = useMutation(
    trpc.workspace.setRunRetention.mutationOptions({
      onSuccess: async (r) => {
        toast.success(r.days === null ? "Run retention turned off: runs are kept" : `Runs older than ${r.days} days will be deleted`);
        await queryClient.invalidateQueries({ queryKey: trpc.workspace.runRetention.queryKey() });
      },
      onError: (err) => toast.error(`Could not save run retention: ${errorMessage(err)}`),
    }),
  );

  const error = enabled ? validate(text) : null;
  const next = enabled ? Number(text) : null;
  const dirty = current.data !== undefined && (enabled ? error === null && next !== days : days !== null);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (error) return;
    save.mutate({ days: next });
  }

  return (
    // A divider from the General sections above (SettingsSection draws none after the last one).
    <div className="border-t border-border pt-6">
    <SettingsSection
      title="Run retention"
      description="Finished runs (completed, failed, skipped, cancelled) older than this are deleted with their steps, in the background every few minutes. Running, paused and waiting runs are never deleted."
    >
      <Card data-testid="run-retention">
        {current.isError ? (
          <p className="px-4 py-3 text-sm text-destructive">Could not load the setting: {errorMessage(current.error)}</p>
        ) : !current.data ? (
          <div className="space-y-2 p-4">
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-8 w-40" />
          </div>
        ) : canEdit ? (
          <form onSubmit={submit} className="space-y-3 px-4 py-3.5" noValidate>
            <div className="flex items-center justify-between gap-4">
              <label htmlFor="run-retention-enabled" className="text-sm">
                Delete old runs
                <span className="block text-xs text-muted-foreground">Off: runs are kept forever</span>
              </label>
              <Switch id="run-retention-enabled" checked={enabled} onCheckedChange={(v) => setEnabled(v)} data-testid="run-retention-toggle" />
            </div>
            {enabled ? (
              <div className="flex flex-wrap items-center gap-2">
                <label htmlFor="run-retention-days" className="text-sm text-muted-foreground">
                  Delete runs older than
                </label>
                <Input
                  id="run-retention-days"
                  inputMode="numeric"
                  className="w-24 tabular-nums"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  onBlur={() => setTouched(true)}
                  aria-invalid={touched && error ? true : undefined}
                  aria-describedby={touched && error ? "run-retention-error" : undefined}
                  data-testid="run-retention-days"
                />
                <span className="text-sm text-muted-foreground">days</span>
              </div>
            ) : null}
            {touched && error ? (
              <p id="run-retention-error" className="text-xs text-destructive" role="alert">
                {error}
              </p>
            ) : null}
            <div className="flex items-center gap-2">
              <Button type="submit" size="sm" disabled={!dirty} loading={save.isPending} data-testid="run-retention-save">
                Save
              </Button>
              <span className="text-xs text-muted-foreground" aria-live="polite">
                {days === null ? "Currently off." : `Currently ${days} days.`}
              </span>
            </div>
          </form>
        ) : (
          <div className="flex min-h-11 items-center justify-between gap-4 px-4 py-2.5">
            <span className="text-sm text-muted-foreground">Delete runs older than</span>
            <span className="text-sm font-medium" data-testid="run-retention-value">
              {days === null ? "Off (runs are kept)" : `${days} days`}
            </span>
          </div>
        )}
      </Card>
      {canEdit ? null : <p className="mt-2 text-xs text-muted-foreground">Only admins change this.</p>}
    </SettingsSection>
    </div>
  );
}
