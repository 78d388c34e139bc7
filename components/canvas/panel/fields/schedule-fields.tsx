"use client";

import { WeekdayToggles } from "@/components/schedules/weekday-toggles";
import { TimezoneCombobox } from "@/components/schedules/timezone-combobox";
import { useWorkspaceTimezone } from "@/components/schedules/use-workspace-timezone";
import { CronInput, IntervalInput, ModeSegmented, TimeOfDayInput, type IntervalUnit } from "@/components/schedules/timetable-inputs";
import type { FieldControlProps } from "./types";

/**
 * fieldMeta widgets of the schedule trigger (lib/nodes/catalog/schedule.ts):
 * thin adapters from FieldControlProps to the shared schedule widgets, which
 * the standalone event schedule dialog uses too.
 */

const text = (v: unknown, fallback: unknown) => (typeof v === "string" ? v : typeof fallback === "string" ? fallback : "");

export function ScheduleModeField({ id, field, value, onChange, disabled }: FieldControlProps) {
  return <ModeSegmented id={id} value={text(value, field.defaultValue)} onChange={onChange} disabled={disabled} />;
}

export function WeekdaysField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const days = Array.isArray(value) ? value.map(String) : Array.isArray(field.defaultValue) ? field.defaultValue.map(String) : [];
  return <WeekdayToggles id={id} value={days} onChange={onChange} disabled={disabled} invalid={invalid} />;
}

export function TimeOfDayField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  return <TimeOfDayInput id={id} value={text(value, field.defaultValue)} onChange={onChange} disabled={disabled} invalid={invalid} />;
}

/** An empty zone (a new node's default) is the workspace's: shown as such and resolved by the server on publish. */
export function TimezoneField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const workspaceZone = useWorkspaceTimezone();
  return <TimezoneCombobox id={id} value={text(value, field.defaultValue)} onChange={onChange} disabled={disabled} invalid={invalid} defaultZone={workspaceZone} />;
}

/** `every` with its sibling `unit` (hidden in fieldMeta: edited here). */
export function IntervalField({ id, field, value, onChange, disabled, invalid, config, setField }: FieldControlProps) {
  const every = typeof value === "number" ? value : typeof field.defaultValue === "number" ? field.defaultValue : 15;
  const unit: IntervalUnit = config?.unit === "hours" ? "hours" : "minutes";
  return (
    <IntervalInput
      id={id}
      every={every}
      unit={unit}
      disabled={disabled}
      invalid={invalid}
      onChange={(next) => {
        if (next.unit !== unit) setField?.("unit", next.unit);
        onChange(next.every);
      }}
    />
  );
}

export function CronField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  return <CronInput id={id} value={text(value, field.defaultValue)} onChange={onChange} disabled={disabled} invalid={invalid} />;
}
