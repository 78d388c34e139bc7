"use client";

import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Settings2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/client";
import { conditionsSchema } from "@/lib/conditions/schema";
import type { ConditionValue } from "../conditions/condition-row";
import { ConditionsListEditor } from "../conditions/conditions-list-editor";
import { VariableScopeContext } from "../panel/variable-picker";
import { errorDetails } from "../hooks/use-autosave";
import { FailureAlertsSection } from "./failure-alerts-section";

export interface AutomationSettings {
  id: string;
  name: string;
  description: string;
  priority: number;
  conditions: ConditionValue[];
}

interface SettingsDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  automation: AutomationSettings;
  readOnly: boolean;
}

/** Name, description, priority and the automation-level conditions gate. */
export function SettingsDialog({ open, onOpenChange, automation, readOnly }: SettingsDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(automation.name);
  const [description, setDescription] = useState(automation.description);
  const [priority, setPriority] = useState(String(automation.priority));
  const [conditions, setConditions] = useState<ConditionValue[]>(automation.conditions);
  const [serverIssues, setServerIssues] = useState<Array<{ field: string; message: string }>>([]);

  useEffect(() => {
    if (!open) return;
    setName(automation.name);
    setDescription(automation.description);
    setPriority(String(automation.priority));
    setConditions(automation.conditions);
    setServerIssues([]);
  }, [open, automation]);

  const save = useMutation(
    trpc.automations.updateSettings.mutationOptions({
      onSuccess: async () => {
        toast.success("Settings saved");
        await queryClient.invalidateQueries({ queryKey: trpc.automations.pathKey() });
        onOpenChange(false);
      },
      onError: (err) => {
        const data = (err as { data?: { zodIssues?: Array<{ field: string; message: string }> | null } }).data;
        setServerIssues(data?.zodIssues ?? [{ field: "", message: errorDetails(err).message }]);
      },
    }),
  );

  const priorityNum = Number(priority);
  const priorityError = !Number.isInteger(priorityNum) || priorityNum < -100 || priorityNum > 100 ? "Priority must be a whole number from -100 to 100" : null;
  const nameError = name.trim() === "" ? "Name is required" : name.length > 120 ? "Name: at most 120 characters" : null;
  const condCheck = conditionsSchema.safeParse(conditions);
  const condIssues = condCheck.success ? [] : condCheck.error.issues;
  const errorsFor = (i: number) => [
    ...condIssues.filter((x) => x.path[0] === i).map((x) => `${x.path.slice(1).join(".") || "condition"}: ${x.message}`),
    ...serverIssues.filter((x) => x.field.startsWith(`conditions.${i}`)).map((x) => x.message),
  ];
  const otherServer = serverIssues.filter((x) => !x.field.startsWith("conditions."));
  const canSave = !readOnly && !priorityError && !nameError && condCheck.success;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl" data-testid="settings-dialog">
        <DialogHeader>
          <DialogTitle className="flex items-center gap-2">
            <Settings2 className="size-4 text-muted-foreground" /> Automation settings
          </DialogTitle>
          <DialogDescription>These apply to the automation as a whole and take effect immediately (no publish needed).</DialogDescription>
        </DialogHeader>
        <div className="grid max-h-[65vh] gap-4 overflow-y-auto pr-1">
          <div className="grid grid-cols-[minmax(0,1fr)_8rem] gap-3">
            <Field id="set-name" label="Name" error={nameError}>
              <Input id="set-name" data-testid="settings-name" value={name} onChange={(e) => setName(e.target.value)} disabled={readOnly} />
            </Field>
            <Field id="set-priority" label="Priority" error={priorityError} hint="-100…100">
              <Input id="set-priority" data-testid="settings-priority" inputMode="numeric" value={priority} onChange={(e) => setPriority(e.target.value)} disabled={readOnly} />
            </Field>
          </div>
          <Field id="set-description" label="Description">
            <Textarea id="set-description" data-testid="settings-description" value={description} onChange={(e) => setDescription(e.target.value)} disabled={readOnly} rows={2} />
          </Field>
          <section className="grid gap-2">
            <div>
              <h3 className="text-sm font-medium">Run only when</h3>
              <p className="text-xs text-muted-foreground">
                All conditions must match the trigger data (fields are paths like <code className="font-mono">contact.age</code>); otherwise the run is recorded as skipped and no step runs.
              </p>
            </div>
            <VariableScopeContext.Provider value={null}>
              <ConditionsListEditor conditions={conditions} onChange={setConditions} disabled={readOnly} errorsFor={errorsFor} />
            </VariableScopeContext.Provider>
          </section>
          <FailureAlertsSection automationId={automation.id} readOnly={readOnly} open={open} />
          {otherServer.length ? (
            <ul className="grid gap-1 rounded-md bg-destructive/10 px-3 py-2 text-xs text-destructive" role="alert">
              {otherServer.map((x, i) => (
                <li key={i}>{x.field ? `${x.field}: ${x.message}` : x.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <DialogFooter>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {readOnly ? "Close" : "Cancel"}
          </Button>
          {!readOnly ? (
            <Button
              data-testid="settings-save"
              disabled={!canSave}
              loading={save.isPending}
              onClick={() =>
                save.mutate({
                  id: automation.id,
                  name: name.trim(),
                  description: description.trim(),
                  priority: priorityNum,
                  conditions: conditions.map((c) => ({ field: c.field, operator: c.operator, ...(c.value === undefined ? {} : { value: c.value }) })),
                })
              }
            >
              Save settings
            </Button>
          ) : null}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
