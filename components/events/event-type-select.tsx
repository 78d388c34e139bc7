"use client";

import { builtInEventTypesByCategory, getBuiltInEventType } from "@/lib/triggers/event-types";
import { Select, SelectContent, SelectGroup, SelectItem, SelectLabel, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";

export interface CustomTypeOption {
  name: string;
  description: string;
  samplePayload: Record<string, unknown>;
}

const GROUPS = builtInEventTypesByCategory();

/** Label of an event type for lists: built-in label, else the custom name. */
export function eventTypeLabel(type: string): string {
  return getBuiltInEventType(type)?.label ?? type;
}

/** Sample payload of a type: built-in sample or the custom type's sample. */
export function eventTypeSample(type: string, custom: readonly CustomTypeOption[]): Record<string, unknown> {
  return getBuiltInEventType(type)?.sample ?? custom.find((c) => c.name === type)?.samplePayload ?? {};
}

/** Event type picker: built-in types grouped by category, then the workspace's custom types. */
export function EventTypeSelect({
  id,
  value,
  onChange,
  custom,
  disabled,
  allOption,
  placeholder = "Choose an event type",
  invalid,
  size,
  testId = "event-type-select",
  className,
}: {
  id?: string;
  value: string;
  onChange: (type: string) => void;
  custom: readonly CustomTypeOption[];
  disabled?: boolean;
  /** adds an "All event types" entry with value "all" (list filters) */
  allOption?: boolean;
  placeholder?: string;
  invalid?: boolean;
  size?: "sm" | "default";
  testId?: string;
  className?: string;
}) {
  const unknown = value && value !== "all" && !getBuiltInEventType(value) && !custom.some((c) => c.name === value);
  return (
    <Select value={value || undefined} onValueChange={onChange} disabled={disabled}>
      <SelectTrigger id={id} size={size} data-testid={testId} aria-invalid={invalid || undefined} className={className}>
        <SelectValue placeholder={placeholder} />
      </SelectTrigger>
      <SelectContent className="max-h-80">
        {allOption ? (
          <>
            <SelectItem value="all">All event types</SelectItem>
            <SelectSeparator />
          </>
        ) : null}
        {GROUPS.map((g) => (
          <SelectGroup key={g.category}>
            <SelectLabel>{g.category}</SelectLabel>
            {g.types.map((t) => (
              <SelectItem key={t.type} value={t.type} data-testid={`event-type-option-${t.type}`}>
                {t.label} <span className="font-mono text-xs text-muted-foreground">{t.type}</span>
              </SelectItem>
            ))}
          </SelectGroup>
        ))}
        {custom.length || unknown ? (
          <SelectGroup>
            <SelectLabel>Custom</SelectLabel>
            {custom.map((c) => (
              <SelectItem key={c.name} value={c.name} data-testid={`event-type-option-${c.name}`}>
                <span className="font-mono text-xs">{c.name}</span>
              </SelectItem>
            ))}
            {unknown ? (
              <SelectItem value={value}>
                <span className="font-mono text-xs">{value}</span> <span className="text-xs text-destructive">(unknown)</span>
              </SelectItem>
            ) : null}
          </SelectGroup>
        ) : null}
      </SelectContent>
    </Select>
  );
}
