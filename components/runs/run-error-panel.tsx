"use client";

import { format } from "date-fns";
import { ArrowRight, XCircle } from "lucide-react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { Button } from "@/components/ui/button";
import { StatusIcon, statusStyle } from "@/components/ui/status-badge";
import { formatAbsolute, formatDuration } from "@/components/ui/relative-time";
import { nodeTypeDisplay } from "@/components/automations/node-type-display";

type RunHeader = RouterOutputs["runs"]["get"];

/**
 * Why the run (or a step) failed, at the top of the page: error code and message, the
 * cause (which step, which iteration, after how many attempts) and the failing step's
 * attempt history (each attempt: started, duration, error).
 */
export function RunErrorPanel({ run, onShowStep }: { run: RunHeader; onShowStep: (stepId: string, nodeId: string) => void }) {
  const f = run.failure;
  const runFailed = run.status === "FAILED";
  if (!f && !(runFailed && run.error)) return null;
  const code = (runFailed ? run.errorCode : null) ?? f?.errorCode ?? null;
  const message = (runFailed ? run.error : null) ?? f?.error ?? "";
  const type = f ? nodeTypeDisplay(f.nodeType).label : null;

  return (
    <section
      aria-labelledby="run-error-title"
      className="overflow-hidden rounded-xl border border-destructive/40 bg-destructive/6"
      data-testid="run-error"
    >
      <div className="flex items-start gap-3 px-4 py-3.5">
        <XCircle className="mt-0.5 size-5 shrink-0 text-destructive" aria-hidden />
        <div className="min-w-0 flex-1">
          <h2 id="run-error-title" className="flex flex-wrap items-center gap-2 text-base font-semibold">
            {runFailed ? "Run failed" : "A step failed"}
            {code ? (
              <code className="rounded-md border border-destructive/30 bg-background px-1.5 py-0.5 font-mono text-xs font-medium" data-testid="run-error-code">
                {code}
              </code>
            ) : null}
          </h2>
          <p className="mt-1 text-sm break-words" data-testid="run-error-message">
            {message}
          </p>
          {f ? (
            <p className="mt-2 text-sm text-muted-foreground" data-testid="run-error-cause">
              <span className="font-medium text-foreground">Cause: </span>
              step <span className="font-medium text-foreground">{f.nodeName}</span> ({type}
              {f.iteration ? `, iteration ${f.iteration}` : ""}) failed
              {f.attempts.length > 1 ? ` after ${f.attempts.length} attempts` : ""}
              {!runFailed ? "; the run continued (continue on error)" : ""}.
            </p>
          ) : null}
        </div>
        {f ? (
          <Button variant="secondary" size="sm" onClick={() => onShowStep(f.stepId, f.nodeId)} data-testid="run-error-show-step">
            Show step
            <ArrowRight />
          </Button>
        ) : null}
      </div>
      {f && f.attempts.length > 0 ? (
        <div className="border-t border-destructive/20 bg-background/60 px-4 py-3">
          <h3 className="text-xs font-medium text-muted-foreground">Attempts of {f.nodeName}</h3>
          <ol className="mt-2 grid gap-1.5" data-testid="run-error-attempts">
            {f.attempts.map((a) => (
              <li key={a.id} className="grid grid-cols-[auto_5rem_6rem_4.5rem_minmax(0,1fr)] items-baseline gap-3 text-sm">
                <StatusIcon kind="step" status={a.status} className="size-3.5 translate-y-0.5" />
                <span className="font-medium">Attempt {a.attempt}</span>
                <time dateTime={new Date(a.startedAt).toISOString()} title={formatAbsolute(a.startedAt)} className="text-muted-foreground tabular">
                  {format(new Date(a.startedAt), "HH:mm:ss.SSS")}
                </time>
                <span className="text-muted-foreground tabular">{formatDuration(a.durationMs)}</span>
                <span className="min-w-0 truncate" title={a.error ?? undefined}>
                  {a.error ? (
                    <>
                      {a.errorCode ? <span className="font-mono text-xs">{a.errorCode} · </span> : null}
                      {a.error}
                    </>
                  ) : (
                    statusStyle("step", a.status).label
                  )}
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
