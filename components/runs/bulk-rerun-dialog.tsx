"use client";

import * as React from "react";
import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Repeat, XCircle } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import type { RerunVersion } from "@/lib/runs/operations";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { cn } from "@/components/ui/utils";
import { errorMessage } from "@/components/shell/errors";

/** Runs per request (the server's limit) and per bulk action. */
export const BULK_RERUN_CHUNK = 25;
export const BULK_RERUN_MAX = 500;

interface Outcome {
  runId: string;
  newRunId?: string;
  error?: string;
}

type Phase = "choose" | "running" | "done";

const VERSIONS: Array<{ value: RerunVersion; title: string; hint: string }> = [
  { value: "published", title: "Current published version", hint: "Test runs: the current draft" },
  { value: "ran", title: "The version each run executed", hint: "Test runs: the draft snapshot that ran" },
];

/**
 * Bulk re-run of selected (or filtered) runs: a new run per run with the same
 * trigger data, at most 500 per action, sent in chunks of 25 (runs.rerunMany)
 * with a progress bar; a summary lists what could not be re-run and why.
 * Stopping waits for the chunk in flight.
 */
export function BulkRerunDialog({ open, onOpenChange, runIds }: { open: boolean; onOpenChange: (open: boolean) => void; runIds: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [version, setVersion] = React.useState<RerunVersion>("published");
  const [phase, setPhase] = React.useState<Phase>("choose");
  const [outcomes, setOutcomes] = React.useState<Outcome[]>([]);
  const [failure, setFailure] = React.useState<string | null>(null);
  const stopRef = React.useRef(false);
  const rerunMany = useMutation(trpc.runs.rerunMany.mutationOptions());
  const ids = React.useMemo(() => [...new Set(runIds)].slice(0, BULK_RERUN_MAX), [runIds]);
  const capped = new Set(runIds).size > BULK_RERUN_MAX;

  React.useEffect(() => {
    if (open) return;
    // Reset for the next time it opens (not while it closes with a result on screen).
    const t = setTimeout(() => {
      setPhase("choose");
      setOutcomes([]);
      setFailure(null);
    }, 200);
    return () => clearTimeout(t);
  }, [open]);

  async function start() {
    stopRef.current = false;
    setPhase("running");
    setOutcomes([]);
    setFailure(null);
    const done: Outcome[] = [];
    for (let i = 0; i < ids.length && !stopRef.current; i += BULK_RERUN_CHUNK) {
      try {
        const { results } = await rerunMany.mutateAsync({ runIds: ids.slice(i, i + BULK_RERUN_CHUNK), version });
        done.push(...results);
        setOutcomes([...done]);
      } catch (e) {
        setFailure(errorMessage(e));
        break;
      }
    }
    setPhase("done");
    await queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
    const ok = done.filter((o) => o.newRunId).length;
    if (ok > 0) toast.success(`${ok} ${ok === 1 ? "run" : "runs"} re-run`);
  }

  const processed = outcomes.length;
  const succeeded = outcomes.filter((o) => o.newRunId);
  const failed = outcomes.filter((o) => !o.newRunId);
  const percent = ids.length ? Math.round((processed / ids.length) * 100) : 0;

  return (
    <Dialog open={open} onOpenChange={(o) => (phase === "running" ? undefined : onOpenChange(o))}>
      <DialogContent className="max-w-lg" hideClose={phase === "running"} data-testid="bulk-rerun-dialog">
        <DialogHeader>
          <DialogTitle>
            Re-run {ids.length} {ids.length === 1 ? "run" : "runs"}
          </DialogTitle>
          <DialogDescription>Each run starts again as a new run with the same trigger data. The original runs are not changed.</DialogDescription>
        </DialogHeader>

        {ids.length === 0 ? (
          <p className="text-sm text-muted-foreground">No runs are selected.</p>
        ) : phase === "choose" ? (
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">Run them on</legend>
            {VERSIONS.map((v) => (
              <label
                key={v.value}
                className={cn(
                  "flex cursor-pointer items-start gap-3 rounded-lg border border-border px-3 py-2.5 text-sm transition-colors hover:bg-accent has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring",
                  version === v.value && "border-primary bg-primary/5",
                )}
              >
                <input
                  type="radio"
                  name="bulk-rerun-version"
                  value={v.value}
                  checked={version === v.value}
                  onChange={() => setVersion(v.value)}
                  className="mt-0.5 accent-primary"
                />
                <span className="grid gap-0.5">
                  <span className="font-medium">{v.title}</span>
                  <span className="text-xs text-muted-foreground">{v.hint}</span>
                </span>
              </label>
            ))}
            {capped ? (
              <p className="text-xs text-muted-foreground">
                {new Set(runIds).size} runs are selected; one bulk action re-runs at most {BULK_RERUN_MAX} (the first {BULK_RERUN_MAX}).
              </p>
            ) : null}
          </fieldset>
        ) : (
          <div className="grid gap-3" aria-live="polite">
            <div>
              <div className="mb-1.5 flex items-center justify-between text-sm">
                <span>{phase === "running" ? "Re-running…" : stopRef.current && processed < ids.length ? "Stopped" : "Finished"}</span>
                <span className="tabular text-muted-foreground">
                  {processed} / {ids.length}
                </span>
              </div>
              <div
                role="progressbar"
                aria-label="Re-run progress"
                aria-valuemin={0}
                aria-valuemax={ids.length}
                aria-valuenow={processed}
                className="h-2 overflow-hidden rounded-full bg-muted"
              >
                <div className="h-full rounded-full bg-primary transition-[width] duration-300" style={{ width: `${percent}%` }} />
              </div>
            </div>
            {phase === "done" ? (
              <div className="grid gap-2 text-sm" data-testid="bulk-rerun-summary">
                <p className="flex items-center gap-2">
                  <CheckCircle2 className="size-4 text-success" aria-hidden />
                  {succeeded.length} re-run
                </p>
                {failed.length > 0 ? (
                  <>
                    <p className="flex items-center gap-2">
                      <XCircle className="size-4 text-destructive" aria-hidden />
                      {failed.length} could not be re-run
                    </p>
                    <ul className="max-h-40 overflow-auto rounded-md border border-border text-xs">
                      {failed.map((o) => (
                        <li key={o.runId} className="flex gap-2 border-b border-border px-2.5 py-1.5 last:border-0">
                          <Link href={`/runs/${o.runId}`} className="shrink-0 font-mono hover:underline">
                            {o.runId}
                          </Link>
                          <span className="text-muted-foreground">{o.error}</span>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {failure ? <p role="alert" className="text-destructive">Stopped: {failure}</p> : null}
              </div>
            ) : null}
          </div>
        )}

        <DialogFooter>
          {phase === "choose" ? (
            <>
              <Button variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button onClick={() => void start()} disabled={ids.length === 0} data-testid="bulk-rerun-start">
                <Repeat />
                Re-run {ids.length} {ids.length === 1 ? "run" : "runs"}
              </Button>
            </>
          ) : phase === "running" ? (
            <Button variant="secondary" onClick={() => (stopRef.current = true)}>
              Stop after this batch
            </Button>
          ) : (
            <Button onClick={() => onOpenChange(false)}>Done</Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
