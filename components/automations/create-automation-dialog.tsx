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

const NAME_MAX = 120;

export function CreateAutomationDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = React.useState("");
  const [description, setDescription] = React.useState("");
  const [error, setError] = React.useState<string | null>(null);
  const create = useMutation(
    trpc.automations.create.mutationOptions({
      onSuccess: async (automation) => {
        await queryClient.invalidateQueries({ queryKey: trpc.automations.list.queryKey() });
        toast.success(`Created “${automation.name}”`, { description: "Opening the editor…" });
        onOpenChange(false);
        router.push(`/automations/${automation.id}/edit`);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  React.useEffect(() => {
    if (open) {
      setName("");
      setDescription("");
      setError(null);
    }
  }, [open]);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(`Name is required (1–${NAME_MAX} characters)`);
      return;
    }
    setError(null);
    create.mutate({ name: trimmed, description: description.trim() || undefined });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="create-automation-dialog">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>New automation</DialogTitle>
            <DialogDescription>It starts as a draft with a manual trigger. You build its steps in the editor.</DialogDescription>
          </DialogHeader>
          <Field id="automation-name" label="Name" error={error} hint={`${name.length}/${NAME_MAX}`}>
            <Input
              id="automation-name"
              data-testid="automation-name-input"
              autoFocus
              value={name}
              maxLength={NAME_MAX}
              placeholder="e.g. Welcome new customers"
              onChange={(e) => setName(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "automation-name-error" : undefined}
            />
          </Field>
          <Field id="automation-description" label="Description" hint="Optional">
            <Textarea
              id="automation-description"
              data-testid="automation-description-input"
              value={description}
              maxLength={2000}
              placeholder="What does it do, and for whom?"
              onChange={(e) => setDescription(e.target.value)}
            />
          </Field>
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="create-automation-submit">
              Create and open editor
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
