"use client";

import { useRef, type KeyboardEvent } from "react";
import { WEEKDAYS, type Weekday } from "@/lib/schedules/structured";
import { cn } from "@/components/ui/utils";

/** Monday first, as people read a week; the stored order stays cron's (Sunday = 0). */
const ORDER: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const NAMES: Record<Weekday, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
const PRESETS: ReadonlyArray<{ label: string; days: readonly Weekday[] }> = [
  { label: "Weekdays", days: ["mon", "tue", "wed", "thu", "fri"] },
  { label: "Every day", days: WEEKDAYS },
  { label: "Weekends", days: ["sat", "sun"] },
];

const sorted = (days: Iterable<string>) => WEEKDAYS.filter((d) => new Set(days).has(d));

interface WeekdayTogglesProps {
  id: string;
  value: readonly string[];
  onChange: (days: Weekday[]) => void;
  disabled?: boolean;
  invalid?: boolean;
}

/**
 * Days of the week as a row of toggle buttons (aria-pressed). One tab stop for
 * the row; ←/→, Home/End move between days, Space/Enter toggles.
 */
export function WeekdayToggles({ id, value, onChange, disabled, invalid }: WeekdayTogglesProps) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const selected = new Set(value);
  const toggle = (d: Weekday) => onChange(sorted(selected.has(d) ? [...selected].filter((x) => x !== d) : [...selected, d]));
  const same = (days: readonly Weekday[]) => days.length === selected.size && days.every((d) => selected.has(d));

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = ORDER.length - 1;
    const target = e.key === "ArrowRight" ? (index === last ? 0 : index + 1) : e.key === "ArrowLeft" ? (index === 0 ? last : index - 1) : e.key === "Home" ? 0 : e.key === "End" ? last : null;
    if (target === null) return;
    e.preventDefault();
    refs.current[target]?.focus();
  };
  // the first selected day (or Monday) is the row's tab stop
  const tabStop = Math.max(0, ORDER.findIndex((d) => selected.has(d)));

  return (
    <div className="grid gap-2">
      <div id={id} role="group" aria-label="Days of the week" aria-invalid={invalid || undefined} className="grid grid-cols-7 gap-1" data-testid="weekday-toggles">
        {ORDER.map((d, i) => {
          const on = selected.has(d);
          return (
            <button
              key={d}
              ref={(el) => {
                refs.current[i] = el;
              }}
              type="button"
              aria-pressed={on}
              aria-label={NAMES[d]}
              title={NAMES[d]}
              tabIndex={i === tabStop ? 0 : -1}
              disabled={disabled}
              data-testid={`weekday-${d}`}
              onClick={() => toggle(d)}
              onKeyDown={(e) => onKeyDown(e, i)}
              className={cn(
                "h-8 rounded-md border text-xs font-medium transition-colors outline-none focus-visible:ring-3 focus-visible:ring-ring/30 disabled:cursor-default",
                on
                  ? "border-primary bg-primary font-semibold text-primary-foreground shadow-xs hover:bg-primary/90 dark:bg-primary/25 dark:text-foreground dark:hover:bg-primary/35"
                  : "border-input bg-background text-muted-foreground hover:border-foreground/20 hover:text-foreground disabled:hover:border-input disabled:hover:text-muted-foreground",
                invalid && !on && "border-destructive/60",
              )}
            >
              {NAMES[d].slice(0, 3)}
            </button>
          );
        })}
      </div>
      {disabled ? null : (
        <div className="flex flex-wrap gap-x-3 gap-y-1 text-xs" aria-label="Quick picks">
          {PRESETS.map((p) => (
            <button
              key={p.label}
              type="button"
              aria-pressed={same(p.days)}
              onClick={() => onChange(sorted(p.days))}
              className={cn("rounded-sm underline-offset-4 outline-none hover:underline focus-visible:ring-3 focus-visible:ring-ring/30", same(p.days) ? "font-medium text-foreground" : "text-muted-foreground")}
            >
              {p.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
