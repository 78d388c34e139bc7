"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, XCircle } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { formatAbsolute, formatDuration } from "@/components/ui/relative-time";
import { format } from "date-fns";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusBadge } from "@/components/ui/status-badge";
import { nodeTypeDisplay } from "@/components/automations/node-type-display";
import { errorMessage } from "@/components/shell/errors";
import { JsonViewer } from "./json-viewer";
import type { ActionResult } from "./steps-timeline";

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 truncate text-sm">{children}</dd>
    </div>
  );
}

/**
 * The selected step attempt by id: taken from the loaded pages when it is there,
 * otherwise read with runs.step (a node's latest step may be on a page not loaded yet).
 */
export function StepPanel({ runId, stepId, loaded }: { runId: string; stepId: string; loaded: ActionResult | null }) {
  const trpc = useTRPC();
  const single = useQuery({ ...trpc.runs.step.queryOptions({ runId, stepId }), enabled: loaded === null });
  if (loaded) return <StepDetail key={loaded.id} runId={runId} step={loaded} />;
  if (single.data) return <StepDetail key={single.data.id} runId={runId} step={single.data} />;
  if (single.isError) return <p className="text-sm text-destructive">This step could not be loaded: {errorMessage(single.error)}</p>;
  return (
    <div className="grid gap-3" aria-busy="true" aria-label="Loading step">
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-16 rounded-lg" />
      <Skeleton className="h-40 rounded-lg" />
    </div>
  );
}

/** Request and response of one step attempt; large payloads are fetched on demand with runs.step. */
export function StepDetail({ runId, step }: { runId: string; step: ActionResult }) {
  const trpc = useTRPC();
  const omitted = step.requestOmitted !== null || step.responseOmitted !== null;
  const full = useQuery({ ...trpc.runs.step.queryOptions({ runId, stepId: step.id }), enabled: omitted });
  const { label: typeLabel, icon: TypeIcon } = nodeTypeDisplay(step.actionType);
  const request = step.requestOmitted ? full.data?.request : step.request;
  const response = step.responseOmitted ? full.data?.response : step.response;

  return (
    <div className="space-y-4" data-testid="step-detail">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <span className="flex size-7 shrink-0 items-center justify-center rounded-md border border-border bg-muted text-muted-foreground">
              <TypeIcon className="size-4" aria-hidden />
            </span>
            <h3 className="truncate text-lg font-semibold tracking-tight">{step.name}</h3>
            <StatusBadge kind="step" status={step.status} />
          </div>
          <p className="mt-1 flex items-center gap-1 text-xs text-muted-foreground">
            {typeLabel} · node <span className="font-mono">{step.nodeId}</span>
            <CopyButton value={step.nodeId} label="Copy node id" />
          </p>
        </div>
        {step.handle ? (
          <Badge variant="outline" className="font-mono">
            → {step.handle}
          </Badge>
        ) : null}
      </div>

      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 rounded-lg border border-border bg-muted/30 px-4 py-3 sm:grid-cols-4">
        <Meta label="Attempt">
          {step.attempt}
          {step.retried ? <span className="text-muted-foreground"> · retried</span> : null}
        </Meta>
        <Meta label="Duration">{formatDuration(step.durationMs)}</Meta>
        <Meta label="Started">
          <span title={formatAbsolute(step.startedAt)} className="tabular">{format(new Date(step.startedAt), "HH:mm:ss.SSS")}</span>
        </Meta>
        <Meta label="Iteration">{step.iteration || "—"}</Meta>
      </dl>

      {step.error ? (
        <div role="alert" className="flex items-start gap-2.5 rounded-lg border border-destructive/30 bg-destructive/8 px-3.5 py-3 text-sm" data-testid="step-error">
          <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
          <div className="min-w-0">
            <p className="font-medium text-destructive">{step.errorCode ? `${step.errorCode}` : "Step failed"}</p>
            <p className="mt-0.5 break-words text-foreground">{step.error}</p>
          </div>
        </div>
      ) : null}

      {step.warnings.length > 0 ? (
        <div className="rounded-lg border border-warning/30 bg-warning/10 px-3.5 py-3 text-sm" data-testid="step-warnings">
          <p className="flex items-center gap-1.5 font-medium">
            <AlertTriangle className="size-4 text-warning" aria-hidden />
            {step.warnings.length === 1 ? "Warning" : `${step.warnings.length} warnings`}
          </p>
          <ul className="mt-1 list-disc space-y-0.5 pl-6 text-foreground/90">
            {step.warnings.map((w: string, i: number) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {omitted && full.isPending ? (
        <div className="grid gap-3">
          <Skeleton className="h-40 rounded-lg" />
          <Skeleton className="h-40 rounded-lg" />
        </div>
      ) : omitted && full.isError ? (
        <p className="text-sm text-destructive">Could not load the full payload: {errorMessage(full.error)}</p>
      ) : (
        <div className="grid gap-3">
          <JsonViewer title="Request" value={request} emptyText="No input was recorded for this step." testId="step-request" />
          <JsonViewer
            title="Response"
            value={response}
            truncated={step.truncated}
            emptyText={step.status === "RUNNING" || step.status === "WAITING" ? "No output yet: the step has not finished." : "No output was recorded for this step."}
            testId="step-response"
          />
        </div>
      )}
    </div>
  );
}
