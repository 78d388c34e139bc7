"use client";

import { useRef, type KeyboardEvent } from "react";
import { CalendarClock } from "lucide-react";
import { describeCron } from "@/lib/schedules/cron";
import { INTERVAL_HOURS, INTERVAL_MINUTES, SCHEDULE_MODES, type ScheduleMode } from "@/lib/schedules/structured";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { cn } from "@/components/ui/utils";

/**
 * The schedule editor's small widgets, shared by the schedule trigger's panel
 * (through components/canvas/panel/fields/schedule-fields.tsx) and the
 * standalone event schedule dialog. Plain value / onChange components.
 */

export const MODE_LABELS: Record<ScheduleMode, string> = { weekly: "Days & time", interval: "Interval", cron: "Cron" };

/** The repeat mode as a segmented control (a radio group: ←/→ move and select). */
export function ModeSegmented({ id, value, onChange, disabled, labels = MODE_LABELS }: { id: string; value: string; onChange: (mode: ScheduleMode) => void; disabled?: boolean; labels?: Record<string, string> }) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const index = Math.max(0, SCHEDULE_MODES.indexOf(value as ScheduleMode));
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (index + step + SCHEDULE_MODES.length) % SCHEDULE_MODES.length;
    onChange(SCHEDULE_MODES[next]);
    refs.current[next]?.focus();
  };
  return (
    <div id={id} role="radiogroup" aria-label="Repeat" className="grid grid-cols-3 gap-0.5 rounded-lg bg-muted p-0.5" data-testid="schedule-mode">
      {SCHEDULE_MODES.map((m, i) => {
        const on = i === index;
        return (
          <button
            key={m}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="radio"
            aria-checked={on}
            tabIndex={on ? 0 : -1}
            disabled={disabled}
            onClick={() => onChange(m)}
            onKeyDown={onKeyDown}
            data-testid={`schedule-mode-${m}`}
            className={cn(
              "h-7 rounded-md text-xs font-medium transition-colors outline-none focus-visible:ring-3 focus-visible:ring-ring/30 disabled:cursor-default",
              on ? "bg-background text-foreground shadow-xs ring-1 ring-border" : "text-muted-foreground hover:text-foreground disabled:hover:text-muted-foreground",
            )}
          >
            {labels[m] ?? m}
          </button>
        );
      })}
    </div>
  );
}

/** "9:5" → "09:05" so the native time input can show values written by hand or by the API. */
function normalizeTime(value: string): string {
  const m = /^(\d{1,2}):(\d{1,2})$/.exec(value.trim());
  return m ? `${m[1].padStart(2, "0")}:${m[2].padStart(2, "0")}` : value;
}

/** Time of day, 24-hour "HH:MM" (the browser's native time picker; keyboard: type the digits, ↑/↓ step). */
export function TimeOfDayInput({ id, value, onChange, disabled, invalid }: { id: string; value: string; onChange: (time: string) => void; disabled?: boolean; invalid?: boolean }) {
  return (
    <Input
      id={id}
      type="time"
      step={60}
      value={normalizeTime(value)}
      onChange={(e) => onChange(e.target.value)}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      data-testid="schedule-time"
      className="w-36 tabular-nums [color-scheme:light] dark:[color-scheme:dark]"
    />
  );
}

export type IntervalUnit = "minutes" | "hours";
const STEPS: Record<IntervalUnit, readonly number[]> = { minutes: INTERVAL_MINUTES, hours: INTERVAL_HOURS };

/** The allowed step nearest to `every` for a unit (switching minutes ↔ hours keeps a valid value). */
export function nearestStep(unit: IntervalUnit, every: number): number {
  return STEPS[unit].reduce((best, s) => (Math.abs(s - every) < Math.abs(best - every) ? s : best), STEPS[unit][0]);
}

/**
 * "Every [15] [minutes]". Only steps that divide the hour / day evenly are
 * offered (cron restarts its step each hour / day); a stored value outside
 * them stays shown and is reported by the form's validation.
 */
export function IntervalInput({
  id,
  every,
  unit,
  onChange,
  disabled,
  invalid,
}: {
  id: string;
  every: number;
  unit: IntervalUnit;
  onChange: (value: { every: number; unit: IntervalUnit }) => void;
  disabled?: boolean;
  invalid?: boolean;
}) {
  const steps = STEPS[unit].includes(every) ? STEPS[unit] : [...STEPS[unit], every].sort((a, b) => a - b);
  return (
    <div className="flex items-center gap-2" data-testid="schedule-interval">
      <span className="text-sm text-muted-foreground">Every</span>
      <Select value={String(every)} onValueChange={(v) => onChange({ every: Number(v), unit })} disabled={disabled}>
        <SelectTrigger id={id} className="w-20 tabular-nums" aria-invalid={invalid || undefined} data-testid="schedule-every">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {steps.map((s) => (
            <SelectItem key={s} value={String(s)}>
              {s}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Select value={unit} onValueChange={(u) => onChange({ unit: u as IntervalUnit, every: nearestStep(u as IntervalUnit, every) })} disabled={disabled}>
        <SelectTrigger className="w-28" aria-label="Unit" data-testid="schedule-unit">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="minutes">{every === 1 ? "minute" : "minutes"}</SelectItem>
          <SelectItem value="hours">{every === 1 ? "hour" : "hours"}</SelectItem>
        </SelectContent>
      </Select>
    </div>
  );
}

/** A 5-field cron expression with its plain-English reading under it, live. */
export function CronInput({ id, value, onChange, disabled, invalid }: { id: string; value: string; onChange: (cron: string) => void; disabled?: boolean; invalid?: boolean }) {
  const text = describeCron(value);
  return (
    <div className="grid gap-1.5">
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-reading`}
        spellCheck={false}
        autoComplete="off"
        placeholder="0 9 * * 1-5"
        className="font-mono"
        data-testid="schedule-cron-input"
      />
      <p id={`${id}-reading`} className="flex items-center gap-1.5 text-xs" aria-live="polite" data-testid="schedule-cron-reading">
        <CalendarClock className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
        {text ? <span className="text-foreground">{text}</span> : <span className="text-muted-foreground">minute · hour · day of month · month · day of week</span>}
      </p>
    </div>
  );
}
