"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Sheet, SheetBody, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";

interface CustomType {
  id: string;
  name: string;
  description: string;
  samplePayload: Record<string, unknown>;
}

/** The sample payload text → a JSON object, or why not (shown inline under the field). */
export function parseSamplePayload(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, value: {} };
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== "object" || Array.isArray(v)) return { ok: false, error: 'Sample payload must be a JSON object, e.g. { "invoice": { "id": "inv_1" } }' };
    return { ok: true, value: v as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: `Sample payload is not valid JSON: ${(err as Error).message}` };
  }
}

/** Create a type (name, description, sample) or edit one (description and sample; the name stays, automations refer to it). */
function TypeForm({ type, onDone }: { type?: CustomType; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editing = type !== undefined;
  const idPrefix = editing ? `event-type-${type.id}` : "event-type";
  const [name, setName] = React.useState("");
  const [description, setDescription] = React.useState(type?.description ?? "");
  const [sample, setSample] = React.useState(type ? JSON.stringify(type.samplePayload, null, 2) : "{\n  \n}");
  // the JSON error appears once the field was left or the form submitted, then follows every keystroke
  const [touched, setTouched] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const parsed = parseSamplePayload(sample);
  const sampleError = touched && !parsed.ok ? parsed.error : null;
  const done = async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.eventTypes.list.queryKey() });
    toast.success(message);
    onDone();
  };
  const create = useMutation(
    trpc.eventTypes.create.mutationOptions({ onSuccess: (t) => done(`Created event type “${t.name}”`), onError: (e) => setError(errorMessage(e)) }),
  );
  const update = useMutation(
    trpc.eventTypes.update.mutationOptions({ onSuccess: (t) => done(`Saved event type “${t.name}”`), onError: (e) => setError(errorMessage(e)) }),
  );
  function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!parsed.ok) {
      document.getElementById(`${idPrefix}-sample`)?.focus();
      return;
    }
    setError(null);
    if (editing) update.mutate({ id: type.id, description: description.trim(), samplePayload: parsed.value });
    else create.mutate({ name: name.trim(), description: description.trim(), samplePayload: parsed.value });
  }
  return (
    <form onSubmit={submit} className="grid gap-3 rounded-lg border border-border p-3" data-testid={editing ? "edit-event-type-form" : "new-event-type-form"} noValidate>
      {editing ? (
        <p className="text-sm">
          Editing <span className="font-mono">{type.name}</span>
        </p>
      ) : (
        <Field id={`${idPrefix}-name`} label="Name" description='Lowercase words with "_" and optional dots, e.g. invoice.paid'>
          <Input id={`${idPrefix}-name`} data-testid="event-type-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoFocus />
        </Field>
      )}
      <Field id={`${idPrefix}-description`} label="Description" hint="Optional">
        <Input
          id={`${idPrefix}-description`}
          data-testid="event-type-description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={500}
          autoFocus={editing}
        />
      </Field>
      <Field
        id={`${idPrefix}-sample`}
        label="Sample payload"
        error={sampleError}
        description={editing ? "New event triggers start from this sample; existing ones keep their copy until “Use the type’s sample” in their panel." : "Drives the variable picker of automations that listen to this type."}
      >
        <Textarea
          id={`${idPrefix}-sample`}
          data-testid="event-type-sample"
          value={sample}
          onChange={(e) => setSample(e.target.value)}
          onBlur={() => setTouched(true)}
          rows={editing ? 8 : 6}
          spellCheck={false}
          aria-invalid={sampleError ? true : undefined}
          aria-describedby={sampleError ? `${idPrefix}-sample-error` : `${idPrefix}-sample-description`}
          className="font-mono text-xs"
        />
      </Field>
      {error ? (
        <p role="alert" className="text-sm text-destructive" data-testid="event-type-error">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending || update.isPending} data-testid={editing ? "save-event-type" : "create-event-type"}>
          {editing ? "Save changes" : "Create type"}
        </Button>
      </div>
    </form>
  );
}

/** The workspace's custom event types: list (everyone), create, edit and delete (admins). */
export function CustomEventTypesSheet({ open, onOpenChange, types, canEdit }: { open: boolean; onOpenChange: (open: boolean) => void; types: readonly CustomType[]; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [adding, setAdding] = React.useState(false);
  const [editingId, setEditingId] = React.useState<string | null>(null);
  const remove = useMutation(
    trpc.eventTypes.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.eventTypes.list.queryKey() });
        toast.success("Event type deleted");
      },
      onError: (e) => toast.error("Could not delete the event type", { description: errorMessage(e) }),
    }),
  );
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent data-testid="custom-event-types-sheet" className="sm:max-w-lg">
        <SheetHeader>
          <SheetTitle>Custom event types</SheetTitle>
          <SheetDescription>Event types of this workspace, next to the built-in ones. Event triggers can listen to them and events can be emitted with them.</SheetDescription>
        </SheetHeader>
        <SheetBody className="grid content-start gap-3">
          {canEdit ? (
            adding ? (
              <TypeForm onDone={() => setAdding(false)} />
            ) : (
              <Button variant="secondary" className="justify-self-start" onClick={() => setAdding(true)} data-testid="new-event-type">
                <Plus />
                New event type
              </Button>
            )
          ) : null}
          {types.length === 0 ? (
            <p className="text-sm text-muted-foreground">No custom event types yet.</p>
          ) : (
            <ul className="grid gap-2">
              {types.map((t) =>
                canEdit && editingId === t.id ? (
                  <li key={t.id} data-testid="custom-event-type">
                    <TypeForm type={t} onDone={() => setEditingId(null)} />
                  </li>
                ) : (
                  <li key={t.id} className="flex items-start gap-2 rounded-lg border border-border p-3" data-testid="custom-event-type">
                    <div className="min-w-0 flex-1">
                      <p className="truncate font-mono text-sm">{t.name}</p>
                      {t.description ? <p className="text-xs text-muted-foreground">{t.description}</p> : null}
                      <p className="text-xs text-muted-foreground">{Object.keys(t.samplePayload).length} top-level field(s) in the sample</p>
                    </div>
                    {canEdit ? (
                      <>
                        <Button variant="ghost" size="icon" aria-label={`Edit ${t.name}`} data-testid="edit-event-type" onClick={() => setEditingId(t.id)}>
                          <Pencil />
                        </Button>
                        <Button variant="ghost" size="icon" aria-label={`Delete ${t.name}`} loading={remove.isPending && remove.variables?.id === t.id} onClick={() => remove.mutate({ id: t.id })}>
                          <Trash2 />
                        </Button>
                      </>
                    ) : null}
                  </li>
                ),
              )}
            </ul>
          )}
        </SheetBody>
      </SheetContent>
    </Sheet>
  );
}
