"use client";

import { useState } from "react";
import { AlertTriangle, Rocket } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/textarea";

export interface PublishProblem {
  nodeId?: string;
  nodeName?: string;
  field?: string;
  message: string;
}

interface PublishDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPublish: (note: string) => Promise<void>;
  publishing: boolean;
  problems: PublishProblem[];
  error: string | null;
  onShowNode: (nodeId: string) => void;
  nextVersion: number;
}

/** Publish the draft as the next version, with a note; lists validation problems when the server refuses. */
export function PublishDialog({ open, onOpenChange, onPublish, publishing, problems, error, onShowNode, nextVersion }: PublishDialogProps) {
  const [note, setNote] = useState("");
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg" data-testid="publish-dialog">
        <DialogHeader>
          <DialogTitle className="flex items-center gap-2">
            <Rocket className="size-4 text-primary" /> Publish version {nextVersion}
          </DialogTitle>
          <DialogDescription>Publishing snapshots the current draft. New runs use the published version; runs already started keep theirs.</DialogDescription>
        </DialogHeader>
        <div className="grid gap-1.5">
          <label htmlFor="publish-note" className="text-sm font-medium">
            What changed? <span className="font-normal text-muted-foreground">(optional)</span>
          </label>
          <Textarea id="publish-note" data-testid="publish-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Send a Slack message for orders above $1,000" />
          <span className="justify-self-end text-[11px] text-muted-foreground tabular">{note.length}/500</span>
        </div>
        {problems.length ? (
          <div className="grid gap-2 rounded-lg border border-destructive/30 bg-destructive/5 p-3" data-testid="publish-problems" role="alert">
            <p className="flex items-center gap-1.5 text-sm font-medium text-destructive">
              <AlertTriangle className="size-4" /> Fix {problems.length} problem{problems.length === 1 ? "" : "s"} before publishing
            </p>
            <ul className="grid max-h-48 gap-1 overflow-y-auto text-xs">
              {problems.map((p, i) => (
                <li key={i} className="flex items-start justify-between gap-2">
                  <span>
                    {p.nodeName ? <span className="font-medium">{p.nodeName}: </span> : null}
                    {p.message}
                  </span>
                  {p.nodeId ? (
                    <Button variant="link" size="xs" className="h-auto shrink-0 text-xs" onClick={() => onShowNode(p.nodeId!)}>
                      Show
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {error ? (
          <p className="rounded-md bg-destructive/10 px-2.5 py-2 text-xs text-destructive" role="alert">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button
            data-testid="publish-confirm"
            loading={publishing}
            onClick={async () => {
              await onPublish(note);
              setNote("");
            }}
          >
            Publish
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
