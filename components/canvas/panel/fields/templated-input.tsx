"use client";

import { useRef, type ReactNode } from "react";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/components/ui/utils";
import { VariablePicker, insertAtCursor } from "../variable-picker";

interface TemplatedInputProps {
  id: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  invalid?: boolean;
  templated?: boolean;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  mono?: boolean;
  type?: string;
  testId?: string;
  "aria-label"?: string;
  /** replaces the variable picker on the right (e.g. a path picker) */
  trailing?: ReactNode;
}

/** Text input (or textarea) with the {x} variable picker; picks are inserted at the caret. */
export function TemplatedInput({ id, name, value, onChange, disabled, invalid, templated, multiline, rows, placeholder, mono, type, testId, trailing, ...aria }: TemplatedInputProps) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const insert = (text: string) => {
    const { value: next, caret } = insertAtCursor(ref.current, value, text);
    onChange(next);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(caret, caret);
    });
  };
  const common = {
    id,
    ref,
    value,
    disabled,
    placeholder,
    "aria-invalid": invalid || undefined,
    "aria-label": aria["aria-label"],
    "data-testid": testId ?? `field-${name}`,
    spellCheck: false,
    className: cn(((templated && !disabled) || trailing) && "pr-9", mono && "font-mono text-[13px]"),
  };
  return (
    <div className="relative">
      {multiline ? (
        <Textarea {...common} rows={rows ?? 4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <Input {...common} type={type ?? "text"} onChange={(e) => onChange(e.target.value)} />
      )}
      {trailing ? (
        trailing
      ) : templated && !disabled ? (
        <VariablePicker fieldName={name} onPick={insert} className={cn("absolute right-1.5", multiline ? "top-1.5" : "top-1/2 -translate-y-1/2")} />
      ) : null}
    </div>
  );
}
