"use client";

import { AlertDialog, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { formatAbsolute } from "@/components/ui/relative-time";
import type { ConflictInfo } from "../hooks/use-autosave";

interface ConflictDialogProps {
  conflict: ConflictInfo | null;
  onReload: () => Promise<void>;
  onOverwrite: () => Promise<void>;
  busy: boolean;
}

/** Someone else saved the draft since we loaded it: never overwrite silently. */
export function ConflictDialog({ conflict, onReload, onOverwrite, busy }: ConflictDialogProps) {
  return (
    <AlertDialog open={conflict !== null}>
      <AlertDialogContent data-testid="conflict-dialog">
        <AlertDialogHeader>
          <AlertDialogTitle>Someone else saved this draft</AlertDialogTitle>
          <AlertDialogDescription>
            {conflict?.updatedBy ?? "Another editor"} saved a newer draft
            {conflict?.updatedAt ? ` at ${formatAbsolute(conflict.updatedAt)}` : ""} while you were editing. Your latest changes are not saved yet.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <ul className="grid gap-1.5 text-xs text-muted-foreground">
          <li>
            <span className="font-medium text-foreground">Reload their version</span>: load the saved draft. Your edits stay in undo history (Ctrl/⌘ + Z) if you want them back.
          </li>
          <li>
            <span className="font-medium text-foreground">Overwrite with mine</span>: save your version over theirs.
          </li>
        </ul>
        <AlertDialogFooter>
          <Button variant="secondary" onClick={() => void onReload()} disabled={busy} data-testid="conflict-reload">
            Reload their version
          </Button>
          <Button variant="destructive" onClick={() => void onOverwrite()} loading={busy} data-testid="conflict-overwrite">
            Overwrite with mine
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
