"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";

const NAME_MAX = 120;

export function RenameAutomationDialog({
  automation,
  onOpenChange,
}: {
  /** The automation to rename; null closes the dialog. */
  automation: { id: string; name: string } | null;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = React.useState("");
  const [error, setError] = React.useState<string | null>(null);
  const rename = useMutation(
    trpc.automations.rename.mutationOptions({
      onSuccess: async (updated) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.automations.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.automations.get.queryKey({ id: updated.id }) }),
        ]);
        toast.success(`Renamed to “${updated.name}”`);
        onOpenChange(false);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  React.useEffect(() => {
    if (automation) {
      setName(automation.name);
      setError(null);
    }
  }, [automation]);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!automation) return;
    const trimmed = name.trim();
    if (!trimmed) return setError(`Name is required (1–${NAME_MAX} characters)`);
    if (trimmed === automation.name) return onOpenChange(false);
    setError(null);
    rename.mutate({ id: automation.id, name: trimmed });
  }

  return (
    <Dialog open={automation !== null} onOpenChange={onOpenChange}>
      <DialogContent data-testid="rename-dialog">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Rename automation</DialogTitle>
            <DialogDescription>Runs and versions keep their history under the new name.</DialogDescription>
          </DialogHeader>
          <Field id="rename-input" label="Name" error={error} hint={`${name.length}/${NAME_MAX}`}>
            <Input
              id="rename-input"
              data-testid="rename-input"
              autoFocus
              onFocus={(e) => e.currentTarget.select()}
              value={name}
              maxLength={NAME_MAX}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "rename-input-error" : undefined}
            />
          </Field>
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.isPending} data-testid="confirm-rename">
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
