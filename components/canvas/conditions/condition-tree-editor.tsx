"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/utils";
import type { MatchMode } from "@/lib/conditions/schema";
import { ConditionRow, type ConditionValue } from "./condition-row";

export interface ConditionGroupValue {
  match: MatchMode;
  conditions: ConditionValue[];
}

const NEW_CONDITION: ConditionValue = { field: "", operator: "eq", value: "" };

function MatchToggle({ value, onChange, disabled, testId }: { value: MatchMode; onChange: (m: MatchMode) => void; disabled: boolean; testId: string }) {
  return (
    <div className="inline-flex rounded-md border border-border p-0.5" role="radiogroup" data-testid={testId}>
      {(["all", "any"] as const).map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={value === m}
          disabled={disabled}
          onClick={() => onChange(m)}
          className={cn(
            "h-6 rounded px-2 text-xs font-medium transition-colors disabled:opacity-60",
            value === m ? "bg-primary-solid text-primary-foreground" : "text-muted-foreground hover:bg-accent",
          )}
        >
          {m === "all" ? "All (AND)" : "Any (OR)"}
        </button>
      ))}
    </div>
  );
}

interface ConditionTreeEditorProps {
  match: MatchMode;
  groups: ConditionGroupValue[];
  onChange: (next: { match: MatchMode; groups: ConditionGroupValue[] }) => void;
  disabled: boolean;
  /** errors by "groups.<g>.conditions.<i>" prefix */
  errorsFor: (path: string) => string[];
}

/** Condition node editor: groups of conditions, combined with all/any at both levels. */
export function ConditionTreeEditor({ match, groups, onChange, disabled, errorsFor }: ConditionTreeEditorProps) {
  const setGroup = (g: number, next: ConditionGroupValue) => onChange({ match, groups: groups.map((x, i) => (i === g ? next : x)) });
  return (
    <div className="grid gap-3" data-testid="field-groups">
      {groups.length > 1 ? (
        <div className="flex items-center gap-2 text-xs text-muted-foreground">
          Pass when <MatchToggle value={match} onChange={(m) => onChange({ match: m, groups })} disabled={disabled} testId="cond-match" /> groups match
        </div>
      ) : null}
      {groups.map((group, g) => (
        <div key={g} className="grid gap-2 rounded-xl border border-border bg-muted/40 p-2.5" data-testid={`cond-group-${g}`}>
          {groups.length > 1 || group.conditions.length > 1 ? (
            <div className="flex items-center justify-between gap-2">
              <span className="text-xs font-semibold text-muted-foreground">{groups.length > 1 ? `Group ${g + 1}` : "Match"}</span>
              <div className="flex items-center gap-1">
                {group.conditions.length > 1 ? (
                  <MatchToggle value={group.match} onChange={(m) => setGroup(g, { ...group, match: m })} disabled={disabled} testId={`cond-group-${g}-match`} />
                ) : null}
                {groups.length > 1 && !disabled ? (
                  <Button variant="ghost" size="icon-sm" aria-label={`Remove group ${g + 1}`} onClick={() => onChange({ match, groups: groups.filter((_, i) => i !== g) })}>
                    <Trash2 className="text-muted-foreground" />
                  </Button>
                ) : null}
              </div>
            </div>
          ) : null}
          {group.conditions.map((c, i) => (
            <ConditionRow
              key={i}
              idPrefix={`cond-${g}-${i}`}
              condition={c}
              onChange={(next) => setGroup(g, { ...group, conditions: group.conditions.map((x, j) => (j === i ? next : x)) })}
              onRemove={group.conditions.length > 1 ? () => setGroup(g, { ...group, conditions: group.conditions.filter((_, j) => j !== i) }) : undefined}
              disabled={disabled}
              templatedValue
              fieldPlaceholder="trigger.deal.value"
              errors={errorsFor(`groups.${g}.conditions.${i}`)}
            />
          ))}
          {!disabled ? (
            <Button
              variant="ghost"
              size="sm"
              className="justify-self-start text-muted-foreground"
              onClick={() => setGroup(g, { ...group, conditions: [...group.conditions, { ...NEW_CONDITION }] })}
              data-testid={`cond-add-${g}`}
            >
              <Plus /> Add condition
            </Button>
          ) : null}
        </div>
      ))}
      {!disabled ? (
        <Button
          variant="outline"
          size="sm"
          className="justify-self-start"
          onClick={() => onChange({ match, groups: [...groups, { match: "all", conditions: [{ ...NEW_CONDITION }] }] })}
          data-testid="cond-add-group"
        >
          <Plus /> Add group
        </Button>
      ) : null}
    </div>
  );
}

/** Normalizes whatever is stored into editable groups. */
export function toGroups(value: unknown): ConditionGroupValue[] {
  if (!Array.isArray(value) || value.length === 0) return [{ match: "all", conditions: [{ ...NEW_CONDITION }] }];
  return value.map((g) => {
    const group = (g ?? {}) as { match?: unknown; conditions?: unknown };
    const conditions = Array.isArray(group.conditions) && group.conditions.length ? (group.conditions as ConditionValue[]) : [{ ...NEW_CONDITION }];
    return { match: group.match === "any" ? "any" : "all", conditions };
  });
}
