"use client";

import * as React from "react";
import { format } from "date-fns";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { RouterOutputs } from "@/lib/trpc/types";

type SecretInfo = NonNullable<RouterOutputs["connections"]["get"]["detail"]>["secrets"][number];

/** "•••• set on <date> by <who>"; a secret is never shown back, only replaced. */
export function SecretStatus({ info }: { info: SecretInfo }) {
  const when = info.setAt ? format(new Date(info.setAt), "MMM d, yyyy") : null;
  return (
    <span className="truncate text-sm text-muted-foreground" data-testid={`secret-status-${info.field}`}>
      <span className="font-mono tracking-widest text-foreground" aria-label="secret">••••</span> {when ? `set on ${when}` : "set"}
      {info.setBy ? ` by ${info.setBy.name}` : ""}
    </span>
  );
}

/** A write-only secret input: a stored secret shows its status with Replace; a new one is a password field. */
export function SecretInput({
  id,
  stored,
  value,
  onChange,
  placeholder,
  invalid,
}: {
  id: string;
  stored: SecretInfo | undefined;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  invalid?: boolean;
}) {
  const replacing = value !== undefined;
  if (stored && !replacing) {
    return (
      <div className="flex h-9 items-center justify-between gap-3 rounded-md border border-border bg-muted/40 px-3">
        <SecretStatus info={stored} />
        <Button type="button" size="sm" variant="ghost" className="-mr-2" onClick={() => onChange("")} data-testid={`replace-${stored.field}`} aria-label={`Replace ${stored.field}`}>
          Replace
        </Button>
      </div>
    );
  }
  return (
    <div className="flex items-center gap-2">
      <Input
        id={id}
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        className="font-mono"
        value={value ?? ""}
        placeholder={placeholder ?? (stored ? "New value" : undefined)}
        aria-invalid={invalid || undefined}
        autoFocus={stored !== undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {stored ? (
        <Button type="button" size="sm" variant="ghost" onClick={() => onChange(undefined)}>
          Keep
        </Button>
      ) : null}
    </div>
  );
}
