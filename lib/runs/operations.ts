import type { Role } from "@/lib/roles";
import { isFinishedRunStatus } from "@/lib/statuses";

/**
 * Which operations a run offers, and why one is unavailable: one set of rules
 * for the run page (disabled buttons say why) and the services (which refuse
 * with the same words). Pure: no I/O, safe in the browser.
 *
 * - cancel: queued, running, paused or waiting runs (a running run stops before its next step).
 * - resume: a run paused on a decision (approval, form, external wait).
 * - rerun: a NEW run with the same trigger data, on the automation's current
 *   published version (test runs: the current draft) or on the version that ran
 *   (test runs: the draft snapshot that ran); for finished runs.
 * - retry: the SAME run continues from its failed step (attempt n+1); earlier
 *   steps are not executed again. For failed runs only; the run keeps its version.
 */
export type RunOperation = "cancel" | "resume" | "rerun" | "retry";
export type RerunVersion = "published" | "ran";

export interface Availability {
  allowed: boolean;
  /** why not (user-facing, one sentence); absent when allowed */
  reason?: string;
}

/** What the rules need to know about a run (RunDetail + its automation). */
export interface RunOperationsSubject {
  status: string;
  isTest: boolean;
  errorCode: string | null;
  cancelRequested: boolean;
  waitKind: string | null;
  versionNumber: number | null;
  automation: { archived: boolean; publishedVersion: number | null };
}

export interface RunOperations {
  cancel: Availability;
  resume: Availability;
  /** allowed when at least one version is */
  rerun: Availability & { published: Availability; ran: Availability };
  retry: Availability;
}

const OK: Availability = { allowed: true };
const no = (reason: string): Availability => ({ allowed: false, reason });

export function isAdminRole(role: Role): boolean {
  return role === "OWNER" || role === "ADMIN";
}

/** Failures a retry cannot get past (the run would fail the same way): re-run instead. */
const NOT_RETRYABLE: Record<string, string> = {
  STOPPED: "A Stop step ended this run as failed on purpose; re-run it instead",
  GRAPH_INVALID: "The version that ran cannot execute (its graph is invalid); fix the automation and re-run it on the published version",
};

/** Why a run cannot be retried from its failed step (state rules only; the caller checks the permission). */
export function retryBlock(run: Pick<RunOperationsSubject, "status" | "errorCode" | "automation">): string | null {
  if (run.status === "CANCELLED") return "Cancelled runs cannot be retried; re-run it instead";
  if (run.status !== "FAILED") return `Only failed runs can be retried (this run is ${describeStatus(run.status)})`;
  const blocked = run.errorCode ? NOT_RETRYABLE[run.errorCode] : undefined;
  if (blocked) return blocked;
  if (run.automation.archived) return "The automation is archived; restore it before retrying its runs";
  return null;
}

/** Why a run cannot be re-run on that version (state rules only). */
export function rerunBlock(run: Pick<RunOperationsSubject, "status" | "isTest" | "versionNumber" | "automation">, version: RerunVersion): string | null {
  if (!isFinishedRunStatus(run.status)) return `Only finished runs can be re-run (this run is ${describeStatus(run.status)})`;
  if (run.automation.archived) return "The automation is archived; restore it before re-running its runs";
  if (run.isTest) return null;
  if (version === "published" && run.automation.publishedVersion === null) return "The automation has no published version; re-run it on the version that ran";
  if (version === "ran" && run.versionNumber === null) return "The version that ran is not recorded; re-run it on the published version";
  return null;
}

function cancelBlock(run: RunOperationsSubject): string | null {
  if (isFinishedRunStatus(run.status)) return `Only queued, running or paused runs can be cancelled (this run is ${describeStatus(run.status)})`;
  if (run.cancelRequested) return "Cancellation was already requested; the run stops after its current step";
  return null;
}

function resumeBlock(run: RunOperationsSubject): string | null {
  if (run.status === "PAUSED" && (run.waitKind === "external" || run.waitKind === "approval")) return null;
  return "Only a run paused at an approval, a form or an external wait can be resumed";
}

export function describeStatus(status: string): string {
  return status.toLowerCase().replaceAll("_", " ");
}

/** Every operation for `run` as `role` sees it. Admins (owners too) may operate runs; specialists only read. */
export function runOperations(run: RunOperationsSubject, role: Role): RunOperations {
  const admin = isAdminRole(role);
  const gate = (verb: string, block: string | null): Availability => (!admin ? no(`Only admins can ${verb} runs`) : block ? no(block) : OK);
  const published = gate("re-run", rerunBlock(run, "published"));
  const ran = gate("re-run", rerunBlock(run, "ran"));
  const rerun: RunOperations["rerun"] = published.allowed || ran.allowed ? { ...OK, published, ran } : { ...no(published.reason ?? ran.reason ?? ""), published, ran };
  return {
    cancel: gate("cancel", cancelBlock(run)),
    resume: gate("resume", resumeBlock(run)),
    rerun,
    retry: gate("retry", retryBlock(run)),
  };
}
