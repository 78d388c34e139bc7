"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { FieldControlProps } from "./types";

const NONE = "__none__";

/** Picks one of the workspace's outgoing webhook endpoints (value = its id); they are managed in Settings → Webhooks. */
export function OutgoingWebhookField({ id, field, value, onChange, disabled, invalid }: FieldControlProps) {
  const trpc = useTRPC();
  const list = useQuery(trpc.outgoingWebhooks.list.queryOptions({}));
  const items = list.data ?? [];
  const current = typeof value === "string" ? value : "";
  const missing = current !== "" && list.isSuccess && !items.some((w) => w.id === current);
  return (
    <div className="grid gap-1">
      <Select value={current || NONE} disabled={disabled} onValueChange={(v) => onChange(v === NONE ? "" : v)}>
        <SelectTrigger id={id} data-testid={`field-${field.name}`} aria-invalid={invalid || missing || undefined}>
          <SelectValue placeholder={list.isLoading ? "Loading endpoints…" : "Choose an endpoint"} />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={NONE}>None</SelectItem>
          {items.map((w) => (
            <SelectItem key={w.id} value={w.id} data-testid="outgoing-webhook-option">
              <span className="flex min-w-0 items-center gap-2">
                <span className="truncate">{w.name}</span>
                <span className="truncate font-mono text-xs text-muted-foreground">{w.url}</span>
                {w.active ? null : <span className="text-xs text-muted-foreground">(inactive)</span>}
              </span>
            </SelectItem>
          ))}
          {missing ? <SelectItem value={current}>Deleted endpoint</SelectItem> : null}
        </SelectContent>
      </Select>
      {list.isSuccess && items.length === 0 ? (
        <p className="text-xs text-muted-foreground">
          No endpoints yet: create one in{" "}
          <a className="underline" href="/settings?tab=webhooks&hooks=outgoing">
            Settings → Webhooks → Outgoing endpoints
          </a>
          .
        </p>
      ) : null}
    </div>
  );
}
