"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, CornerDownRight, Repeat, RotateCcw } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { runOperations, type Availability, type RerunVersion } from "@/lib/runs/operations";
import { isFinishedRunStatus } from "@/lib/statuses";
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
import { Button, type ButtonProps } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge } from "@/components/ui/status-badge";
import { Tooltip } from "@/components/ui/tooltip";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { useViewer } from "@/components/shell/shell-context";
import { CancelRunButton } from "./cancel-run-button";

/**
 * Header operations of the run page: Re-run ▾ (published version / the version
 * that ran), Retry from the failed step, Cancel. The rules (who, which state)
 * are lib/runs/operations.ts, the same the services enforce: an unavailable
 * operation stays visible, disabled, and says why (tooltip + aria-describedby).
 */
export function RunOperations({ run }: { run: { id: string; status: string; cancelRequested?: boolean } }) {
  const trpc = useTRPC();
  const { role } = useViewer();
  const info = useQuery(trpc.runs.operations.queryOptions({ runId: run.id }));
  const { refetch } = info;
  // The run page refreshes live; the operations follow its status.
  React.useEffect(() => {
    void refetch();
  }, [run.status, run.cancelRequested, refetch]);

  if (!info.data) {
    return info.isPending ? <Spinner label="Loading run operations" /> : null;
  }
  const i = info.data;
  const ops = runOperations(i, role);
  const active = !isFinishedRunStatus(i.status);

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="run-operations">
      {i.rerunOf ? (
        <Link
          href={`/runs/${i.rerunOf.id}`}
          className="mr-1 inline-flex items-center gap-1 rounded-md px-1.5 py-1 text-sm text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
          data-testid="rerun-of"
          title={`Re-run of run ${i.rerunOf.id}`}
        >
          <CornerDownRight className="size-3.5" aria-hidden />
          Re-run of <span className="font-mono text-xs">{i.rerunOf.id.slice(0, 8)}…</span>
          <span className="sr-only">(run {i.rerunOf.id})</span>
        </Link>
      ) : null}
      <RerunMenu runId={i.runId} isTest={i.isTest} versionNumber={i.versionNumber} publishedVersion={i.automation.publishedVersion} ops={ops.rerun} reruns={i.reruns} rerunCount={i.rerunCount} />
      {!active ? <RetryButton runId={i.runId} availability={ops.retry} failedStep={i.failedStep} versionLabel={i.isTest ? "the draft snapshot that ran" : i.versionNumber ? `v${i.versionNumber}` : "the version that ran"} /> : null}
      {active ? (
        ops.cancel.allowed ? (
          <CancelRunButton runId={i.runId} cancelRequested={i.cancelRequested} />
        ) : (
          <DisabledWithReason id={`cancel-${i.runId}`} reason={ops.cancel.reason} variant="secondary" testId="cancel-run">
            Cancel run
          </DisabledWithReason>
        )
      ) : null}
    </div>
  );
}

/** A disabled-looking button that stays focusable and hoverable, so its reason can be read (tooltip) and heard (aria-describedby). */
function DisabledWithReason({
  id,
  reason,
  children,
  testId,
  ...props
}: { id: string; reason?: string; testId: string } & Omit<ButtonProps, "id" | "disabled" | "onClick">) {
  const describedBy = `${id}-reason`;
  return (
    <>
      <Tooltip content={reason}>
        <Button
          {...props}
          aria-disabled="true"
          aria-describedby={describedBy}
          data-testid={testId}
          className="cursor-not-allowed aria-disabled:pointer-events-auto"
          onClick={(e) => e.preventDefault()}
        >
          {children}
        </Button>
      </Tooltip>
      <span id={describedBy} className="sr-only" data-testid={`${testId}-reason`}>
        {reason}
      </span>
    </>
  );
}

interface RetryProps {
  runId: string;
  availability: Availability;
  failedStep: { nodeId: string; nodeName: string; iteration: string; attempt: number } | null;
  versionLabel: string;
}

function RetryButton({ runId, availability, failedStep, versionLabel }: RetryProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const retry = useMutation(
    trpc.runs.retry.mutationOptions({
      onSuccess: async (r) => {
        setOpen(false);
        const step = r.steps[0];
        toast.success("Retry started", { description: step ? `Attempt ${step.attempt} of the failed step is queued.` : "The run is queued again." });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.runs.steps.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.runs.operations.queryKey({ runId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() }),
        ]);
      },
      onError: async (e) => {
        setOpen(false);
        toast.error(`Could not retry the run: ${errorMessage(e)}`);
        await queryClient.invalidateQueries({ queryKey: trpc.runs.operations.queryKey({ runId }) });
      },
    }),
  );
  const label = (
    <>
      <RotateCcw />
      Retry from failed step
    </>
  );
  if (!availability.allowed) {
    return (
      <DisabledWithReason id={`retry-${runId}`} reason={availability.reason} variant="secondary" testId="retry-run">
        {label}
      </DisabledWithReason>
    );
  }
  const stepName = failedStep ? `“${failedStep.nodeName}”${failedStep.iteration ? ` (loop item ${failedStep.iteration})` : ""}` : "the failed step";
  const hint = `Runs ${stepName} again as attempt ${failedStep ? failedStep.attempt + 1 : "n+1"} on ${versionLabel}; steps that succeeded are not executed again.`;
  return (
    <AlertDialog open={open} onOpenChange={(o) => !retry.isPending && setOpen(o)}>
      <Tooltip content={hint}>
        <Button variant="secondary" data-testid="retry-run" onClick={() => setOpen(true)}>
          {label}
        </Button>
      </Tooltip>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Retry from {stepName}?</AlertDialogTitle>
          <AlertDialogDescription>
            {hint} Fix what made the step fail first (e.g. the service it calls); the run keeps its version, so changes to the automation do not apply — re-run on the published version for that.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={retry.isPending}>Not now</AlertDialogCancel>
          <AlertDialogAction
            data-testid="confirm-retry-run"
            disabled={retry.isPending}
            onClick={(e) => {
              e.preventDefault();
              retry.mutate({ runId });
            }}
          >
            {retry.isPending ? <Spinner className="text-current" /> : null}
            Retry
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

interface RerunMenuProps {
  runId: string;
  isTest: boolean;
  versionNumber: number | null;
  publishedVersion: number | null;
  ops: Availability & { published: Availability; ran: Availability };
  reruns: Array<{ id: string; status: string; versionNumber: number | null }>;
  rerunCount: number;
}

function RerunMenu({ runId, isTest, versionNumber, publishedVersion, ops, reruns, rerunCount }: RerunMenuProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const rerun = useMutation(
    trpc.runs.rerun.mutationOptions({
      onSuccess: async (r) => {
        toast.success("Re-run started", { description: r.isTest ? "A new test run with the same trigger data." : `A new run on v${r.versionNumber ?? "?"} with the same trigger data.` });
        await queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
        router.push(`/runs/${r.newRunId}`);
      },
      onError: (e) => toast.error(`Could not re-run: ${errorMessage(e)}`),
    }),
  );
  const label = (
    <>
      {rerun.isPending ? <Spinner className="text-current" /> : <Repeat />}
      Re-run
      <ChevronDown className="size-3.5 opacity-70" />
    </>
  );
  if (!ops.allowed) {
    return (
      <DisabledWithReason id={`rerun-${runId}`} reason={ops.reason} variant="secondary" testId="rerun-menu">
        {label}
      </DisabledWithReason>
    );
  }
  const items: Array<{ version: RerunVersion; title: string; hint: string; availability: Availability }> = [
    {
      version: "published",
      title: isTest ? "On the current draft" : `On the published version${publishedVersion ? ` (v${publishedVersion})` : ""}`,
      hint: isTest ? "A new test run of the draft as it is now" : "Includes changes published since this run",
      availability: ops.published,
    },
    {
      version: "ran",
      title: isTest ? "On the draft snapshot that ran" : `On the version that ran${versionNumber ? ` (v${versionNumber})` : ""}`,
      hint: "Exactly what this run executed",
      availability: ops.ran,
    },
  ];
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="secondary" data-testid="rerun-menu" disabled={rerun.isPending}>
          {label}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-72">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">New run with the same trigger data</DropdownMenuLabel>
        {items.map((item) => (
          <DropdownMenuItem
            key={item.version}
            disabled={!item.availability.allowed}
            data-testid={`rerun-${item.version}`}
            className="h-auto flex-col items-start gap-0.5 py-1.5"
            onSelect={() => rerun.mutate({ runId, version: item.version })}
          >
            <span className="font-medium">{item.title}</span>
            <span className="text-xs text-muted-foreground">{item.availability.allowed ? item.hint : item.availability.reason}</span>
          </DropdownMenuItem>
        ))}
        {reruns.length > 0 ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">
              Re-runs of this run{rerunCount > reruns.length ? ` (latest ${reruns.length} of ${rerunCount})` : ""}
            </DropdownMenuLabel>
            {reruns.map((r) => (
              <DropdownMenuItem key={r.id} asChild>
                <Link href={`/runs/${r.id}`} className="justify-between">
                  <span className="font-mono text-xs">{r.id}</span>
                  <StatusBadge kind="run" status={r.status} />
                </Link>
              </DropdownMenuItem>
            ))}
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
