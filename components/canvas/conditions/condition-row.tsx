"use client";

import { X } from "lucide-react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tooltip } from "@/components/ui/tooltip";
import { OPERATORS, getOperator, isOperatorId, type OperatorId } from "@/lib/conditions/operators";
import { TemplatedInput } from "../panel/fields/templated-input";
import { VariablePicker } from "../panel/variable-picker";

export interface ConditionValue {
  field: string;
  operator: OperatorId;
  value?: unknown;
}

/** Text shown in the value box: lists as "a, b", other values as text. */
export function valueToText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Numbers typed as text stay text: the operators compare numeric text numerically. */
export function textToValue(text: string, operator: OperatorId): unknown {
  const meta = getOperator(operator);
  if (meta.valueKind === "none") return undefined;
  if (meta.valueKind === "list")
    return text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return text;
}

interface ConditionRowProps {
  idPrefix: string;
  condition: ConditionValue;
  onChange: (next: ConditionValue) => void;
  onRemove?: () => void;
  disabled: boolean;
  /** values may contain {{templates}} (condition nodes) */
  templatedValue: boolean;
  fieldPlaceholder: string;
  errors?: string[];
}

/** One condition: field (with a field picker) · operator · value. */
export function ConditionRow({ idPrefix, condition, onChange, onRemove, disabled, templatedValue, fieldPlaceholder, errors }: ConditionRowProps) {
  const op = isOperatorId(condition.operator) ? getOperator(condition.operator) : getOperator("eq");
  return (
    <div className="grid gap-1.5 rounded-lg border border-border bg-background p-2" data-testid={`${idPrefix}-row`}>
      <div className="flex items-center gap-1.5">
        <div className="min-w-0 flex-1">
          <TemplatedInput
            id={`${idPrefix}-field`}
            name={`${idPrefix}-field`}
            testId={`${idPrefix}-field`}
            aria-label="Field"
            value={condition.field}
            placeholder={fieldPlaceholder}
            onChange={(field) => onChange({ ...condition, field })}
            disabled={disabled}
            invalid={Boolean(errors?.length)}
            mono
            trailing={
              !disabled ? (
                <VariablePicker
                  mode="path"
                  fieldName={`${idPrefix}-field`}
                  onPick={(path) => onChange({ ...condition, field: path })}
                  className="absolute top-1/2 right-1.5 -translate-y-1/2"
                />
              ) : undefined
            }
          />
        </div>
        {onRemove && !disabled ? (
          <Tooltip content="Remove condition">
            <button
              type="button"
              aria-label="Remove condition"
              onClick={onRemove}
              data-testid={`${idPrefix}-remove`}
              className="flex size-7 shrink-0 items-center justify-center rounded-md text-muted-foreground hover:bg-destructive/10 hover:text-destructive"
            >
              <X className="size-3.5" />
            </button>
          </Tooltip>
        ) : null}
      </div>
      <div className="grid grid-cols-[minmax(0,11rem)_minmax(0,1fr)] gap-1.5">
        <Select
          value={op.id}
          disabled={disabled}
          onValueChange={(id) => {
            if (!isOperatorId(id)) return;
            const next = getOperator(id);
            const value = next.valueKind === "none" ? undefined : textToValue(valueToText(condition.value), id);
            onChange({ ...condition, operator: id, value });
          }}
        >
          <SelectTrigger data-testid={`${idPrefix}-operator`} aria-label="Operator" size="sm">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {OPERATORS.map((o) => (
              <SelectItem key={o.id} value={o.id} title={o.help} data-testid={`operator-${o.id}`}>
                {o.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        {op.valueKind === "none" ? (
          <span className="flex h-7 items-center text-xs text-muted-foreground">no value needed</span>
        ) : (
          <TemplatedInput
            id={`${idPrefix}-value`}
            name={`${idPrefix}-value`}
            testId={`${idPrefix}-value`}
            aria-label="Value"
            value={valueToText(condition.value)}
            placeholder={op.valueKind === "list" ? "a, b, c" : "value"}
            onChange={(text) => onChange({ ...condition, value: textToValue(text, op.id) })}
            disabled={disabled}
            templated={templatedValue}
          />
        )}
      </div>
      {errors?.length ? (
        <ul className="grid gap-0.5">
          {errors.map((e) => (
            <li key={e} className="text-xs text-destructive">
              {e}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
