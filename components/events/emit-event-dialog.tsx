"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { EventTypeSelect, eventTypeLabel, eventTypeSample, type CustomTypeOption } from "./event-type-select";

function parseData(text: string): { ok: true; data: Record<string, unknown> } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, data: {} };
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== "object" || Array.isArray(v)) return { ok: false, error: 'Data must be a JSON object, e.g. { "deal": { "id": "dl_1" } }' };
    return { ok: true, data: v as Record<string, unknown> };
  } catch (e) {
    return { ok: false, error: `Data is not valid JSON: ${(e as Error).message}` };
  }
}

/** Admins emit an event by hand: type picker, JSON data (prefilled with the type's sample), optional idempotency key. */
export function EmitEventDialog({ open, onOpenChange, custom }: { open: boolean; onOpenChange: (open: boolean) => void; custom: readonly CustomTypeOption[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [type, setType] = React.useState("");
  const [data, setData] = React.useState("{}");
  const [key, setKey] = React.useState("");
  const [typeError, setTypeError] = React.useState<string | null>(null);
  const [dataError, setDataError] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  React.useEffect(() => {
    if (open) {
      setType("");
      setData("{}");
      setKey("");
      setTypeError(null);
      setDataError(null);
      setError(null);
    }
  }, [open]);

  const emit = useMutation(
    trpc.events.emit.mutationOptions({
      onSuccess: async ({ event, created }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.events.list.queryKey() });
        const n = event.runCount;
        if (created) toast.success(`${eventTypeLabel(event.type)} emitted`, { description: n === 0 ? "No active automation listens to it." : `Started ${n} run${n === 1 ? "" : "s"}.` });
        else toast.info("An event with this idempotency key already exists", { description: "Showing it; no new runs were started." });
        onOpenChange(false);
        router.push(`/events/${event.id}`);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  function pickType(next: string) {
    setType(next);
    setTypeError(null);
    setData(JSON.stringify(eventTypeSample(next, custom), null, 2));
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (!type) return setTypeError("Choose an event type");
    const parsed = parseData(data);
    if (!parsed.ok) return setDataError(parsed.error);
    setDataError(null);
    emit.mutate({ event_type: type, data: parsed.data, ...(key.trim() ? { idempotency_key: key.trim() } : {}) });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="emit-event-dialog" className="sm:max-w-xl">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Emit an event</DialogTitle>
            <DialogDescription>Every active automation whose event trigger matches the type and its filters starts a run, highest priority first.</DialogDescription>
          </DialogHeader>
          <Field id="emit-event-type" label="Event type" error={typeError}>
            <EventTypeSelect id="emit-event-type" value={type} onChange={pickType} custom={custom} invalid={!!typeError} />
          </Field>
          <Field id="emit-event-data" label="Data" description="A JSON object; filters compare its top-level fields (e.g. stage_id)." error={dataError}>
            <Textarea
              id="emit-event-data"
              data-testid="emit-event-data"
              value={data}
              onChange={(e) => {
                setData(e.target.value);
                setDataError(null);
              }}
              spellCheck={false}
              rows={10}
              className="font-mono text-xs"
              aria-invalid={dataError ? true : undefined}
            />
          </Field>
          <Field id="emit-event-key" label="Idempotency key" hint="Optional" description="Emitting again with the same key returns the stored event and starts nothing.">
            <Input id="emit-event-key" data-testid="emit-event-key" value={key} maxLength={200} onChange={(e) => setKey(e.target.value)} placeholder="e.g. deal-41c9-won" />
          </Field>
          {error ? (
            <p role="alert" className="text-sm text-destructive" data-testid="emit-event-error">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={emit.isPending} data-testid="emit-event-submit">
              Emit event
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
