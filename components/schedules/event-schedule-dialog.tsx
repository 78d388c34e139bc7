"use client";

import { useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/client";
import { describeCron, nextFireTimes } from "@/lib/schedules/cron";
import { MISSED_POLICIES, MISSED_POLICY_LABELS, specFromConfig, type MissedPolicy } from "@/lib/schedules/spec";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { errorMessage } from "@/components/shell/errors";
import { NextFireList } from "./next-fire-list";

export interface EventScheduleDraft {
  id?: string;
  name: string;
  automationId: string;
  cron: string;
  timezone: string;
  payload: string;
  audience: string;
  endAt: string;
  maxRuns: string;
  missedPolicy: MissedPolicy;
  enabled: boolean;
}

export const EMPTY_DRAFT: EventScheduleDraft = {
  name: "",
  automationId: "",
  cron: "0 9 * * 1-5",
  timezone: typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC",
  payload: "{}",
  audience: "",
  endAt: "",
  maxRuns: "",
  missedPolicy: "once",
  enabled: true,
};

function parseJson(text: string, field: string, kind: "object" | "array"): { ok: true; value: unknown } | { ok: false; error: string } {
  if (kind === "array" && text.trim() === "") return { ok: true, value: null };
  try {
    const v: unknown = JSON.parse(text || (kind === "object" ? "{}" : "null"));
    if (kind === "object" && (typeof v !== "object" || v === null || Array.isArray(v))) return { ok: false, error: `${field} must be a JSON object` };
    if (kind === "array" && v !== null && !Array.isArray(v)) return { ok: false, error: `${field} must be a JSON list, e.g. [{"email": "a@example.com"}]` };
    return { ok: true, value: v };
  } catch (e) {
    return { ok: false, error: `${field} is not valid JSON: ${(e as Error).message}` };
  }
}

/** Create / edit a standalone event schedule (seed 003): cron + zone, payload, audience → one run per item of an automation. */
export function EventScheduleDialog({ draft, onOpenChange }: { draft: EventScheduleDraft | null; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={draft !== null} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-xl" data-testid="event-schedule-dialog">
        {draft ? <EventScheduleForm initial={draft} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function EventScheduleForm({ initial, onDone }: { initial: EventScheduleDraft; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [d, setD] = useState(initial);
  const set = <K extends keyof EventScheduleDraft>(k: K, v: EventScheduleDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const automations = useQuery(trpc.automations.list.queryOptions({ status: ["ACTIVE", "PAUSED", "DRAFT"] }));

  const spec = useMemo(() => specFromConfig({ mode: "cron", cron: d.cron, timezone: d.timezone, endAt: d.endAt, maxRuns: d.maxRuns ? Number(d.maxRuns) : null, missedPolicy: d.missedPolicy }), [d]);
  const times = useMemo(() => (spec.ok ? nextFireTimes(spec.spec.cron, spec.spec.timezone, 5, new Date(), { endAt: spec.spec.endAt, remaining: spec.spec.maxRuns }) : []), [spec]);
  const issue = (field: string) => (spec.ok ? null : (spec.issues.find((i) => i.field === field)?.message ?? null));
  const payload = parseJson(d.payload, "payload", "object");
  const audience = parseJson(d.audience, "audience", "array");

  const save = useMutation(
    trpc.schedules.save.mutationOptions({
      onSuccess: async (s) => {
        toast.success(initial.id ? "Schedule saved" : `Schedule "${s.name}" created`);
        await queryClient.invalidateQueries({ queryKey: trpc.schedules.list.queryKey() });
        onDone();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!spec.ok || !payload.ok || !audience.ok) return;
    save.mutate({
      ...(d.id ? { id: d.id } : {}),
      name: d.name,
      automationId: d.automationId,
      mode: "cron",
      cron: d.cron,
      timezone: d.timezone,
      payload: payload.value as Record<string, unknown>,
      audience: audience.value as unknown[] | null,
      endAt: d.endAt || null,
      maxRuns: d.maxRuns ? Number(d.maxRuns) : null,
      missedPolicy: d.missedPolicy,
      enabled: d.enabled,
    });
  };

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <DialogHeader>
        <DialogTitle>{initial.id ? "Edit event schedule" : "New event schedule"}</DialogTitle>
        <DialogDescription>On each fire, one run of the automation starts per audience item (or one run without an audience).</DialogDescription>
      </DialogHeader>
      <Field id="es-name" label="Name">
        <Input id="es-name" value={d.name} onChange={(e) => set("name", e.target.value)} placeholder="Daily staff digest" required autoFocus />
      </Field>
      <Field id="es-automation" label="Automation">
        <Select value={d.automationId} onValueChange={(v) => set("automationId", v)}>
          <SelectTrigger id="es-automation" aria-label="Automation">
            <SelectValue placeholder={automations.isPending ? "Loading…" : "Pick an automation"} />
          </SelectTrigger>
          <SelectContent>
            {(automations.data ?? []).map((a) => (
              <SelectItem key={a.id} value={a.id}>
                {a.name}
                {a.status !== "ACTIVE" ? ` (${a.status.toLowerCase()})` : ""}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="es-cron" label="Cron" error={issue("cron")} description={spec.ok ? (describeCron(spec.spec.cron) ?? undefined) : undefined}>
          <Input id="es-cron" className="font-mono" value={d.cron} onChange={(e) => set("cron", e.target.value)} aria-invalid={!!issue("cron")} />
        </Field>
        <Field id="es-tz" label="Time zone" error={issue("timezone")}>
          <Input id="es-tz" value={d.timezone} onChange={(e) => set("timezone", e.target.value)} aria-invalid={!!issue("timezone")} placeholder="Europe/Berlin" />
        </Field>
      </div>
      {spec.ok ? (
        <div className="rounded-lg border border-border bg-muted/40 p-3">
          <p className="mb-1 text-xs font-medium text-muted-foreground">Next 5 fire times</p>
          <NextFireList times={times} timezone={spec.spec.timezone} testId="es-next-fires" />
        </div>
      ) : null}
      <Field id="es-audience" label="Audience" hint="Optional" error={audience.ok ? null : audience.error} description="A JSON list: one run per item, available as {{trigger.item}} (at most 500).">
        <Textarea id="es-audience" className="font-mono text-xs" rows={3} value={d.audience} onChange={(e) => set("audience", e.target.value)} placeholder='[{"email": "ada@example.com"}]' />
      </Field>
      <Field id="es-payload" label="Payload" error={payload.ok ? null : payload.error} description="A JSON object merged into every run's trigger data.">
        <Textarea id="es-payload" className="font-mono text-xs" rows={2} value={d.payload} onChange={(e) => set("payload", e.target.value)} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="es-end" label="End at" hint="Optional" error={issue("endAt")}>
          <Input id="es-end" value={d.endAt} onChange={(e) => set("endAt", e.target.value)} placeholder="2026-12-31T23:59:00Z" />
        </Field>
        <Field id="es-max" label="Max runs" hint="Optional" error={issue("maxRuns")}>
          <Input id="es-max" type="number" min={0} value={d.maxRuns} onChange={(e) => set("maxRuns", e.target.value)} />
        </Field>
      </div>
      <Field id="es-policy" label="Missed times">
        <Select value={d.missedPolicy} onValueChange={(v) => set("missedPolicy", v as MissedPolicy)}>
          <SelectTrigger id="es-policy" aria-label="Missed times">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {MISSED_POLICIES.map((p) => (
              <SelectItem key={p} value={p}>
                {MISSED_POLICY_LABELS[p]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <Switch checked={d.enabled} onCheckedChange={(v) => set("enabled", v)} aria-label="Enabled" />
        Enabled
      </label>
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending} disabled={!spec.ok || !payload.ok || !audience.ok || !d.name.trim() || !d.automationId} data-testid="es-save">
          {initial.id ? "Save" : "Create schedule"}
        </Button>
      </DialogFooter>
    </form>
  );
}
