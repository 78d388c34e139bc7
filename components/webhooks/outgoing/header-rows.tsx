"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { getConnectionType, templateFields } from "@/lib/connections/catalog";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { newHeaderRow, type HeaderRow } from "./outgoing-model";

/** Header rows of an endpoint: name + a literal value, or a stored connection's field (sent, never shown or stored here). */
export function HeaderRows({ rows, onChange, errors }: { rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void; errors: Record<string, string> }) {
  const trpc = useTRPC();
  const connections = useQuery(trpc.connections.list.queryOptions({}));
  const set = (key: number, patch: Partial<HeaderRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const fieldsOf = (id: string): string[] => {
    const c = connections.data?.find((x) => x.id === id);
    const def = c ? getConnectionType(c.type) : undefined;
    if (!c || !def) return [];
    return templateFields(def, c.detail?.secrets.map((s) => s.field) ?? []);
  };
  return (
    <fieldset className="grid gap-2" data-testid="outgoing-headers">
      <legend className="mb-1 text-sm font-medium">Headers</legend>
      <p className="text-xs text-muted-foreground">Sent with every request. Take secret values (API keys, tokens) from a connection: they stay encrypted and are masked in logs.</p>
      {rows.map((r, i) => {
        const err = errors[`headers.${i}.name`] ?? errors[`headers.${i}.connectionId`] ?? errors[`headers.${i}.field`] ?? errors[`headers.${i}.value`];
        return (
          <div key={r.key} className="grid gap-1" data-testid="outgoing-header-row">
            <div className="grid grid-cols-[minmax(0,1fr)_8.5rem_minmax(0,1.4fr)_auto] items-center gap-2">
              <Input aria-label={`Header ${i + 1} name`} placeholder="X-Api-Key" value={r.name} onChange={(e) => set(r.key, { name: e.target.value })} className="font-mono" data-testid="header-name" aria-invalid={err ? true : undefined} />
              <Select value={r.source} onValueChange={(v) => set(r.key, { source: v as HeaderRow["source"] })}>
                <SelectTrigger aria-label={`Header ${i + 1} value source`} data-testid="header-source">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="literal">Value</SelectItem>
                  <SelectItem value="connection">Connection</SelectItem>
                </SelectContent>
              </Select>
              {r.source === "literal" ? (
                <Input aria-label={`Header ${i + 1} value`} value={r.value} onChange={(e) => set(r.key, { value: e.target.value })} className="font-mono" data-testid="header-value" />
              ) : (
                <div className="grid grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)] gap-2">
                  <Select value={r.connectionId || undefined} onValueChange={(v) => set(r.key, { connectionId: v, field: fieldsOf(v)[0] ?? "" })}>
                    <SelectTrigger aria-label={`Header ${i + 1} connection`} data-testid="header-connection">
                      <SelectValue placeholder={connections.isLoading ? "Loading…" : "Connection"} />
                    </SelectTrigger>
                    <SelectContent>
                      {(connections.data ?? []).map((c) => (
                        <SelectItem key={c.id} value={c.id}>
                          {c.name}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <Select value={r.field || undefined} onValueChange={(v) => set(r.key, { field: v })} disabled={!r.connectionId}>
                    <SelectTrigger aria-label={`Header ${i + 1} connection field`} data-testid="header-field">
                      <SelectValue placeholder="Field" />
                    </SelectTrigger>
                    <SelectContent>
                      {fieldsOf(r.connectionId).map((f) => (
                        <SelectItem key={f} value={f}>
                          <span className="font-mono text-xs">{f}</span>
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </div>
              )}
              <Button type="button" size="icon" variant="ghost" aria-label={`Remove header ${r.name || i + 1}`} onClick={() => onChange(rows.filter((x) => x.key !== r.key))}>
                <Trash2 />
              </Button>
            </div>
            {err ? (
              <p role="alert" className="text-xs text-destructive">
                {err}
              </p>
            ) : null}
          </div>
        );
      })}
      <div>
        <Button type="button" size="sm" variant="secondary" onClick={() => onChange([...rows, newHeaderRow()])} disabled={rows.length >= 20} data-testid="add-header">
          <Plus /> Add header
        </Button>
      </div>
    </fieldset>
  );
}
