"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Eye, History, RotateCcw, X } from "lucide-react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/utils";
import { useTRPC } from "@/lib/trpc/client";

interface VersionHistoryProps {
  automationId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  viewing: number | null;
  onView: (number: number) => Promise<void>;
  onRestore: (number: number) => Promise<void>;
  canRestore: boolean;
}

/**
 * Published versions (who, when, note): view one read-only on the canvas, or
 * restore it into the draft. A side column (not a modal), so the canvas stays
 * usable while browsing versions.
 */
export function VersionHistory({ automationId, open, onOpenChange, viewing, onView, onRestore, canRestore }: VersionHistoryProps) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.versions.list.queryOptions({ automationId }), enabled: open });
  const [confirm, setConfirm] = useState<number | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  return (
    <>
      {open ? (
        <aside className="flex w-[340px] shrink-0 flex-col border-l border-border bg-background" data-testid="version-history" aria-label="Version history">
          <header className="flex items-start gap-2 border-b border-border px-4 py-3">
            <div className="min-w-0 flex-1">
              <h2 className="flex items-center gap-2 text-[15px] font-semibold">
                <History className="size-4 text-muted-foreground" /> Version history
              </h2>
              <p className="mt-0.5 text-xs text-muted-foreground">Restoring copies a version into the draft; publish again to make it live.</p>
            </div>
            <button
              type="button"
              aria-label="Close version history"
              data-testid="version-history-close"
              onClick={() => onOpenChange(false)}
              className="flex size-7 shrink-0 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-foreground"
            >
              <X className="size-4" />
            </button>
          </header>
          <div className="grid min-h-0 flex-1 content-start gap-2 overflow-y-auto p-3">
            {list.isLoading ? [0, 1, 2].map((i) => <Skeleton key={i} className="h-20 w-full rounded-lg" />) : null}
            {list.error ? <p className="text-sm text-destructive">{list.error.message}</p> : null}
            {list.data && list.data.items.length === 0 ? (
              <p className="rounded-lg border border-dashed border-border px-4 py-8 text-center text-sm text-muted-foreground">
                Not published yet. Publish the draft to create version 1.
              </p>
            ) : null}
            {list.data?.items.map((v) => (
              <article
                key={v.id}
                data-testid={`version-${v.number}`}
                className={cn("grid gap-1.5 rounded-lg border border-border p-3", viewing === v.number && "border-primary ring-3 ring-primary/15")}
              >
                <div className="flex items-center justify-between gap-2">
                  <span className="flex items-center gap-2 text-sm font-semibold">
                    Version {v.number}
                    {v.isPublished ? <Badge variant="success">Live</Badge> : null}
                    {viewing === v.number ? <Badge variant="default">Viewing</Badge> : null}
                  </span>
                  <span className="text-xs text-muted-foreground">
                    <RelativeTime value={v.publishedAt} />
                  </span>
                </div>
                <p className="text-xs text-muted-foreground">by {v.publishedBy?.name ?? "a former member"}</p>
                {v.note ? <p className="text-sm leading-snug">{v.note}</p> : <p className="text-xs text-muted-foreground italic">No note</p>}
                <div className="flex gap-1.5 pt-1">
                  <Button
                    variant="secondary"
                    size="sm"
                    data-testid={`version-view-${v.number}`}
                    loading={busy === v.number}
                    onClick={async () => {
                      setBusy(v.number);
                      try {
                        await onView(v.number);
                      } finally {
                        setBusy(null);
                      }
                    }}
                  >
                    <Eye /> View
                  </Button>
                  {canRestore ? (
                    <Button variant="ghost" size="sm" data-testid={`version-restore-${v.number}`} onClick={() => setConfirm(v.number)}>
                      <RotateCcw /> Restore
                    </Button>
                  ) : null}
                </div>
              </article>
            ))}
          </div>
        </aside>
      ) : null}
      <AlertDialog open={confirm !== null} onOpenChange={(o) => !o && setConfirm(null)}>
        <AlertDialogContent data-testid="restore-confirm">
          <AlertDialogHeader>
            <AlertDialogTitle>Restore version {confirm} into the draft?</AlertDialogTitle>
            <AlertDialogDescription>
              The current draft is replaced by version {confirm} (its steps and conditions). The live version does not change until you publish. You can undo the restore
              with Ctrl/⌘ + Z.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              data-testid="restore-confirm-button"
              onClick={async () => {
                const n = confirm;
                setConfirm(null);
                if (n !== null) await onRestore(n);
              }}
            >
              Restore
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
