"use client";

import { AlertCircle, Check, CloudUpload, Loader2, RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { formatRelative } from "@/components/ui/relative-time";
import type { Autosave } from "../hooks/use-autosave";

/** "Saved" / "Saving…" / "Unsaved changes" / error with retry. */
export function SaveIndicator({ autosave, readOnly }: { autosave: Autosave; readOnly: boolean }) {
  if (readOnly) return null;
  const { state, error, lastSavedAt } = autosave;
  const base = "flex items-center gap-1.5 text-xs";
  if (state === "error") {
    return (
      <span className={`${base} text-destructive`} data-testid="save-state" data-state="error" role="status">
        <Tooltip content={error ?? "Could not save"}>
          <span className="flex items-center gap-1.5">
            <AlertCircle className="size-3.5" /> Not saved
          </span>
        </Tooltip>
        <Button variant="ghost" size="xs" onClick={autosave.retry} data-testid="save-retry">
          <RotateCw /> Retry
        </Button>
      </span>
    );
  }
  if (state === "conflict") {
    return (
      <span className={`${base} text-warning`} data-testid="save-state" data-state="conflict" role="status">
        <AlertCircle className="size-3.5" /> Conflict
      </span>
    );
  }
  if (state === "saving" || state === "dirty") {
    return (
      <span className={`${base} text-muted-foreground`} data-testid="save-state" data-state={state} role="status">
        {state === "saving" ? <Loader2 className="size-3.5 animate-spin" /> : <CloudUpload className="size-3.5" />}
        {state === "saving" ? "Saving…" : "Unsaved changes"}
      </span>
    );
  }
  return (
    <Tooltip content={lastSavedAt ? `Draft saved ${formatRelative(lastSavedAt)}` : "All changes are saved to the draft"}>
      <span className={`${base} text-muted-foreground`} data-testid="save-state" data-state="saved" role="status">
        <Check className="size-3.5 text-success" /> Saved
      </span>
    </Tooltip>
  );
}
