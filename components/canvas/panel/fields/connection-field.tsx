"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useViewer } from "@/components/shell/shell-context";
import { ConnectionFormDialog } from "@/components/connections/connection-form-dialog";
import { ConnectionTypeIcon } from "@/components/connections/connection-type-icon";
import type { FieldControlProps } from "./types";

const NONE = "__none__";
const NEW = "__new__";

/** Picks a stored connection of the field's types (value = its id); "New connection…" creates one inline. */
export function ConnectionField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const trpc = useTRPC();
  const { canEdit } = useViewer();
  const types = field.connectionTypes ?? [];
  const list = useQuery(trpc.connections.list.queryOptions({ types: [...types] }));
  const [creating, setCreating] = React.useState(false);
  const items = list.data ?? [];
  const current = typeof value === "string" ? value : "";
  const missing = current !== "" && list.isSuccess && !items.some((c) => c.id === current);
  return (
    <>
      <Select
        value={current || NONE}
        disabled={disabled}
        onValueChange={(v) => {
          if (v === NEW) setCreating(true);
          else onChange(v === NONE ? "" : v);
        }}
      >
        <SelectTrigger id={id} data-testid={`field-${field.name}`} aria-invalid={invalid || missing || undefined}>
          <SelectValue placeholder={list.isLoading ? "Loading connections…" : "None"} />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={NONE}>None</SelectItem>
          {items.map((c) => (
            <SelectItem key={c.id} value={c.id} data-testid="connection-option">
              <span className="flex items-center gap-2">
                <ConnectionTypeIcon type={c.type} className="size-5 rounded" />
                <span className="truncate">{c.name}</span>
                <span className="text-xs text-muted-foreground">{c.typeLabel}</span>
              </span>
            </SelectItem>
          ))}
          {missing ? <SelectItem value={current}>Deleted connection</SelectItem> : null}
          {canEdit ? (
            <>
              <SelectSeparator />
              <SelectItem value={NEW} data-testid="new-connection-inline">
                <span className="flex items-center gap-2">
                  <Plus className="size-3.5" aria-hidden /> New connection…
                </span>
              </SelectItem>
            </>
          ) : null}
        </SelectContent>
      </Select>
      <ConnectionFormDialog open={creating} onOpenChange={setCreating} types={types} onSaved={(c) => onChange(c.id)} />
    </>
  );
}
