"use client";

import { useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/client";
import { nextFireTimes } from "@/lib/schedules/cron";
import { MISSED_POLICIES, MISSED_POLICY_LABELS, specFromConfig, type MissedPolicy } from "@/lib/schedules/spec";
import { cronToForm, type ScheduleFormValue, type Weekday } from "@/lib/schedules/structured";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { errorMessage } from "@/components/shell/errors";
import { NextFireList } from "./next-fire-list";
import { CronInput, IntervalInput, ModeSegmented, TimeOfDayInput } from "./timetable-inputs";
import { TimezoneCombobox } from "./timezone-combobox";
import { useWorkspaceTimezone } from "./use-workspace-timezone";
import { WeekdayToggles } from "./weekday-toggles";

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
  // the workspace default, like a new schedule trigger on the canvas; the picker suggests the viewer's zone
  // empty = the workspace's zone (the combobox shows it; the server resolves it on save)
  timezone: "",
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

/** The structured form for a stored cron when one fits (weekdays + time, or every N), else the cron editor. */
type Timetable = Required<ScheduleFormValue> & { unit: "minutes" | "hours" };
function timetableOf(cron: string): Timetable {
  const base: Timetable = { mode: "cron", cron, time: "09:00", days: ["mon", "tue", "wed", "thu", "fri"], every: 15, unit: "minutes" };
  const form = cronToForm(cron);
  return form ? { ...base, ...form, cron } as Timetable : base;
}

function EventScheduleForm({ initial, onDone }: { initial: EventScheduleDraft; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [d, setD] = useState(initial);
  const set = <K extends keyof EventScheduleDraft>(k: K, v: EventScheduleDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const [tt, setTt] = useState(() => timetableOf(initial.cron));
  const setTimetable = (patch: Partial<Timetable>) => setTt((x) => ({ ...x, ...patch }));
  const automations = useQuery(trpc.automations.list.queryOptions({ status: ["ACTIVE", "PAUSED", "DRAFT"] }));

  const workspaceZone = useWorkspaceTimezone();
  const spec = useMemo(() => specFromConfig({ ...tt, timezone: d.timezone, endAt: d.endAt, maxRuns: d.maxRuns ? Number(d.maxRuns) : null, missedPolicy: d.missedPolicy }, workspaceZone), [d, tt, workspaceZone]);
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
      mode: tt.mode,
      cron: tt.cron,
      time: tt.time,
      days: tt.days as Weekday[],
      every: tt.every,
      unit: tt.unit,
      // what the user sees: an untouched picker is the workspace zone, saved explicitly
      timezone: d.timezone || workspaceZone,
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
      <Field id="es-mode" label="Repeat">
        <ModeSegmented id="es-mode" value={tt.mode} onChange={(mode) => setTimetable({ mode })} />
      </Field>
      {tt.mode === "weekly" ? (
        <>
          <Field id="es-days" label="Days" error={issue("days")}>
            <WeekdayToggles id="es-days" value={tt.days} onChange={(days) => setTimetable({ days })} invalid={!!issue("days")} />
          </Field>
          <Field id="es-time" label="Time" error={issue("time")}>
            <TimeOfDayInput id="es-time" value={tt.time} onChange={(time) => setTimetable({ time })} invalid={!!issue("time")} />
          </Field>
        </>
      ) : tt.mode === "interval" ? (
        <Field id="es-every" label="Interval" error={issue("every")}>
          <IntervalInput id="es-every" every={tt.every} unit={tt.unit} onChange={(v) => setTimetable(v)} invalid={!!issue("every")} />
        </Field>
      ) : (
        <Field id="es-cron" label="Cron expression" error={issue("cron")}>
          <CronInput id="es-cron" value={tt.cron} onChange={(cron) => setTimetable({ cron })} invalid={!!issue("cron")} />
        </Field>
      )}
      <Field id="es-tz" label="Time zone" error={issue("timezone")}>
        <TimezoneCombobox id="es-tz" value={d.timezone} onChange={(z) => set("timezone", z)} invalid={!!issue("timezone")} defaultZone={workspaceZone} />
      </Field>
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
