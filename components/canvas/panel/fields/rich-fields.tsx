"use client";

import { useEffect, useState } from "react";
import { Plus, Trash2 } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/components/ui/utils";
import { CodeEditor } from "./code-editor";
import { TemplatedInput } from "./templated-input";
import type { FieldControlProps } from "./types";

interface Row {
  key: string;
  value: string;
}

function asRows(value: unknown): Row[] {
  if (!Array.isArray(value)) return [];
  return value.map((r) => ({
    key: typeof r?.key === "string" ? r.key : "",
    value: typeof r?.value === "string" ? r.value : r?.value === undefined ? "" : String(r.value),
  }));
}

/** Rows of { key, value } (headers, query, variables, inputs). */
export function KeyValueField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const rows = asRows(value);
  const set = (i: number, patch: Partial<Row>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div id={id} className="grid gap-1.5" data-testid={`field-${field.name}`} aria-invalid={invalid || undefined}>
      {rows.length === 0 ? <p className="text-xs text-muted-foreground">No rows yet.</p> : null}
      {rows.map((row, i) => (
        <div key={i} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-start gap-1.5">
          <TemplatedInput
            id={`${id}-${i}-key`}
            name={`${field.name}.${i}.key`}
            testId={`field-${field.name}-${i}-key`}
            aria-label={`${field.label} row ${i + 1} key`}
            value={row.key}
            placeholder="Key"
            onChange={(key) => set(i, { key })}
            disabled={disabled}
            mono
          />
          <TemplatedInput
            id={`${id}-${i}-value`}
            name={`${field.name}.${i}.value`}
            testId={`field-${field.name}-${i}-value`}
            aria-label={`${field.label} row ${i + 1} value`}
            value={row.value}
            placeholder="Value"
            onChange={(v) => set(i, { value: v })}
            disabled={disabled}
            templated={field.templated}
            mono
          />
          {!disabled ? (
            <Button variant="ghost" size="icon" aria-label={`Remove row ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              <Trash2 className="text-muted-foreground" />
            </Button>
          ) : null}
        </div>
      ))}
      {!disabled ? (
        <Button variant="outline" size="sm" className="justify-self-start" onClick={() => onChange([...rows, { key: "", value: "" }])} data-testid={`field-${field.name}-add`}>
          <Plus /> Add row
        </Button>
      ) : null}
    </div>
  );
}

/** JavaScript editor for `code` fields. */
export function CodeField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  return (
    <CodeEditor
      id={id}
      testId={`field-${field.name}`}
      language="javascript"
      value={typeof value === "string" ? value : ""}
      onChange={onChange}
      disabled={disabled}
      invalid={invalid}
      minHeight="160px"
    />
  );
}

/**
 * JSON editor. String-typed fields (templated bodies) store the text as is;
 * object-typed fields (test data) store the parsed value once the text is valid JSON.
 */
export function JsonField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const isText = typeof value === "string" || (value === undefined && typeof field.defaultValue === "string");
  const toText = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? field.defaultValue ?? {}, null, 2));
  const [text, setText] = useState(() => toText(value));
  const [parseError, setParseError] = useState<string | null>(null);
  useEffect(() => {
    if (isText) return setText(typeof value === "string" ? value : "");
    setText((t) => {
      try {
        return JSON.stringify(JSON.parse(t)) === JSON.stringify(value) ? t : toText(value);
      } catch {
        return t;
      }
    });
  }, [value, isText]);
  return (
    <div className="grid gap-1">
      <CodeEditor
        id={id}
        testId={`field-${field.name}`}
        language="json"
        value={text}
        disabled={disabled}
        invalid={invalid || Boolean(parseError)}
        onChange={(next) => {
          setText(next);
          if (isText) return onChange(next);
          try {
            const parsed: unknown = JSON.parse(next.trim() === "" ? "{}" : next);
            setParseError(null);
            onChange(parsed);
          } catch (e) {
            setParseError(e instanceof Error ? e.message : "Invalid JSON");
          }
        }}
      />
      {parseError ? <p className="text-xs text-destructive">Not saved until the JSON is valid: {parseError}</p> : null}
    </div>
  );
}

/** Picker of another automation in the workspace (run_workflow). */
export function AutomationField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const trpc = useTRPC();
  const list = useQuery(trpc.automations.list.queryOptions({}));
  const items = list.data ?? [];
  const current = typeof value === "string" ? value : "";
  return (
    <Select value={current || undefined} onValueChange={onChange} disabled={disabled}>
      <SelectTrigger id={id} data-testid={`field-${field.name}`} aria-invalid={invalid || undefined}>
        <SelectValue placeholder={list.isLoading ? "Loading automations…" : "Choose an automation"} />
      </SelectTrigger>
      <SelectContent>
        {items.map((a) => (
          <SelectItem key={a.id} value={a.id}>
            {a.name}
          </SelectItem>
        ))}
        {current && !items.some((a) => a.id === current) ? <SelectItem value={current}>{current} (not found)</SelectItem> : null}
      </SelectContent>
    </Select>
  );
}

/** Workspace members to notify (value = user ids); ids no longer in the workspace are shown so they can be removed. */
export function UsersField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const trpc = useTRPC();
  const members = useQuery(trpc.workspace.members.queryOptions());
  const ids = Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  const selected = new Set(ids);
  const known = members.data ?? [];
  const unknown = ids.filter((u) => !known.some((m) => m.userId === u));
  const toggle = (userId: string) => onChange(selected.has(userId) ? ids.filter((u) => u !== userId) : [...ids, userId]);
  if (members.isLoading) return <p className="text-xs text-muted-foreground">Loading members…</p>;
  return (
    <div id={id} className="flex flex-wrap gap-1.5" data-testid={`field-${field.name}`} role="group" aria-invalid={invalid || undefined}>
      {known.map((m) => {
        const on = selected.has(m.userId);
        return (
          <button
            key={m.userId}
            type="button"
            disabled={disabled}
            aria-pressed={on}
            title={m.email}
            onClick={() => toggle(m.userId)}
            className={cn(
              "h-7 rounded-md border px-2.5 text-xs font-medium transition-colors disabled:opacity-50",
              on ? "border-primary/40 bg-primary/10 text-primary" : "border-border text-muted-foreground hover:bg-accent",
            )}
          >
            {m.name}
          </button>
        );
      })}
      {unknown.map((u) => (
        <button
          key={u}
          type="button"
          disabled={disabled}
          aria-pressed
          title="Not a member of this workspace any more: click to remove"
          onClick={() => toggle(u)}
          className="h-7 rounded-md border border-destructive/40 bg-destructive/10 px-2.5 font-mono text-xs text-destructive disabled:opacity-50"
        >
          {u}
        </button>
      ))}
      {known.length === 0 && unknown.length === 0 ? <p className="text-xs text-muted-foreground">No members found.</p> : null}
    </div>
  );
}
