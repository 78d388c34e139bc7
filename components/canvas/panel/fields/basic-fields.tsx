"use client";

import { useEffect, useState } from "react";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { cn } from "@/components/ui/utils";
import { TemplatedInput } from "./templated-input";
import type { FieldControlProps } from "./types";

const asString = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

export function TextField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const multiline = field.widget === "textarea" || field.widget === "html";
  return (
    <TemplatedInput
      id={id}
      name={field.name}
      value={asString(value)}
      onChange={onChange}
      disabled={disabled}
      invalid={invalid}
      templated={field.templated}
      multiline={multiline}
      rows={field.widget === "html" ? 6 : 4}
      mono={field.widget === "url" || field.widget === "html" || (field.widget === "text" && field.templated && asString(value).includes("{{"))}
      placeholder={
        field.placeholder ??
        (field.widget === "emailList" ? "ada@example.com, {{trigger.contact.email}}" : field.widget === "datetime" ? "2025-01-31T09:00:00Z or {{trigger.date}}" : undefined)
      }
    />
  );
}

/** Numbers keep a local draft so "1." or "" can be typed; valid numbers are committed. */
export function NumberField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const [draft, setDraft] = useState(value === undefined || value === null ? "" : String(value));
  useEffect(() => {
    setDraft((d) => (Number(d) === value ? d : value === undefined || value === null ? "" : String(value)));
  }, [value]);
  return (
    <div className="relative">
      <Input
        id={id}
        inputMode="decimal"
        data-testid={`field-${field.name}`}
        value={draft}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        placeholder={field.defaultValue !== undefined ? String(field.defaultValue) : undefined}
        className={cn("tabular", field.unit && "pr-10")}
        onChange={(e) => {
          setDraft(e.target.value);
          const t = e.target.value.trim();
          if (t === "") return onChange(undefined);
          const n = Number(t);
          if (Number.isFinite(n)) onChange(n);
        }}
      />
      {field.unit ? <span className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-xs text-muted-foreground">{field.unit}</span> : null}
    </div>
  );
}

export function SelectField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const current = asString(value ?? field.defaultValue);
  return (
    <Select value={current} onValueChange={onChange} disabled={disabled}>
      <SelectTrigger id={id} data-testid={`field-${field.name}`} aria-invalid={invalid || undefined}>
        <SelectValue placeholder="Choose…" />
      </SelectTrigger>
      <SelectContent>
        {(field.options ?? []).map((o) => (
          <SelectItem key={o} value={o} data-testid={`option-${field.name}-${o}`}>
            {o}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

export function SwitchField({ id, field, value, onChange, disabled }: FieldControlProps) {
  const checked = typeof value === "boolean" ? value : Boolean(field.defaultValue);
  return <Switch id={id} data-testid={`field-${field.name}`} checked={checked} onCheckedChange={onChange} disabled={disabled} />;
}

export function MultiSelectField({ id, field, value, onChange, disabled }: FieldControlProps) {
  const selected = new Set(Array.isArray(value) ? value.map(String) : Array.isArray(field.defaultValue) ? field.defaultValue.map(String) : []);
  return (
    <div id={id} className="flex flex-wrap gap-1.5" data-testid={`field-${field.name}`} role="group">
      {(field.options ?? []).map((o) => {
        const on = selected.has(o);
        return (
          <button
            key={o}
            type="button"
            disabled={disabled}
            aria-pressed={on}
            onClick={() => onChange((field.options ?? []).filter((x) => (x === o ? !on : selected.has(x))))}
            className={cn(
              "h-7 rounded-md border px-2.5 text-xs font-medium transition-colors disabled:opacity-50",
              on ? "border-primary/40 bg-primary/10 text-primary" : "border-border text-muted-foreground hover:bg-accent",
            )}
          >
            {o}
          </button>
        );
      })}
    </div>
  );
}
