"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
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

function NewTypeForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = React.useState("");
  const [description, setDescription] = React.useState("");
  const [sample, setSample] = React.useState("{\n  \n}");
  const [error, setError] = React.useState<string | null>(null);
  const create = useMutation(
    trpc.eventTypes.create.mutationOptions({
      onSuccess: async (t) => {
        await queryClient.invalidateQueries({ queryKey: trpc.eventTypes.list.queryKey() });
        toast.success(`Created event type “${t.name}”`);
        onDone();
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  function submit(e: React.FormEvent) {
    e.preventDefault();
    let samplePayload: Record<string, unknown> = {};
    try {
      const v: unknown = sample.trim() ? JSON.parse(sample) : {};
      if (!v || typeof v !== "object" || Array.isArray(v)) return setError("Sample payload must be a JSON object");
      samplePayload = v as Record<string, unknown>;
    } catch (err) {
      return setError(`Sample payload is not valid JSON: ${(err as Error).message}`);
    }
    setError(null);
    create.mutate({ name: name.trim(), description: description.trim(), samplePayload });
  }
  return (
    <form onSubmit={submit} className="grid gap-3 rounded-lg border border-border p-3" data-testid="new-event-type-form">
      <Field id="event-type-name" label="Name" description='Lowercase words with "_" and optional dots, e.g. invoice.paid'>
        <Input id="event-type-name" data-testid="event-type-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoFocus />
      </Field>
      <Field id="event-type-description" label="Description" hint="Optional">
        <Input id="event-type-description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
      </Field>
      <Field id="event-type-sample" label="Sample payload" description="Drives the variable picker of automations that listen to this type.">
        <Textarea id="event-type-sample" data-testid="event-type-sample" value={sample} onChange={(e) => setSample(e.target.value)} rows={6} spellCheck={false} className="font-mono text-xs" />
      </Field>
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending} data-testid="create-event-type">
          Create type
        </Button>
      </div>
    </form>
  );
}

/** The workspace's custom event types: list (everyone), create and delete (admins). */
export function CustomEventTypesSheet({ open, onOpenChange, types, canEdit }: { open: boolean; onOpenChange: (open: boolean) => void; types: readonly CustomType[]; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [adding, setAdding] = React.useState(false);
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
              <NewTypeForm onDone={() => setAdding(false)} />
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
              {types.map((t) => (
                <li key={t.id} className="flex items-start gap-2 rounded-lg border border-border p-3" data-testid="custom-event-type">
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-mono text-sm">{t.name}</p>
                    {t.description ? <p className="text-xs text-muted-foreground">{t.description}</p> : null}
                    <p className="text-xs text-muted-foreground">{Object.keys(t.samplePayload).length} top-level field(s) in the sample</p>
                  </div>
                  {canEdit ? (
                    <Button variant="ghost" size="icon" aria-label={`Delete ${t.name}`} loading={remove.isPending && remove.variables?.id === t.id} onClick={() => remove.mutate({ id: t.id })}>
                      <Trash2 />
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </SheetBody>
      </SheetContent>
    </Sheet>
  );
}
