"use client";

import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConditionRow, type ConditionValue } from "./condition-row";

interface ConditionsListEditorProps {
  conditions: ConditionValue[];
  onChange: (next: ConditionValue[]) => void;
  disabled: boolean;
  errorsFor: (index: number) => string[];
}

/** Automation-level gate: every condition must pass (AND); fields are paths into the trigger data. */
export function ConditionsListEditor({ conditions, onChange, disabled, errorsFor }: ConditionsListEditorProps) {
  return (
    <div className="grid gap-2" data-testid="automation-conditions">
      {conditions.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-3 py-4 text-center text-xs text-muted-foreground">
          No conditions: every trigger starts a run.
        </p>
      ) : null}
      {conditions.map((c, i) => (
        <div key={i} className="grid gap-1">
          {i > 0 ? <span className="px-1 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">and</span> : null}
          <ConditionRow
            idPrefix={`gate-${i}`}
            condition={c}
            onChange={(next) => onChange(conditions.map((x, j) => (j === i ? next : x)))}
            onRemove={() => onChange(conditions.filter((_, j) => j !== i))}
            disabled={disabled}
            templatedValue={false}
            fieldPlaceholder="contact.age"
            errors={errorsFor(i)}
          />
        </div>
      ))}
      {!disabled ? (
        <Button variant="outline" size="sm" className="justify-self-start" onClick={() => onChange([...conditions, { field: "", operator: "eq", value: "" }])} data-testid="gate-add">
          <Plus /> Add condition
        </Button>
      ) : null}
    </div>
  );
}
