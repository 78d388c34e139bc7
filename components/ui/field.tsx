import * as React from "react";
import { cn } from "./utils";
import { Label } from "./label";

interface FieldProps {
  /** id of the control; links the label, description and error to it. */
  id: string;
  label: React.ReactNode;
  description?: React.ReactNode;
  error?: string | null;
  /** Shown next to the label ("Optional", a counter …). */
  hint?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
}

/** Label + control + description + inline error, consistently spaced. */
export function Field({ id, label, description, error, hint, className, children }: FieldProps) {
  return (
    <div className={cn("grid gap-1.5", className)} data-slot="field">
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={id}>{label}</Label>
        {hint ? <span className="text-xs text-muted-foreground">{hint}</span> : null}
      </div>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : description ? (
        <p id={`${id}-description`} className="text-xs text-muted-foreground">
          {description}
        </p>
      ) : null}
    </div>
  );
}
