"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Plus, Trash2, XCircle } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { CONNECTION_TYPES, getConnectionType } from "@/lib/connections/catalog";
import { validateConnectionValues } from "@/lib/connections/validate";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { ConnectionTypeIcon } from "./connection-type-icon";
import { SecretInput } from "./secret-field";

export type ConnectionItem = RouterOutputs["connections"]["list"][number];

interface KeyRow {
  key: string;
  /** undefined: keep the stored value */
  value: string | undefined;
  stored: boolean;
}

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Edit this connection; create a new one when absent. */
  connection?: ConnectionItem;
  /** Types offered when creating (the canvas passes the field's types). */
  types?: readonly string[];
  onSaved?: (connection: ConnectionItem) => void;
}

/** Create or edit a connection. Secrets are write-only: stored ones show "•••• set on …" with Replace. */
export function ConnectionFormDialog({ open, onOpenChange, connection, types, onSaved }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const offered = CONNECTION_TYPES.filter((t) => !types || types.includes(t.type));
  const [type, setType] = React.useState(connection?.type ?? offered[0]?.type ?? "http_bearer");
  const [name, setName] = React.useState("");
  const [description, setDescription] = React.useState("");
  const [values, setValues] = React.useState<Record<string, string | undefined>>({});
  const [rows, setRows] = React.useState<KeyRow[]>([]);
  const [removed, setRemoved] = React.useState<string[]>([]);
  const [showErrors, setShowErrors] = React.useState(false);
  const [serverError, setServerError] = React.useState<string | null>(null);
  const [test, setTest] = React.useState<{ ok: boolean; message: string } | null>(null);

  const detail = connection?.detail ?? null;
  const def = getConnectionType(type);
  const storedSecrets = React.useMemo(() => new Map((detail?.secrets ?? []).map((s) => [s.field, s])), [detail]);

  React.useEffect(() => {
    if (!open) return;
    setType(connection?.type ?? offered[0]?.type ?? "http_bearer");
    setName(connection?.name ?? "");
    setDescription(detail?.description ?? "");
    setValues({ ...(detail?.values ?? {}) });
    setRows(connection?.type === "secrets" ? (detail?.secrets ?? []).map((s) => ({ key: s.field, value: undefined, stored: true })) : [{ key: "", value: "", stored: false }]);
    setRemoved([]);
    setShowErrors(false);
    setServerError(null);
    setTest(null);
    // Reset only when the dialog opens or switches connection (not on every refetch).
  }, [open, connection?.id]);

  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.connections.pathKey() });
  const done = async (saved: ConnectionItem, verb: string) => {
    await invalidate();
    toast.success(`${verb} “${saved.name}”`);
    onSaved?.(saved);
    onOpenChange(false);
  };
  const create = useMutation(trpc.connections.create.mutationOptions({ onSuccess: (c) => done(c, "Created"), onError: (e) => setServerError(errorMessage(e)) }));
  const update = useMutation(trpc.connections.update.mutationOptions({ onSuccess: (c) => done(c, "Saved"), onError: (e) => setServerError(errorMessage(e)) }));
  const runTest = useMutation(
    trpc.connections.test.mutationOptions({
      onSuccess: async (r) => {
        setTest(r);
        await invalidate();
      },
      onError: (e) => setTest({ ok: false, message: errorMessage(e) }),
    }),
  );

  /** What is sent: public values, and only the secrets typed now. */
  const submitted = React.useMemo(() => {
    const out: Record<string, string> = {};
    if (def?.keyValue) {
      for (const r of rows) if (r.key.trim() && r.value !== undefined) out[r.key.trim()] = r.value;
      return out;
    }
    for (const f of def?.fields ?? []) {
      const v = values[f.name];
      if (v === undefined) continue;
      if (f.secret && v === "" && storedSecrets.has(f.name)) continue;
      out[f.name] = v;
    }
    return out;
  }, [def, rows, values, storedSecrets]);

  const issues = React.useMemo(() => {
    if (!def) return [];
    const stored = new Set([...storedSecrets.keys()].filter((k) => !removed.includes(k)));
    const list = validateConnectionValues(def, submitted, stored);
    if (!name.trim()) list.unshift({ field: "name", message: "Name is required" });
    return list;
  }, [def, submitted, storedSecrets, removed, name]);
  const errorFor = (field: string) => (showErrors ? (issues.find((i) => i.field === field)?.message ?? null) : null);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setShowErrors(true);
    setServerError(null);
    if (issues.length > 0) return;
    if (connection) update.mutate({ id: connection.id, name: name.trim(), description: description.trim(), values: submitted, removeKeys: removed });
    else create.mutate({ name: name.trim(), type, description: description.trim(), values: submitted });
  }

  const pending = create.isPending || update.isPending;
  const testable = connection && def?.testable;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-lg" data-testid="connection-dialog">
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{connection ? `Edit “${connection.name}”` : "New connection"}</DialogTitle>
            <DialogDescription>
              Secrets are encrypted at rest and never shown again after saving: you can only replace them. Steps refer to the connection, never to its secrets.
            </DialogDescription>
          </DialogHeader>

          {connection ? (
            <div className="flex items-center gap-2.5 rounded-md border border-border bg-muted/30 px-3 py-2 text-sm">
              <ConnectionTypeIcon type={type} />
              <span className="font-medium">{def?.label ?? type}</span>
            </div>
          ) : (
            <Field id="connection-type" label="Type" description={def?.description}>
              <Select value={type} onValueChange={(t) => { setType(t); setValues({}); setRows([{ key: "", value: "", stored: false }]); }}>
                <SelectTrigger id="connection-type" data-testid="connection-type">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {offered.map((t) => (
                    <SelectItem key={t.type} value={t.type} data-testid={`connection-type-${t.type}`}>
                      {t.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </Field>
          )}

          <Field id="connection-name" label="Name" error={errorFor("name")} hint={def?.keyValue ? <span className="font-mono text-[11px]">{"{{connections.<name>.<key>}}"}</span> : undefined}>
            <Input id="connection-name" data-testid="connection-name" autoFocus={!connection} value={name} maxLength={80} placeholder="e.g. Stripe production" onChange={(e) => setName(e.target.value)} />
          </Field>

          {def?.keyValue ? (
            <KeyValueEditor rows={rows} setRows={setRows} stored={storedSecrets} onRemoveStored={(k) => setRemoved((r) => [...r, k])} error={showErrors ? (issues.find((i) => i.field.startsWith("values"))?.message ?? null) : null} />
          ) : (
            (def?.fields ?? []).map((f) => {
              const id = `connection-field-${f.name}`;
              return (
                <Field key={f.name} id={id} label={<span>{f.label}{f.required ? <span className="ml-0.5 text-destructive">*</span> : null}</span>} description={f.description} error={errorFor(`values.${f.name}`)} hint={f.secret ? "Secret" : undefined}>
                  {f.secret ? (
                    <div data-testid={`connection-field-${f.name}`}>
                      <SecretInput id={id} stored={storedSecrets.get(f.name)} value={values[f.name]} placeholder={f.placeholder} invalid={!!errorFor(`values.${f.name}`)} onChange={(v) => setValues((s) => ({ ...s, [f.name]: v }))} />
                    </div>
                  ) : f.widget === "select" ? (
                    <Select value={values[f.name] ?? ""} onValueChange={(v) => setValues((s) => ({ ...s, [f.name]: v }))}>
                      <SelectTrigger id={id} data-testid={id}>
                        <SelectValue placeholder="Choose…" />
                      </SelectTrigger>
                      <SelectContent>
                        {(f.options ?? []).map((o) => (
                          <SelectItem key={o} value={o}>
                            {o}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                  ) : (
                    <Input id={id} data-testid={id} value={values[f.name] ?? ""} placeholder={f.placeholder} className={f.widget === "url" ? "font-mono" : undefined} onChange={(e) => setValues((s) => ({ ...s, [f.name]: e.target.value }))} />
                  )}
                </Field>
              );
            })
          )}

          <Field id="connection-description" label="Description" hint="Optional">
            <Input id="connection-description" value={description} maxLength={500} placeholder="What it is for, who owns it" onChange={(e) => setDescription(e.target.value)} />
          </Field>

          {test ? (
            <p role="status" className={`flex items-start gap-2 rounded-md border px-3 py-2 text-sm ${test.ok ? "border-success/30 bg-success/10" : "border-destructive/30 bg-destructive/8"}`} data-testid="connection-test-result">
              {test.ok ? <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-hidden /> : <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />}
              <span className="min-w-0 break-words">{test.message}</span>
            </p>
          ) : null}
          {serverError ? (
            <p role="alert" className="text-sm text-destructive" data-testid="connection-error">
              {serverError}
            </p>
          ) : null}

          <DialogFooter className="sm:justify-between">
            <div>
              {testable ? (
                <Button type="button" variant="secondary" loading={runTest.isPending} onClick={() => runTest.mutate({ id: connection.id })} data-testid="connection-test">
                  Test connection
                </Button>
              ) : null}
            </div>
            <div className="flex gap-2">
              <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={pending} data-testid="connection-save">
                {connection ? "Save" : "Create connection"}
              </Button>
            </div>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function KeyValueEditor({
  rows,
  setRows,
  stored,
  onRemoveStored,
  error,
}: {
  rows: KeyRow[];
  setRows: React.Dispatch<React.SetStateAction<KeyRow[]>>;
  stored: ReadonlyMap<string, NonNullable<ConnectionItem["detail"]>["secrets"][number]>;
  onRemoveStored: (key: string) => void;
  error: string | null;
}) {
  return (
    <div className="grid gap-2" role="group" aria-label="Secrets">
      <span className="text-sm font-medium">Secrets</span>
      {rows.map((row, i) => (
        <div key={i} className="grid grid-cols-[10rem_minmax(0,1fr)_auto] items-center gap-2">
          <Input aria-label={`Key ${i + 1}`} className="font-mono" value={row.key} disabled={row.stored} placeholder="api_key" onChange={(e) => setRows((r) => r.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} />
          <SecretInput id={`kv-${i}`} stored={row.stored ? stored.get(row.key) : undefined} value={row.value} onChange={(v) => setRows((r) => r.map((x, j) => (j === i ? { ...x, value: v } : x)))} />
          <Button
            type="button"
            size="icon"
            variant="ghost"
            aria-label={`Remove ${row.key || `row ${i + 1}`}`}
            onClick={() => {
              if (row.stored) onRemoveStored(row.key);
              setRows((r) => r.filter((_, j) => j !== i));
            }}
          >
            <Trash2 />
          </Button>
        </div>
      ))}
      <div>
        <Button type="button" size="sm" variant="ghost" onClick={() => setRows((r) => [...r, { key: "", value: "", stored: false }])}>
          <Plus /> Add secret
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
