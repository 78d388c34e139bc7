"use client";

import { StatusBadge } from "@/components/ui/status-badge";
import { CopyButton } from "@/components/ui/copy-button";
import type { OverlayStep } from "../store/types";

function Json({ title, value, testId }: { title: string; value: unknown; testId: string }) {
  const text = value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return (
    <section className="grid gap-1.5">
      <div className="flex items-center justify-between">
        <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{title}</h4>
        {text ? <CopyButton value={text} /> : null}
      </div>
      {text ? (
        <pre data-testid={testId} className="max-h-72 overflow-auto rounded-lg border border-border bg-muted/50 p-2.5 font-mono text-[11.5px] leading-relaxed whitespace-pre-wrap break-all">
          {text}
        </pre>
      ) : (
        <p className="text-xs text-muted-foreground">Nothing recorded.</p>
      )}
    </section>
  );
}

/** Input/output of this node in the last test run, or its preview in the last simulation. */
export function RunStepView({ step, simulated = false }: { step: OverlayStep | null; simulated?: boolean }) {
  if (!step) {
    return (
      <p className="py-6 text-center text-xs text-muted-foreground" data-testid="run-step-empty">
        {simulated ? "This step is not on the path the simulation would take." : "This step did not run in the last test run."}
      </p>
    );
  }
  if (simulated) {
    return (
      <div className="grid gap-4" data-testid="run-step">
        <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
          <span>{step.status === "FAILED" ? "The preview failed: a run would fail here" : "Would run"}</span>
          {step.handle && step.handle !== "next" ? <span>would take “{step.handle}”</span> : null}
        </div>
        {step.error ? <p className="rounded-lg border border-destructive/30 bg-destructive/5 p-2.5 text-xs text-destructive">{step.error}</p> : null}
        <Json title="Preview (nothing was sent)" value={step.response} testId="run-step-response" />
      </div>
    );
  }
  return (
    <div className="grid gap-4" data-testid="run-step">
      <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        <StatusBadge kind="step" status={step.status} />
        {step.attempt && step.attempt > 1 ? <span>attempt {step.attempt}</span> : null}
        {typeof step.durationMs === "number" ? <span className="tabular">{step.durationMs} ms</span> : null}
        {step.handle && step.handle !== "next" ? <span>took “{step.handle}”</span> : null}
      </div>
      {step.error ? <p className="rounded-lg border border-destructive/30 bg-destructive/5 p-2.5 text-xs text-destructive">{step.error}</p> : null}
      <Json title="Input (resolved)" value={step.request} testId="run-step-request" />
      <Json title="Output" value={step.response} testId="run-step-response" />
    </div>
  );
}
